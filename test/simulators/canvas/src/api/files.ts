import { Router } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { notFound } from '../http/canvas-errors';
import { baseUrl } from '../http/pagination';
import { paramPresent, requestParams } from '../http/param-readers';
import { fileJson, fileVerifier } from '../json/file-json';

/**
 * Files: the SIS import CSVs and error reports. The download URL carries a verifier and works
 * without a token, as Canvas's file URLs do.
 */
export function filesRouter(runtime: CanvasRuntime): { api: Router; downloads: Router } {
  const { store } = runtime;
  const api = Router();
  const downloads = Router();

  api.get('/api/v1/files/:id', (req, res) => {
    const file = store.files.get(Number(req.params['id']));
    if (!file) throw notFound();
    res.json(fileJson(file, baseUrl(req)));
  });

  downloads.get('/files/:id/download', (req, res) => {
    const file = store.files.get(Number(req.params['id']));
    if (!file || paramPresent(requestParams(req)['verifier']) !== fileVerifier(file)) throw notFound();
    res.setHeader('Content-Disposition', `attachment; filename="${file.displayName}"`);
    res.type(file.contentType).send(file.bytes);
  });

  return { api, downloads };
}
