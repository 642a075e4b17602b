import { Router } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { paginate } from '../http/pagination';
import { paramStrings, requestParams } from '../http/param-readers';
import { findAccount, findTerm } from '../model/api-find';
import { termJson } from '../json/term-json';

/** Enrollment Terms API: terms belong to the root account; the list is wrapped in `enrollment_terms`. */
export function termsRouter(runtime: CanvasRuntime): Router {
  const { store } = runtime;
  const router = Router();

  router.get('/api/v1/accounts/:account_id/terms', (req, res) => {
    findAccount(store, String(req.params['account_id']));
    const states = paramStrings(requestParams(req)['workflow_state']);
    const wanted = states.length === 0 ? ['active'] : states.includes('all') ? ['active', 'deleted'] : states;
    const terms = [...store.terms.values()].filter((t) => wanted.includes(t.workflowState)).sort((a, b) => a.id - b.id);
    res.json({ enrollment_terms: paginate(req, res, terms).map(termJson) });
  });

  router.get('/api/v1/accounts/:account_id/terms/:term_id', (req, res) => {
    findAccount(store, String(req.params['account_id']));
    res.json(termJson(findTerm(store, String(req.params['term_id']))));
  });

  return router;
}
