import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Developer tools the repo builds from source with `go install` (the Temporal CLI, Helm): the
 * network here reaches the Go module proxy but not release downloads, and a build cached outside
 * the clone is reused by every fresh clone.
 */

/** `~/.cache/sisbridge/<tool>/<version>`. */
export function toolCacheDir(tool: string, version: string): string {
  const cacheRoot = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(cacheRoot, 'sisbridge', tool, version);
}

export function findExecutable(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `go` from PATH, else the default install location of the official tarball. */
export function findGo(): string | undefined {
  return findExecutable('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
}

export interface GoInstallOptions {
  go: string;
  /** `module/path/cmd/tool@version`. */
  packageAtVersion: string;
  /** The binary's name, and where it ends up: `<cacheDir>/<binary>`. */
  binary: string;
  cacheDir: string;
  /** Extra `go install` flags, e.g. `-trimpath` or `-ldflags …`. */
  flags?: string[];
  log: (line: string) => void;
}

/**
 * Builds a tool into its cache directory and returns the binary's path. It builds into a private
 * directory and renames at the end, so two test workers or a developer's Ctrl-C never leave a
 * half-written binary where the next run would trust it.
 */
export async function goInstall(options: GoInstallOptions): Promise<string> {
  const target = join(options.cacheDir, options.binary);
  mkdirSync(options.cacheDir, { recursive: true });
  const scratch = mkdtempSync(join(options.cacheDir, '.build-'));
  try {
    await run(
      options.go,
      ['install', ...(options.flags ?? []), options.packageAtVersion],
      { ...process.env, GOBIN: scratch, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
      options.log,
    );
    renameSync(join(scratch, options.binary), target);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!isExecutable(target)) throw new Error(`go install ${options.packageAtVersion} finished but ${target} is missing`);
  return target;
}

/** Runs a command, forwarding its output line by line; a failure carries the last of its stderr. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderrTail = '';
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) log(`  ${line}`);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-4000);
      forward(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderrTail}`)),
    );
  });
}
