import { readFileSync } from 'node:fs';

/**
 * Samples processes' resident set size from /proc every `intervalMs`, so a benchmark can report
 * the peak RSS of each process over any window (e.g. one step of a workflow run).
 */
export class RssSampler {
  private readonly samples = new Map<string, Array<{ at: number; bytes: number }>>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly processes: () => ReadonlyArray<{ name: string; pid: number | undefined }>,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The highest RSS seen for `name` between `from` and `to` (ms since epoch), in bytes. */
  peak(name: string, from = 0, to = Number.POSITIVE_INFINITY): number {
    let peak = 0;
    for (const sample of this.samples.get(name) ?? []) if (sample.at >= from && sample.at <= to && sample.bytes > peak) peak = sample.bytes;
    return peak;
  }

  private sample(): void {
    const now = Date.now();
    for (const { name, pid } of this.processes()) {
      if (pid === undefined) continue;
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const match = /VmRSS:\s+(\d+) kB/.exec(status);
        if (!match) continue;
        const list = this.samples.get(name) ?? [];
        list.push({ at: now, bytes: Number(match[1]) * 1024 });
        this.samples.set(name, list);
      } catch {
        // The process is gone (between runs, or restarted); its samples so far remain.
      }
    }
  }
}
