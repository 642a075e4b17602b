import type { PtpStore } from './model/ptp-store';
import type { PtpReadings } from './ptp-readings';

/** What the XTE routes share: the state, the readings in force, and the plugin's identity. */
export interface PtpRuntime {
  store: PtpStore;
  readings: PtpReadings;
  /** ASSIGNMENT.CREATEDBYPLUGIN of what this plugin creates (the plugin id, e.g. "744"). */
  pluginId: string;
  now: () => Date;
  /** Mutable at run time through `/__admin/config`. */
  minIntervalMs: number;
  resubmitRate: number;
}

/** YYYY-MM-DD of a moment, in UTC (the district's day, for the simulator's purposes). */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:MM:SS`, as PTP writes scoreentrydate. */
export function ptpTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 19);
}
