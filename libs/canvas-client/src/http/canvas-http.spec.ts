import { canvasErrorKind } from './canvas-api-error';
import { encodeQuery } from './canvas-http';
import { nextPageUrl } from './link-header';
import { RequestPacer } from './request-pacer';

describe('Canvas HTTP details', () => {
  it('follows rel="next" in Link headers, wherever it sits', () => {
    const link =
      '<https://c.test/api/v1/courses?page=1&per_page=10>; rel="current",<https://c.test/api/v1/courses?page=2&per_page=10>; rel="next", <https://c.test/api/v1/courses?page=1>; rel="first"';
    expect(nextPageUrl(link)).toBe('https://c.test/api/v1/courses?page=2&per_page=10');
    expect(nextPageUrl('<https://c.test/x?page=3>; rel="last"')).toBeUndefined();
    expect(nextPageUrl(undefined)).toBeUndefined();
  });

  it('writes arrays the Rails way', () => {
    expect(encodeQuery({ student_ids: ['all'], assignment_ids: [1, 2], grouped: true, skip: undefined })).toBe(
      '?student_ids%5B%5D=all&assignment_ids%5B%5D=1&assignment_ids%5B%5D=2&grouped=true',
    );
  });

  it('sorts answers into kinds: throttling is a 403 with a body, not a 429', () => {
    expect(canvasErrorKind(403, '403 Forbidden (Rate Limit Exceeded)\n')).toBe('throttled');
    expect(canvasErrorKind(403, '{"errors":[{"message":"user not authorized to perform that action"}]}')).toBe('forbidden');
    expect(canvasErrorKind(401, '')).toBe('unauthorized');
    expect(canvasErrorKind(503, '')).toBe('server');
    expect(canvasErrorKind(400, '{"message":"bad"}')).toBe('invalid-request');
  });

  it('slows down as the quota runs low and backs off exponentially after throttles', () => {
    const pacer = new RequestPacer({ slowDownBelow: 100, maxDelayMs: 1_000, throttleBackoffMs: 500, maxThrottleBackoffMs: 3_000 });
    expect(pacer.delayMs()).toBe(0);
    pacer.afterResponse('600.0', false);
    expect(pacer.delayMs()).toBe(0);
    pacer.afterResponse('25', false);
    expect(pacer.delayMs()).toBe(750);
    pacer.afterResponse('0.0', true);
    expect(pacer.delayMs()).toBe(500);
    pacer.afterResponse('0.0', true);
    pacer.afterResponse('0.0', true);
    expect(pacer.delayMs()).toBe(2_000);
    pacer.afterResponse('0.0', true);
    pacer.afterResponse('0.0', true);
    expect(pacer.delayMs()).toBe(3_000);
    pacer.afterResponse('300', false);
    expect(pacer.delayMs()).toBe(0);
  });
});
