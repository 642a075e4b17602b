import express, { Router } from 'express';
import { describeFaultSpec, parseFaultSpec, type FaultInjector } from '@sisbridge/sim-common';
import type { PtpRuntime } from '../ptp-runtime';
import { checkReadings, type PtpReadings } from '../ptp-readings';
import type { OAuthTokens } from '../http/oauth-tokens';
import { gradebookView, teachersView } from '../gradebook/gradebook-view';

/**
 * The simulator's own endpoints under `/__admin` (no token, no faults, no interval): the read-only
 * gradebook state, the teachers to act for, and run-time switches (faults, locked terms, token
 * expiry, readings, resubmit rate, minimum interval).
 */
export function simulatorAdminRouter(runtime: PtpRuntime, faults: FaultInjector, tokens: OAuthTokens): Router {
  const router = Router();
  router.use('/__admin', express.json());
  const query = (value: unknown) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined);

  router.get('/__admin/health', (_req, res) => {
    res.json({ ok: true });
  });

  /** `?section=<sectionsdcid>` or `?users_dcid=<teacher>` narrow it down. */
  router.get('/__admin/state', (req, res) => {
    res.json(gradebookView(runtime.store, { sectionsdcid: query(req.query['section']), usersDcid: query(req.query['users_dcid']) }));
  });

  router.get('/__admin/teachers', (_req, res) => {
    res.json({ yearid: runtime.store.district.yearid, teachers: teachersView(runtime.store) });
  });

  router.get('/__admin/faults', (_req, res) => {
    res.json({ spec: faults.current, description: describeFaultSpec(faults.current), counters: faults.counters });
  });

  router.put('/__admin/faults', (req, res) => {
    const body = req.body as { spec?: unknown } | undefined;
    try {
      faults.reconfigure(parseFaultSpec(typeof body?.spec === 'string' ? body.spec : undefined));
    } catch (error) {
      res.status(400).json({ error: error instanceof Error ? error.message : String(error) });
      return;
    }
    res.json({ spec: faults.current, description: describeFaultSpec(faults.current) });
  });

  /** Body `{"storecodes": ["Q1"], "termids": [3601]}`: reporting terms an admin has locked. */
  router.put('/__admin/locks', (req, res) => {
    const body = (req.body ?? {}) as { storecodes?: unknown; termids?: unknown };
    runtime.store.locks = {
      storecodes: Array.isArray(body.storecodes) ? body.storecodes.filter((s): s is string => typeof s === 'string') : [],
      termids: Array.isArray(body.termids) ? body.termids.filter((n): n is number => typeof n === 'number') : [],
    };
    res.json(runtime.store.locks);
  });

  /** Ends the live access token now, so the next API call gets 401 "expired". */
  router.post('/__admin/tokens/expire', (_req, res) => {
    tokens.expireNow();
    res.json({ expired: true });
  });

  /** Body with any of `readings` (partial), `resubmitRate`, `minIntervalMs`. */
  router.put('/__admin/config', (req, res) => {
    const body = (req.body ?? {}) as { readings?: Partial<PtpReadings>; resubmitRate?: unknown; minIntervalMs?: unknown };
    try {
      if (body.readings) runtime.readings = checkReadings({ ...runtime.readings, ...body.readings });
    } catch (error) {
      res.status(400).json({ error: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (typeof body.resubmitRate === 'number' && body.resubmitRate >= 0 && body.resubmitRate <= 1) runtime.resubmitRate = body.resubmitRate;
    if (typeof body.minIntervalMs === 'number' && body.minIntervalMs >= 0) runtime.minIntervalMs = body.minIntervalMs;
    res.json({ readings: runtime.readings, resubmitRate: runtime.resubmitRate, minIntervalMs: runtime.minIntervalMs });
  });

  return router;
}
