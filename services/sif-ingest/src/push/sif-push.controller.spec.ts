import type { Request, Response } from 'express';
import { PushRefusalLimit } from './push-refusal-limit';
import { SifPushController } from './sif-push.controller';
import type { SifPushHandler } from './sif-push-handler';

/** What the controller answered: status, headers and body, as Express was told. */
function recordingResponse() {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
      return response;
    },
    type(value: string) {
      sent.headers['Content-Type'] = value;
      return response;
    },
    send(body: unknown) {
      sent.body = body;
      return response;
    },
  };
  return { response: response as unknown as Response, sent };
}

describe('SIF push endpoint: refused pushes are rate limited per client and district', () => {
  const limit = () => new PushRefusalLimit({ RATE_LIMIT_WINDOW_SECONDS: 60, SIF_PUSH_REFUSALS_PER_WINDOW: 3 });
  const refusedAck = { httpStatus: 401, contentType: 'application/xml', body: '<SIF_Ack/>' };
  const acceptedAck = { httpStatus: 200, contentType: 'application/xml', body: '<SIF_Ack/>' };

  it('answers 401 up to the limit, then 429 with Retry-After without reading the push', async () => {
    const refusals = limit();
    const handle = jest.fn().mockResolvedValue(refusedAck);
    const controller = new SifPushController({ handle } as unknown as SifPushHandler, refusals);
    const push = async (ip: string, district = 'springfield') => {
      const { response, sent } = recordingResponse();
      await controller.receive(district, { ip, headers: {} } as unknown as Request, response);
      return sent;
    };
    try {
      for (let i = 0; i < 3; i++) expect((await push('198.51.100.7')).status).toBe(401);
      const over = await push('198.51.100.7');
      expect(over.status).toBe(429);
      expect(Number(over.headers['Retry-After'])).toBeGreaterThan(0);
      const callsBefore = handle.mock.calls.length;
      const blocked = await push('198.51.100.7');
      expect(blocked.status).toBe(429);
      // Blocked: the push is not read (no authentication, no parsing).
      expect(handle.mock.calls.length).toBe(callsBefore);
      // Another client, or the same client for another district, is not held back.
      expect((await push('203.0.113.9')).status).toBe(401);
      expect((await push('198.51.100.7', 'shelbyville')).status).toBe(401);
    } finally {
      refusals.onApplicationShutdown();
    }
  });

  it('never counts accepted pushes: a zone delivering a night of packets is not slowed', async () => {
    const refusals = limit();
    const controller = new SifPushController({ handle: jest.fn().mockResolvedValue(acceptedAck) } as unknown as SifPushHandler, refusals);
    try {
      for (let i = 0; i < 10; i++) {
        const { response, sent } = recordingResponse();
        await controller.receive('springfield', { ip: '198.51.100.7', headers: {} } as unknown as Request, response);
        expect(sent.status).toBe(200);
      }
      expect(refusals.blockedFor('198.51.100.7', 'springfield')).toBeUndefined();
    } finally {
      refusals.onApplicationShutdown();
    }
  });
});
