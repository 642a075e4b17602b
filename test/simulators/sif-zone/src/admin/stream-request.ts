import type { EventStreamOptions } from '../intraday/event-stream';
import { AdminError } from './district-changes';

/**
 * `POST /__admin/events/stream` body: `{"rate": 100, "mix": "new-student=3,drop=1" | {…}, "seed": 7,
 * "total": 1000, "durationSeconds": 600, "sectionsPerNewStudent": 3}`; only `rate` is required.
 */
export function streamOptionsFrom(body: unknown): EventStreamOptions {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new AdminError(400, 'the body must be a JSON object with at least "rate"');
  const fields = body as Record<string, unknown>;
  const known = ['rate', 'mix', 'seed', 'total', 'durationSeconds', 'sectionsPerNewStudent'];
  const unknown = Object.keys(fields).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new AdminError(400, `unknown fields ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const number = (name: string): number | undefined => {
    const value = fields[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new AdminError(400, `${name} must be a number above 0`);
    return value;
  };
  const rate = number('rate');
  if (rate === undefined) throw new AdminError(400, 'rate (SIF_Events per minute) is required');
  const mix = fields['mix'];
  if (mix !== undefined && typeof mix !== 'string' && (typeof mix !== 'object' || mix === null))
    throw new AdminError(400, 'mix must be "kind=weight,…" or an object of weights');
  const durationSeconds = number('durationSeconds');
  const options: EventStreamOptions = {
    rate,
    ...(number('seed') === undefined ? {} : { seed: number('seed') }),
    ...(number('total') === undefined ? {} : { total: number('total') }),
    ...(durationSeconds === undefined ? {} : { durationMs: durationSeconds * 1000 }),
    ...(number('sectionsPerNewStudent') === undefined ? {} : { sectionsPerNewStudent: number('sectionsPerNewStudent') }),
  };
  if (typeof mix === 'string') return { ...options, mix };
  if (mix === undefined) return options;
  // The stream reads a mix as text and names what is wrong with it.
  return {
    ...options,
    mix: Object.entries(mix as Record<string, unknown>)
      .map(([kind, weight]) => `${kind}=${String(weight)}`)
      .join(','),
  };
}
