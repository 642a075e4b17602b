import { Router } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { notFound } from '../http/canvas-errors';
import { baseUrl } from '../http/pagination';
import { progressJson } from '../json/progress-json';

/** Progress API: poll a long-running job (a restore), or cancel it while queued. */
export function progressRouter(runtime: CanvasRuntime): Router {
  const { store } = runtime;
  const router = Router();

  router.get('/api/v1/progress/:id', (req, res) => {
    const progress = store.progresses.get(Number(req.params['id']));
    if (!progress) throw notFound();
    res.json(progressJson(progress, baseUrl(req)));
  });

  router.post('/api/v1/progress/:id/cancel', (req, res) => {
    const progress = store.progresses.get(Number(req.params['id']));
    if (!progress) throw notFound();
    if (progress.workflowState === 'queued') {
      progress.workflowState = 'failed';
      progress.message = 'Canceled';
      progress.updatedAt = store.now();
    }
    res.json(progressJson(progress, baseUrl(req)));
  });

  return router;
}
