import { createInterface } from 'node:readline';

/** What every `npm run bench:*` program needs: its arguments, its output, and a clean failure. */

export const MiB = 1024 * 1024;

/** `--name value` from the command line. */
export function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Runs `tasks`, at most `limit` at a time. */
export async function inParallel(limit: number, tasks: Array<() => Promise<void>>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const task = tasks[next++];
        if (task) await task();
      }
    }),
  );
}

/** The first line a child process prints (its "ready" line). */
export function firstLine(stream: NodeJS.ReadableStream | null): Promise<string> {
  if (!stream) return Promise.reject(new Error('the process has no stdout'));
  return new Promise((resolveLine, reject) => {
    const lines = createInterface({ input: stream });
    lines.once('line', (line) => resolveLine(line));
    lines.once('close', () => reject(new Error('the process ended before it was ready')));
  });
}

/** Runs a benchmark's `main`; a failure prints its stack and cause chain and exits non-zero. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const lines = [`bench:${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
    for (
      let cause = error instanceof Error ? error.cause : undefined;
      cause !== undefined;
      cause = cause instanceof Error ? cause.cause : undefined
    ) {
      lines.push(`caused by: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    process.stderr.write(`${lines.join('\n')}\n`);
    process.exit(1);
  });
}
