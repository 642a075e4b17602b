import { SIS_FILE_KINDS, type SisFileKind } from '../sis-import/file-kinds';
import express, { Router } from 'express';
import { describeFaultSpec, parseFaultSpec, type FaultInjector } from '@sisbridge/sim-common';
import type { CanvasRuntime } from '../canvas-runtime';
import { baseUrl } from '../http/pagination';
import { canvasSnapshot } from '../model/snapshot';
import { seedGradebook } from '../seed/seed-gradebook';

/**
 * The simulator's own endpoints under `/__admin` (no token, no faults, no throttling): the JSON
 * snapshot of its state, fault reconfiguration, the post_grades switch, and gradebook seeding.
 */
export function simulatorAdminRouter(runtime: CanvasRuntime, faults: FaultInjector, token: string): Router {
  const router = Router();
  router.use('/__admin', express.json());

  router.get('/__admin/health', (_req, res) => {
    res.json({ ok: true });
  });

  router.get('/__admin/state', (_req, res) => {
    res.json(canvasSnapshot(runtime.store));
  });

  router.get('/__admin/faults', (_req, res) => {
    res.json({ spec: faults.current, description: describeFaultSpec(faults.current), counters: faults.counters });
  });

  /** Body `{"spec": "5xx=0.1,latency=50ms"}` (the `--faults` syntax); `"none"` turns faults off. */
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

  /** Body `{"postGradesEnabled": false}` makes `/api/sis/...` answer `not_enabled`. */
  /**
   * Body `{"postGradesEnabled": false}` makes `/api/sis/...` answer `not_enabled`;
   * `{"crashImports": {"count": 1, "afterKind": "course"}}` makes the next imports die part-way
   * (accounts, terms and courses applied, the rest not; the import ends failed_with_messages).
   */
  router.put('/__admin/config', (req, res) => {
    const body = req.body as { postGradesEnabled?: unknown; crashImports?: { count?: unknown; afterKind?: unknown } } | undefined;
    if (typeof body?.postGradesEnabled === 'boolean') runtime.postGradesEnabled = body.postGradesEnabled;
    if (body?.crashImports) {
      const { count, afterKind } = body.crashImports;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
        return void res.status(400).json({ error: 'crashImports.count must be a whole number' });
      if (typeof afterKind !== 'string' || !(SIS_FILE_KINDS as readonly string[]).includes(afterKind)) {
        return void res.status(400).json({ error: `crashImports.afterKind must be one of ${SIS_FILE_KINDS.join(', ')}` });
      }
      runtime.imports.crashes = { remaining: count, afterKind: afterKind as SisFileKind };
    }
    res.json({
      postGradesEnabled: runtime.postGradesEnabled,
      crashImports: { count: runtime.imports.crashes.remaining, afterKind: runtime.imports.crashes.afterKind },
    });
  });

  /** Body `{"course": "sis_course_id:…", "seed": 7, "categoryIds": {"Homework": "5120"}}`; all optional. */
  router.post('/__admin/seed/gradebook', async (req, res) => {
    const body = (req.body ?? {}) as { course?: unknown; seed?: unknown; categoryIds?: unknown };
    const result = await seedGradebook({
      url: baseUrl(req),
      token,
      course: typeof body.course === 'string' ? body.course : undefined,
      seed: typeof body.seed === 'number' ? body.seed : undefined,
      categoryIds:
        typeof body.categoryIds === 'object' && body.categoryIds !== null ? (body.categoryIds as Record<string, string>) : undefined,
    });
    res.status(201).json(result);
  });

  return router;
}
