import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { findExecutable, findGo, goInstall, isExecutable, toolCacheDir } from '@sisbridge/local-infra';

const execFileAsync = promisify(execFile);

/**
 * The Helm release the tests build when no `helm` is on PATH: v4 (the chart is apiVersion v2,
 * which Helm 3 and 4 both install). v4.3.2 builds with `go install` from the Go module proxy.
 */
export const HELM_VERSION = 'v4.3.2';
const HELM_MODULE = 'helm.sh/helm/v4';

/** The Kubernetes version the tests render for (the chart needs >= 1.25). */
export const KUBE_VERSION = '1.31.0';

export const CHART_DIR = resolve(__dirname, '../helm/sisbridge');

/** `~/.cache/sisbridge/helm/v4.3.2/helm`: outside the clone, so every fresh clone reuses it. */
export function helmCacheDir(): string {
  return toolCacheDir('helm', HELM_VERSION);
}

let resolved: Promise<string> | undefined;

/**
 * `helm` from PATH, else the cached build, else build it once with `go install` (a few minutes
 * the first time). The ldflags are those of Helm's own Makefile for a tagged release, so the binary
 * reports its version like a release does; v4 derives its default Kubernetes version from the
 * client-go it was built with (read from the binary's build info), so unlike v3 it needs no
 * ldflags for that. Never downloads a binary.
 */
export function resolveHelm(log: (line: string) => void = () => undefined): Promise<string> {
  resolved ??= findOrBuildHelm(log);
  return resolved;
}

async function findOrBuildHelm(log: (line: string) => void): Promise<string> {
  const onPath = findExecutable('helm');
  if (onPath) return onPath;
  const cacheDir = helmCacheDir();
  const cached = join(cacheDir, 'helm');
  if (isExecutable(cached)) return cached;

  const go = findGo();
  if (!go) {
    throw new Error(
      `No helm found: put \`helm\` (v3 or v4) on PATH, or install Go so that the test can run \`go install ${HELM_MODULE}/cmd/helm@${HELM_VERSION}\` into ${cacheDir}`,
    );
  }
  log(`Building Helm ${HELM_VERSION} with ${go} into ${cacheDir} (first run only, a few minutes)`);
  const ldflags = ['-w -s', `-X ${HELM_MODULE}/internal/version.version=${HELM_VERSION}`].join(' ');
  return goInstall({
    go,
    packageAtVersion: `${HELM_MODULE}/cmd/helm@${HELM_VERSION}`,
    binary: 'helm',
    cacheDir,
    flags: ['-trimpath', '-ldflags', ldflags],
    log,
  });
}

/** What `helm version` reports, e.g. `v4.3.2`. */
export async function helmVersion(): Promise<string> {
  const helm = await resolveHelm();
  const { stdout } = await execHelm(helm, ['version', '--template', '{{.Version}}']);
  return stdout.trim();
}

/** Whether the tests use a `helm` found on PATH rather than the pinned build. */
export function helmFromPath(): boolean {
  return findExecutable('helm') !== undefined;
}

/** A rendered Kubernetes object, as YAML parsing gives it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface RenderOptions {
  /** Values files, relative to the chart directory or absolute. */
  valuesFiles?: string[];
  /** `--set-json key=value` pairs (JSON values, so types are exact). */
  setJson?: Record<string, unknown>;
  releaseName?: string;
  namespace?: string;
  apiVersions?: string[];
}

function helmArgs(options: RenderOptions): string[] {
  const args: string[] = ['--kube-version', KUBE_VERSION];
  for (const file of options.valuesFiles ?? []) args.push('--values', resolve(CHART_DIR, file));
  for (const [key, value] of Object.entries(options.setJson ?? {})) args.push('--set-json', `${key}=${JSON.stringify(value)}`);
  for (const api of options.apiVersions ?? []) args.push('--api-versions', api);
  return args;
}

/** `helm template`: every rendered object, hooks included. Rejects with Helm's own message on failure. */
export async function renderChart(options: RenderOptions = {}): Promise<K8sObject[]> {
  const helm = await resolveHelm();
  const { stdout } = await execHelm(helm, [
    'template',
    options.releaseName ?? 'sisbridge',
    CHART_DIR,
    '--namespace',
    options.namespace ?? 'sisbridge',
    ...helmArgs(options),
  ]);
  const objects: K8sObject[] = [];
  for (const document of parseAllDocuments(stdout)) {
    if (document.errors.length > 0) throw new Error(`helm template produced invalid YAML: ${document.errors[0]?.message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isK8sObject(value))
      throw new Error(`helm template produced a document that is not a Kubernetes object: ${JSON.stringify(value).slice(0, 200)}`);
    objects.push(value);
  }
  return objects;
}

/** `helm lint --strict`: resolves with Helm's output, rejects with it when lint fails. */
export async function lintChart(options: RenderOptions = {}): Promise<string> {
  const helm = await resolveHelm();
  const { stdout } = await execHelm(helm, ['lint', CHART_DIR, '--strict', ...helmArgs(options)]);
  return stdout;
}

/** Renders and returns Helm's error text (the render must fail). */
export async function renderError(options: RenderOptions): Promise<string> {
  try {
    await renderChart(options);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`expected helm template to fail for ${JSON.stringify(options)}`);
}

async function execHelm(helm: string, args: string[]): Promise<{ stdout: string }> {
  try {
    const { stdout } = await execFileAsync(helm, args, { maxBuffer: 32 * 1024 * 1024 });
    return { stdout };
  } catch (error) {
    const failure = error as { stderr?: string; stdout?: string; message: string };
    const output = [failure.stdout, failure.stderr].filter((text) => text && text.trim()).join('\n');
    throw new Error(`helm ${args[0] ?? ''} failed: ${(output || failure.message).trim()}`, { cause: error });
  }
}

function isK8sObject(value: unknown): value is K8sObject {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const metadata = record['metadata'];
  return (
    typeof record['apiVersion'] === 'string' &&
    typeof record['kind'] === 'string' &&
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof (metadata as Record<string, unknown>)['name'] === 'string'
  );
}
