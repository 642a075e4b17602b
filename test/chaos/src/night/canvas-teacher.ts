import { setTimeout as sleep } from 'node:timers/promises';

type Fields = Record<string, string | number | boolean>;

/**
 * What a teacher does in Canvas, through its REST API: publish a course, choose nightly passback,
 * make assignments in the groups sisbridge made, grade. The teacher is not the system under test:
 * a throttled answer (403 Rate Limit Exceeded), a 5xx or a dropped connection is waited out and
 * sent again, as a browser's user would.
 */
export class CanvasTeacher {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    /** Stops the teacher's work when the scenario is over. */
    private readonly signal?: AbortSignal,
  ) {}

  async call<T>(method: string, path: string, fields?: Fields): Promise<T> {
    const body = fields
      ? new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString()
      : undefined;
    for (let attempt = 1; ; attempt++) {
      this.signal?.throwIfAborted();
      let status = 0;
      let text: string;
      try {
        const response = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${this.token}`,
            Accept: 'application/json',
            ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
          },
          body,
          signal: this.signal ? AbortSignal.any([AbortSignal.timeout(60_000), this.signal]) : AbortSignal.timeout(60_000),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        text = error instanceof Error ? error.message : String(error);
      }
      if (status >= 200 && status < 300) return (text ? JSON.parse(text) : undefined) as T;
      const worthRetrying = status === 0 || status >= 500 || (status === 403 && /rate limit/i.test(text));
      if (!worthRetrying || attempt >= 40) throw new Error(`Canvas ${method} ${path} → ${status}: ${text.slice(0, 300)}`);
      await sleep(Math.min(2_000, 100 * attempt));
    }
  }

  /** Every page of a list (the simulator's `Link` pages point back at the same base URL). */
  async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const batch = await this.call<T[]>('GET', `${path}${path.includes('?') ? '&' : '?'}per_page=100&page=${page}`);
      items.push(...batch);
      if (batch.length < 100) return items;
    }
  }
}
