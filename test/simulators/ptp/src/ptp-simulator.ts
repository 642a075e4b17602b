import type { Request } from 'express';
import type { PtpDistrict } from '@sisbridge/sandbox-district';
import { FaultInjector, listen, parseFaultSpec, type FaultSpec } from '@sisbridge/sim-common';
import { gradebookView, type GradebookViewFilter } from './gradebook/gradebook-view';
import { OAuthTokens } from './http/oauth-tokens';
import { PtpStore, type TermLocks } from './model/ptp-store';
import { createPtpApp } from './ptp-app';
import { checkReadings, DEFAULT_READINGS, type PtpReadings } from './ptp-readings';
import type { PtpRuntime } from './ptp-runtime';

export interface PtpSimulatorOptions {
  /** The district, e.g. `toPtpDistrict(generateDistrict({ size, seed }))` or `loadPtpDistrict(...)`. */
  district: PtpDistrict;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  clientId?: string;
  clientSecret?: string;
  /** Access token lifetime (default 30 days, PowerSchool's default). */
  tokenLifetimeSeconds?: number;
  /** Minimum time between two API requests of the plugin; 0 (default) turns it off. */
  minIntervalMs?: number;
  /** The minimum interval's clock in ms (default Date.now): a test advances it instead of waiting. */
  minIntervalNow?: () => number;
  /**
   * Holds each plugin request (`/ws/…`, after authentication and the minimum interval) until the
   * promise settles: a test keeps a run going on purpose (e.g. holds the writes) instead of slowing PTP down and hoping.
   */
  holdRequest?: (req: Request) => Promise<void>;
  /** Share of XTE writes answered 412 "Resubmit" (default 0). */
  resubmitRate?: number;
  /** Seed of the resubmit draws (default 1). */
  resubmitSeed?: number;
  faults?: FaultSpec | string;
  /** The [U] readings (see PtpReadings); unset ones take the defaults. */
  readings?: Partial<PtpReadings>;
  /** Locked store codes and terms (409 "Locked Term"). */
  locks?: Partial<TermLocks>;
  /** ASSIGNMENT.CREATEDBYPLUGIN for what this plugin creates (default "744"). */
  pluginId?: string;
  now?: () => Date;
}

export interface PtpSimulator {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The live state (tests may read it). */
  state: PtpStore;
  runtime: PtpRuntime;
  /** What `GET /__admin/state` returns. */
  gradebook(filter?: GradebookViewFilter): ReturnType<typeof gradebookView>;
  faults: FaultInjector;
  tokens: OAuthTokens;
  close(): Promise<void>;
}

export const DEFAULT_PTP_CLIENT_ID = 'ptp-simulator-client';
export const DEFAULT_PTP_CLIENT_SECRET = 'ptp-simulator-secret';
const THIRTY_DAYS = 30 * 24 * 3600;

/** Starts a simulated PowerSchool (PTP plugin OAuth and /ws/xte) on 127.0.0.1. */
export async function startPtpSimulator(options: PtpSimulatorOptions): Promise<PtpSimulator> {
  const store = new PtpStore(options.district);
  store.locks = { storecodes: options.locks?.storecodes ?? [], termids: options.locks?.termids ?? [] };
  const now = options.now ?? (() => new Date());
  const runtime: PtpRuntime = {
    store,
    readings: checkReadings({ ...DEFAULT_READINGS, ...options.readings }),
    pluginId: options.pluginId ?? '744',
    now,
    minIntervalMs: options.minIntervalMs ?? 0,
    resubmitRate: options.resubmitRate ?? 0,
  };
  if (runtime.resubmitRate < 0 || runtime.resubmitRate > 1) throw new Error('resubmitRate must be a share between 0 and 1');
  const clientId = options.clientId ?? DEFAULT_PTP_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_PTP_CLIENT_SECRET;
  const tokens = new OAuthTokens(options.tokenLifetimeSeconds ?? THIRTY_DAYS, () => now().getTime());
  const faults = new FaultInjector(
    typeof options.faults === 'string' || options.faults === undefined ? parseFaultSpec(options.faults) : options.faults,
  );
  const app = createPtpApp(runtime, {
    tokens,
    clientId,
    clientSecret,
    faults,
    resubmitSeed: options.resubmitSeed ?? 1,
    ...(options.minIntervalNow ? { minIntervalNow: options.minIntervalNow } : {}),
    ...(options.holdRequest ? { holdRequest: options.holdRequest } : {}),
  });
  const server = await listen(app, { port: options.port, host: options.host });
  return {
    url: server.url,
    clientId,
    clientSecret,
    state: store,
    runtime,
    gradebook: (filter) => gradebookView(store, filter),
    faults,
    tokens,
    close: () => server.close(),
  };
}
