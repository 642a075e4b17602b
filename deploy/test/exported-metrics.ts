import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { REPO_ROOT } from './paths';

/**
 * The metric names the components export, collected from what defines them rather than from a
 * list kept by hand: the prom-client registrations in the code (libs/, services/, the workflow
 * worker), prom-client's default process and Node metrics, and the Temporal SDK's own metric
 * names, read from the SDK core's source that ships inside @temporalio/core-bridge.
 */

export type MetricKind = 'counter' | 'gauge' | 'histogram' | 'summary';

const CODE_ROOTS = ['libs', 'services', 'workflows'];
const REGISTRATION = /new\s+(Counter|Gauge|Histogram|Summary)\s*(?:<[^>]*>)?\s*\(\s*\{[\s\S]{0,200}?\bname:\s*'([a-z_:][a-z0-9_:]*)'/g;

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (path.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(path)) files.push(path);
  }
  return files;
}

/** `new Counter({ name: 'sisbridge_…' })` and the like, in the components' code. */
export function codeRegistrations(): Map<string, MetricKind> {
  const found = new Map<string, MetricKind>();
  for (const root of CODE_ROOTS)
    for (const file of sourceFiles(join(REPO_ROOT, root)))
      for (const match of readFileSync(file, 'utf8').matchAll(REGISTRATION))
        found.set(match[2] ?? '', (match[1] ?? '').toLowerCase() as MetricKind);
  return found;
}

/** prom-client's collectDefaultMetrics(), which every component's registry runs. */
export async function defaultProcessMetrics(): Promise<Map<string, MetricKind>> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return new Map((await registry.getMetricsAsJSON()).map((metric) => [metric.name, String(metric.type) as MetricKind]));
}

/**
 * The Temporal SDK core's metrics (worker and client), as sisbridge exports them: `temporal_`
 * prefixed, durations as histograms. Read from the core's Rust source in the installed package,
 * test modules left out.
 */
export function temporalSdkMetrics(): Map<string, MetricKind> {
  const crates = join(dirname(require.resolve('@temporalio/core-bridge/package.json')), 'sdk-core', 'crates');
  const sources = ['sdk-core/src/telemetry/metrics.rs', 'client/src/metrics.rs', 'common/src/telemetry/metrics.rs'];
  const found = new Map<string, MetricKind>();
  for (const source of sources) {
    const text = readFileSync(join(crates, source), 'utf8').split(/#\[cfg\(test\)\]\s*mod tests\b/)[0] ?? '';
    const names = [...text.matchAll(/\bname:\s*"([a-z_]+)"\.into\(\)|_NAME:\s*&str\s*=\s*"([a-z_]+)"/g)].map((m) => m[1] ?? m[2] ?? '');
    for (const name of names) found.set(`temporal_${name}`, name.endsWith('_latency') ? 'histogram' : 'counter');
  }
  if (!found.has('temporal_activity_schedule_to_start_latency'))
    throw new Error(`the Temporal SDK core's metric names were not found under ${crates}: has the package's layout changed?`);
  return found;
}

/** Every name a query may use: each metric, and for histograms and summaries their series. */
export async function exportedSeriesNames(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const table of [codeRegistrations(), await defaultProcessMetrics(), temporalSdkMetrics()]) {
    for (const [name, kind] of table) {
      names.add(name);
      if (kind === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
      if (kind === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${name}${suffix}`);
    }
  }
  return names;
}

/** The metric names a PromQL expression selects; throws on an expression PromQL's own grammar does not accept. */
export function metricNamesIn(expr: string): string[] {
  const tree = parser.parse(expr);
  const names: string[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) throw new Error(`not valid PromQL at ${cursor.from}: ${expr}`);
    if (cursor.type.name === 'Identifier' && cursor.node.parent?.type.name === 'VectorSelector')
      names.push(expr.slice(cursor.from, cursor.to));
  } while (cursor.next());
  return names;
}
