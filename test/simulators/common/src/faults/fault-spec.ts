/**
 * What to inject, parsed from a `--faults` flag such as
 * `latency=50ms,jitter=20ms,5xx=0.1,drop=0.05,slow=0.02:3000ms,duplicate=0.1,seed=7`.
 * Every rate is a probability per request (or per delivery, for `duplicate`). Off by default.
 */
export interface FaultSpec {
  /** Added to every response. */
  latencyMs: number;
  /** Uniform extra latency in [0, jitterMs]. */
  jitterMs: number;
  /** Share of requests answered with HTTP 500/502/503 instead of being processed. */
  error5xxRate: number;
  /** Share of requests whose connection is destroyed without an answer. */
  dropRate: number;
  /** Share of requests that are answered only after `slowMs`. */
  slowRate: number;
  slowMs: number;
  /** Share of deliveries the simulator sends twice (push, events, responses). */
  duplicateRate: number;
  seed: number;
}

export const NO_FAULTS: FaultSpec = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  error5xxRate: 0,
  dropRate: 0,
  slowRate: 0,
  slowMs: 0,
  duplicateRate: 0,
  seed: 1,
});

export function parseFaultSpec(text: string | undefined): FaultSpec {
  const spec: FaultSpec = { ...NO_FAULTS };
  if (!text || text.trim() === '' || text.trim() === 'none') return spec;
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, value = ''] = part.split('=', 2).map((p) => p.trim()) as [string, string?];
    switch (key) {
      case 'latency':
        spec.latencyMs = duration(key, value);
        break;
      case 'jitter':
        spec.jitterMs = duration(key, value);
        break;
      case '5xx':
        spec.error5xxRate = rate(key, value);
        break;
      case 'drop':
        spec.dropRate = rate(key, value);
        break;
      case 'slow': {
        const [share = '', slowFor = '3000ms'] = value.split(':');
        spec.slowRate = rate(key, share);
        spec.slowMs = duration(key, slowFor);
        break;
      }
      case 'duplicate':
        spec.duplicateRate = rate(key, value);
        break;
      case 'seed':
        spec.seed = Number.parseInt(value, 10);
        if (!Number.isInteger(spec.seed)) throw new Error(`--faults: seed must be an integer (got "${value}")`);
        break;
      default:
        throw new Error(`--faults: unknown fault "${key}" (known: latency, jitter, 5xx, drop, slow, duplicate, seed)`);
    }
  }
  return spec;
}

export function describeFaultSpec(spec: FaultSpec): string {
  if (!isActive(spec)) return 'none';
  return [
    spec.latencyMs || spec.jitterMs ? `latency ${spec.latencyMs}±${spec.jitterMs} ms` : '',
    spec.error5xxRate ? `5xx ${pct(spec.error5xxRate)}` : '',
    spec.dropRate ? `dropped connections ${pct(spec.dropRate)}` : '',
    spec.slowRate ? `slow ${pct(spec.slowRate)} (${spec.slowMs} ms)` : '',
    spec.duplicateRate ? `duplicated deliveries ${pct(spec.duplicateRate)}` : '',
    `seed ${spec.seed}`,
  ]
    .filter(Boolean)
    .join(', ');
}

export function isActive(spec: FaultSpec): boolean {
  return (
    spec.latencyMs > 0 || spec.jitterMs > 0 || spec.error5xxRate > 0 || spec.dropRate > 0 || spec.slowRate > 0 || spec.duplicateRate > 0
  );
}

function rate(key: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1)
    throw new Error(`--faults: ${key} must be a share between 0 and 1 (got "${value}")`);
  return parsed;
}

function duration(key: string, value: string): number {
  const match = /^(\d+)(ms|s)?$/.exec(value);
  if (!match) throw new Error(`--faults: ${key} must be a duration like 50ms or 2s (got "${value}")`);
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
