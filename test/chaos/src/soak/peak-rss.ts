import { readFileSync } from 'node:fs';

/**
 * Samples processes' resident set size from /proc every `intervalMs` and keeps each one's peak
 * since the last `reset()`: a process restarted in between is still the same component.
 */
export class PeakRss {
  private readonly peaks = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly processes: () => ReadonlyArray<{ name: string; pid: number | undefined }>,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Bytes, per component name, since the last reset. */
  takePeaks(): Map<string, number> {
    this.sample();
    const peaks = new Map(this.peaks);
    this.peaks.clear();
    return peaks;
  }

  private sample(): void {
    for (const { name, pid } of this.processes()) {
      if (pid === undefined) continue;
      try {
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        if (match) this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, Number(match[1]) * 1024));
      } catch {
        // Gone between the list and the read (a restart): the next sample sees the new one.
      }
    }
  }
}
