import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { parseFaultSpec } from '@sisbridge/sim-common';
import { DELETE_EVENT_KEYS, type DeleteEventKeys } from '../dataset/event-objects';
import type { ZoneContext } from '../zone/zone-context';
import type { Paging } from '../zone/zone-options';
import { StreamRunningError, type StreamControl } from '../intraday/stream-control';
import { AdminError, type DistrictChanges } from './district-changes';
import { streamOptionsFrom } from './stream-request';
import { zoneState } from './zone-state';

function param(req: Request, name: string): string {
  const value = req.params[name];
  return typeof value === 'string' ? value : '';
}

/**
 * The simulator's own admin endpoints (JSON over HTTP, not SIF, never faulted): the zone's
 * state, dataset changes that publish SIF_Events, run-time settings, and putting the zone to sleep.
 */
export function adminRouter(context: ZoneContext, changes: DistrictChanges, streams: StreamControl, zoneUrl: () => string): Router {
  const router = express.Router();
  router.use(express.json({ limit: '4mb' }));
  router.use(express.text({ type: ['application/xml', 'text/xml'], limit: '4mb' }));

  router.get('/state', (_req, res) => {
    res.json(zoneState(context, zoneUrl()));
  });

  router.get('/objects/:objectName/:refId', (req, res) => {
    const objectName = param(req, 'objectName');
    const { dataset } = context;
    const object = changes.find(objectName, param(req, 'refId'));
    res.json({ objectName, object, xml: changes.xmlOf(objectName, object, dataset.dcidElementName) });
  });

  router.post('/objects/:objectName', (req, res) => {
    const input = typeof req.body === 'string' ? { xml: req.body } : { json: req.body as unknown };
    res.status(201).json(changes.add(param(req, 'objectName'), input));
  });

  router.patch('/objects/:objectName/:refId', (req, res) => {
    res.json(changes.change(param(req, 'objectName'), param(req, 'refId'), req.body as unknown));
  });

  router.post('/objects/:objectName/:refId/drop', (req, res) => {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as { exitDate?: unknown; effectiveDate?: unknown };
    res.json(changes.drop(param(req, 'objectName'), param(req, 'refId'), { exitDate: body.exitDate, effectiveDate: body.effectiveDate }));
  });

  router.delete('/objects/:objectName/:refId', (req, res) => {
    res.json(changes.delete(param(req, 'objectName'), param(req, 'refId')));
  });

  router.post('/events/stream', (req, res) => {
    try {
      const stream = streams.start(streamOptionsFrom(req.body));
      res.status(201).json(stream.report());
    } catch (error) {
      if (error instanceof StreamRunningError) throw new AdminError(409, error.message);
      // The stream checks its settings as it is made: a bad rate, total or mix.
      throw new AdminError(400, error instanceof Error ? error.message : String(error));
    }
  });

  router.get('/events/stream', (_req, res) => {
    const stream = streams.current;
    if (!stream) throw new AdminError(404, 'no event stream has been started (POST /__admin/events/stream)');
    res.json(stream.report());
  });

  router.delete('/events/stream', (_req, res, next) => {
    streams
      .stop()
      .then((report) => {
        if (!report) throw new AdminError(404, 'no event stream has been started');
        res.json(report);
      })
      .catch(next);
  });

  router.put('/settings', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { options } = context;
    const known = ['deleteEvents', 'deleteEventKeys', 'innerMessageXmlns', 'paging', 'faults', 'pushSecret'];
    const unknown = Object.keys(body).filter((key) => !known.includes(key));
    if (unknown.length > 0) throw new AdminError(400, `unknown settings ${unknown.join(', ')} (known: ${known.join(', ')})`);
    if (body['deleteEvents'] !== undefined) options.deleteEvents = boolean(body['deleteEvents'], 'deleteEvents');
    if (body['innerMessageXmlns'] !== undefined) options.innerMessageXmlns = boolean(body['innerMessageXmlns'], 'innerMessageXmlns');
    if (body['deleteEventKeys'] !== undefined) {
      if (!DELETE_EVENT_KEYS.includes(body['deleteEventKeys'] as DeleteEventKeys))
        throw new AdminError(400, `deleteEventKeys must be one of ${DELETE_EVENT_KEYS.join(', ')}`);
      options.deleteEventKeys = body['deleteEventKeys'] as DeleteEventKeys;
    }
    if (body['paging'] !== undefined) {
      if (body['paging'] !== 'fill' && body['paging'] !== 'one-per-packet')
        throw new AdminError(400, 'paging must be fill or one-per-packet');
      options.paging = body['paging'] as Paging;
    }
    if (body['pushSecret'] !== undefined) {
      if (body['pushSecret'] !== null && (typeof body['pushSecret'] !== 'string' || body['pushSecret'] === ''))
        throw new AdminError(400, 'pushSecret must be the shared secret pushes are signed with, or null to sign none');
      options.pushSecret = body['pushSecret'] ?? undefined;
    }
    if (body['faults'] !== undefined) {
      try {
        context.injector.reconfigure(parseFaultSpec(String(body['faults'])));
      } catch (error) {
        throw new AdminError(400, error instanceof Error ? error.message : String(error));
      }
    }
    res.json(zoneState(context, zoneUrl()).settings);
  });

  router.post('/zone/sleep', (_req, res) => {
    context.asleep = true;
    res.json({ asleep: true });
  });

  router.post('/zone/wakeup', (_req, res) => {
    context.asleep = false;
    context.notifyAll();
    res.json({ asleep: false });
  });

  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof AdminError) return res.status(error.status).json({ error: error.message });
    const status =
      typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : 500;
    return res.status(status).json({ error: error instanceof Error ? error.message : String(error) });
  });
  return router;
}

function boolean(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new AdminError(400, `${name} must be true or false`);
  return value;
}
