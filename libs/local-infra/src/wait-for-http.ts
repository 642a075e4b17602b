import type { ManagedProcess } from './managed-process';

export interface WaitForHttpOptions {
  timeoutMs: number;
  /** Fail early, with its output, if this process exits while we wait. */
  process?: ManagedProcess;
}

/** Polls `url` until it answers 2xx. */
export async function waitForHttp(url: string, options: WaitForHttpOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (options.process?.hasExited) {
      const status = await options.process.waitForExit();
      throw new Error(
        `${options.process.name} exited (code ${status.code}, signal ${status.signal}) before ${url} answered:\n${options.process.output(30)}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become ready within ${options.timeoutMs} ms (last: ${last})`);
}
