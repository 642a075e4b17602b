/** Form fields as Canvas takes them: `assignment[name]`, `student_ids[]` (an array repeats the key). */
export type FormFields = Record<string, string | number | boolean | ReadonlyArray<string | number>>;

export class CanvasApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  }
}

/**
 * A small Canvas REST client for the seeding command: bearer token, form-encoded bodies, `Link`
 * pagination, and a wait-and-retry on 403 "Rate Limit Exceeded" so seeding works with throttling on.
 */
export class CanvasApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async get<T>(path: string, query: FormFields = {}): Promise<T> {
    const response = await this.send('GET', `${path}${queryString(query)}`);
    return (await response.json()) as T;
  }

  /** Every page of a list endpoint, following `rel="next"`. */
  async getAll<T>(path: string, query: FormFields = {}): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = `${path}${queryString({ per_page: 100, ...query })}`;
    while (next) {
      const response = await this.send('GET', next);
      items.push(...((await response.json()) as T[]));
      next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    return items;
  }

  async post<T>(path: string, fields: FormFields = {}): Promise<T> {
    return (await (await this.send('POST', path, fields)).json()) as T;
  }

  async put<T>(path: string, fields: FormFields = {}): Promise<T> {
    return (await (await this.send('PUT', path, fields)).json()) as T;
  }

  async postBytes<T>(path: string, bytes: Buffer, contentType: string): Promise<T> {
    return (await (await this.send('POST', path, undefined, { bytes, contentType })).json()) as T;
  }

  private async send(
    method: string,
    pathOrUrl: string,
    fields?: FormFields,
    raw?: { bytes: Buffer; contentType: string },
  ): Promise<Response> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.baseUrl}${pathOrUrl}`;
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
      let body: string | Uint8Array | undefined;
      if (raw) {
        headers['Content-Type'] = raw.contentType;
        body = new Uint8Array(raw.bytes);
      } else if (fields) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        body = queryString(fields).slice(1);
      }
      const response = await fetch(url, { method, headers, body });
      if (response.ok) return response;
      const text = await response.text();
      if (response.status === 403 && text.includes('Rate Limit Exceeded') && attempt < 20) {
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
        continue;
      }
      throw new CanvasApiClientError(response.status, text, `${method} ${url}`);
    }
  }
}

export function queryString(fields: FormFields): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const item of value) pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(item))}`);
    else pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}
