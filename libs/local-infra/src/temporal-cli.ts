import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { findExecutable, findGo, goInstall, isExecutable, toolCacheDir } from './go-tool';

/**
 * The Temporal CLI release the project pins. Later tags carry a `replace` directive in go.mod,
 * which `go install pkg@version` refuses, so this is the newest one that builds that way.
 */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const TEMPORAL_CLI_MODULE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;

export type TemporalCliSource =
  | { kind: 'path'; path: string }
  | { kind: 'cache'; path: string }
  | { kind: 'built'; path: string }
  /** No binary and no Go: the TypeScript SDK downloads the dev server (needs internet). */
  | { kind: 'sdk-download' };

export interface ResolveTemporalCliOptions {
  /** Build with `go install` when no binary is found (slow once, a few minutes). */
  allowBuild: boolean;
  /** Fall back to the SDK's download. Never in CI or tests: they must not download binaries. */
  allowDownload: boolean;
  log: (line: string) => void;
  /** Where the repo keeps its git-ignored pointer to the cached binary (`.tools/temporal`). */
  repoToolsDir?: string;
}

/** `~/.cache/sisbridge/temporal-cli/v1.5.1/temporal`: outside the clone, so fresh clones reuse it. */
export function temporalCliCacheDir(): string {
  return toolCacheDir('temporal-cli', TEMPORAL_CLI_VERSION);
}

export async function resolveTemporalCli(options: ResolveTemporalCliOptions): Promise<TemporalCliSource> {
  const onPath = findExecutable('temporal');
  if (onPath) return { kind: 'path', path: onPath };

  const cacheDir = temporalCliCacheDir();
  const cached = join(cacheDir, 'temporal');
  if (isExecutable(cached)) {
    linkIntoRepo(cached, options.repoToolsDir);
    return { kind: 'cache', path: cached };
  }

  const go = findGo();
  if (go && options.allowBuild) {
    options.log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with ${go} into ${cacheDir} (first run only, a few minutes)`);
    const built = await goInstall({ go, packageAtVersion: TEMPORAL_CLI_MODULE, binary: 'temporal', cacheDir, log: options.log });
    linkIntoRepo(built, options.repoToolsDir);
    return { kind: 'built', path: built };
  }

  if (options.allowDownload) {
    options.log('No `temporal` binary and no Go toolchain: the Temporal SDK will download the dev server (needs internet access).');
    return { kind: 'sdk-download' };
  }
  throw new Error(
    `No Temporal CLI found: put \`temporal\` on PATH, or install Go so that \`go install ${TEMPORAL_CLI_MODULE}\` can build it into ${cacheDir}`,
  );
}

function linkIntoRepo(binary: string, repoToolsDir: string | undefined): void {
  if (!repoToolsDir) return;
  try {
    mkdirSync(repoToolsDir, { recursive: true });
    const link = join(repoToolsDir, 'temporal');
    if (existsSync(link)) rmSync(link);
    symlinkSync(binary, link);
  } catch {
    // The pointer is a convenience for humans; the binary is used from the cache either way.
  }
}
