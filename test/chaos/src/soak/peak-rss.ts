import { readdirSync, readFileSync } from 'node:fs';

/**
 * Samples processes' resident set size from /proc every `intervalMs` and keeps each one's peak
 * since the last `takePeaks()`: a process restarted in between is still the same component.
 * Several processes under one name (Postgres's server and its backends) are summed per sample.
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

  /** Bytes, per component name, since the last call. */
  takePeaks(): Map<string, number> {
    this.sample();
    const peaks = new Map(this.peaks);
    this.peaks.clear();
    return peaks;
  }

  private sample(): void {
    const now = new Map<string, number>();
    for (const { name, pid } of this.processes()) {
      if (pid === undefined) continue;
      const bytes = rssOf(pid);
      if (bytes !== undefined) now.set(name, (now.get(name) ?? 0) + bytes);
    }
    for (const [name, bytes] of now) this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, bytes));
  }
}

/** A process's resident set size in bytes; undefined once it is gone (a restart between the list and the read). */
export function rssOf(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Every process on the machine whose command line `matches` (read from /proc, NULs as spaces). */
export function pidsWhere(matches: (commandLine: string) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (matches(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' '))) pids.push(Number(entry));
    } catch {
      // Gone already.
    }
  }
  return pids;
}

/** A process and its children (Postgres's backends are children of its server). */
export function withChildren(pid: number): number[] {
  const children = pidsWhere(() => true).filter((candidate) => {
    try {
      return Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${candidate}/status`, 'utf8'))?.[1]) === pid;
    } catch {
      return false;
    }
  });
  return [pid, ...children];
}
