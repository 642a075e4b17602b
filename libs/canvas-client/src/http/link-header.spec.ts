import { nextPageUrl } from './link-header';

describe("Canvas's Link header", () => {
  it('gives the next page even when its URL holds commas (include[]=a,b), as Canvas writes them', () => {
    const header = [
      '<https://c.test/api/v1/courses/7/users?include[]=email,avatar_url&page=1&per_page=100>; rel="current"',
      '<https://c.test/api/v1/courses/7/users?include[]=email,avatar_url&page=2&per_page=100>; rel="next"',
      '<https://c.test/api/v1/courses/7/users?include[]=email,avatar_url&page=1&per_page=100>; rel="first"',
    ].join(',');
    expect(nextPageUrl(header)).toBe('https://c.test/api/v1/courses/7/users?include[]=email,avatar_url&page=2&per_page=100');
  });

  it('reads rel in any case, quoted or not, among several relation types', () => {
    expect(nextPageUrl('<https://c.test/x?page=1>; rel=first, <https://c.test/x?page=2,3>; rel="last NEXT"')).toBe(
      'https://c.test/x?page=2,3',
    );
  });

  it('has no next page on the last page or without a header', () => {
    expect(nextPageUrl('<https://c.test/x?page=3>; rel="last"')).toBeUndefined();
    expect(nextPageUrl(undefined)).toBeUndefined();
    expect(nextPageUrl('')).toBeUndefined();
  });

  it('refuses a header it cannot read instead of ending the listing there, without repeating the URLs', () => {
    const unreadable = '<https://c.test/api/v1/accounts/1/users?search_term=someone&page=2; rel="next"';
    expect(() => nextPageUrl(unreadable)).toThrow(/Link header that cannot be parsed/);
    expect(() => nextPageUrl(unreadable)).not.toThrow(/search_term/);
  });
});
