import express from 'express';
import { FaultInjector, faultMiddleware, listen } from '@sisbridge/sim-common';
import { adminRouter } from '../admin/admin-router';
import { DistrictChanges } from '../admin/district-changes';
import type { EventStream, EventStreamOptions } from '../intraday/event-stream';
import { StreamControl } from '../intraday/stream-control';
import { zoneState, type ZoneState } from '../admin/zone-state';
import { ZoneDataset } from '../dataset/zone-dataset';
import { MessageDispatcher } from './message-dispatcher';
import { ZoneContext } from './zone-context';
import { resolveZoneOptions, type SifZoneSimulatorOptions } from './zone-options';

export interface SifZoneSimulator {
  /** http://127.0.0.1:PORT */
  url: string;
  /** http://127.0.0.1:PORT/zone/ZONE_ID: where agents POST their SIF_Messages. */
  zoneUrl: string;
  port: number;
  zoneId: string;
  /** The same picture as GET /__admin/state. */
  state(): ZoneState;
  /** The admin endpoints' operations, for in-process tests: add, change, drop, delete. */
  changes: DistrictChanges;
  /** The zone's shared state (registrations, dataset, options, faults). */
  context: ZoneContext;
  /**
   * Publishes a school day's changes as SIF_Events at a rate, in a mix, from a seed, until its total
   * or duration (or `stop()`); its `report()` lists each change with its publish time. One at a time.
   */
  startEventStream(options: EventStreamOptions): EventStream;
  /** The running (or last) event stream. */
  readonly eventStream: EventStream | undefined;
  close(): Promise<void>;
}

const SIF_CONTENT_TYPE = 'application/xml;charset="utf-8"';

/**
 * Starts the SIF 2.x zone simulator: a Zone Integration Server with PowerSchool as the provider
 * of the given district, on 127.0.0.1. Agents POST one SIF_Message per request to `zoneUrl` and
 * get the SIF_Ack back; the admin endpoints live under /__admin and are never faulted.
 */
export async function startSifZoneSimulator(options: SifZoneSimulatorOptions): Promise<SifZoneSimulator> {
  const resolved = resolveZoneOptions(options);
  const context = new ZoneContext(resolved, new ZoneDataset(options.district), new FaultInjector(resolved.faults));
  const dispatcher = new MessageDispatcher(context);
  const changes = new DistrictChanges(context);
  const streams = new StreamControl(context, changes);
  let zoneUrl = '';

  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/__admin',
    adminRouter(context, changes, streams, () => zoneUrl),
  );
  app.use(faultMiddleware(context.injector, { exempt: (req) => req.path.startsWith('/__admin') }));
  // Any content type: a SIF_Message is read as UTF-8 XML whatever the agent labels it.
  app.post('/zone/:zoneId', express.text({ type: () => true, limit: '16mb' }), (req, res, next) => {
    if (req.params['zoneId'] !== resolved.zoneId) {
      res
        .status(404)
        .type('text/plain')
        .send(
          `No zone "${String(req.params['zoneId'])}" here; this simulator serves zone "${resolved.zoneId}" (zone ids are case-sensitive).\n`,
        );
      return;
    }
    dispatcher
      .handle(typeof req.body === 'string' ? req.body : '')
      .then((ack) => res.status(200).set('Content-Type', SIF_CONTENT_TYPE).end(Buffer.from(ack, 'utf8')))
      .catch(next);
  });
  app.use((_req, res) => {
    res
      .status(404)
      .type('text/plain')
      .send(`Not found. SIF agents POST to /zone/${resolved.zoneId}; the admin endpoints are under /__admin.\n`);
  });

  const server = await listen(app, { port: resolved.port });
  const { url, port } = server;
  zoneUrl = `${url}/zone/${resolved.zoneId}`;
  return {
    url,
    zoneUrl,
    port,
    zoneId: resolved.zoneId,
    state: () => zoneState(context, zoneUrl),
    changes,
    context,
    startEventStream: (streamOptions) => streams.start(streamOptions),
    get eventStream() {
      return streams.current;
    },
    close: async () => {
      await streams.stop();
      await context.close();
      await server.close();
    },
  };
}
