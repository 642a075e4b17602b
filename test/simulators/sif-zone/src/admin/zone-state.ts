import { SIF_OBJECT_NAMES } from '@sisbridge/sandbox-district';
import { describeFaultSpec } from '@sisbridge/sim-common';
import type { ZoneContext } from '../zone/zone-context';

const SHOWN_QUEUE_ENTRIES = 50;

/** A read-only picture of the zone for `GET /__admin/state`: registrations, queues, settings, faults. */
export function zoneState(context: ZoneContext, zoneUrl: string) {
  const { options, dataset, injector } = context;
  return {
    zoneId: options.zoneId,
    zoneUrl,
    asleep: context.asleep,
    zisSourceId: options.zisSourceId,
    providerSourceId: options.providerSourceId,
    district: {
      ...dataset.origin,
      dcidElementName: dataset.dcidElementName,
      exitDateSemantics: dataset.exitDateSemantics,
      counts: Object.fromEntries(SIF_OBJECT_NAMES.map((objectName) => [objectName, dataset.count(objectName)])),
      /** Objects of a loaded export served as written (the model cannot hold them): the agent should reject each. */
      servedAsWritten: {
        count: dataset.allVerbatim.length,
        objects: dataset.allVerbatim
          .slice(0, SHOWN_QUEUE_ENTRIES)
          .map((object) => ({ objectName: object.objectName, refId: object.refId ?? null, file: object.file, problem: object.problem })),
      },
    },
    settings: {
      deleteEvents: options.deleteEvents,
      deleteEventKeys: options.deleteEventKeys,
      innerMessageXmlns: options.innerMessageXmlns,
      ackSourceId: options.ackSourceId,
      paging: options.paging,
      yearlessSchoolYear: options.yearlessSchoolYear,
      timestampOffset: options.timestampOffset,
      supportedVersions: options.supportedVersions,
      providerVersion: options.providerVersion,
      minBufferSize: options.minBufferSize,
      restrictSourceIds: options.restrictSourceIds ?? null,
      /** Whether pushes carry the HMAC signature (the secret itself is never shown). */
      pushSigned: options.pushSecret !== undefined,
    },
    faults: { spec: describeFaultSpec(injector.current), counters: { ...injector.counters } },
    agents: context.agents.all().map((agent) => ({
      sourceId: agent.sourceId,
      name: agent.name,
      mode: agent.mode,
      url: agent.url ?? null,
      versions: agent.versions,
      version: agent.version,
      maxBufferSize: agent.maxBufferSize,
      asleep: agent.asleep,
      registeredAt: agent.registeredAt,
      subscriptions: [...agent.subscriptions],
      requestObjects: [...agent.requestObjects],
      queue: {
        length: agent.queue.length,
        eventsBlocked: agent.queue.eventsBlocked,
        entries: agent.queue.summary().slice(0, SHOWN_QUEUE_ENTRIES),
        ...agent.queue.counters,
        rejected: agent.queue.rejected.slice(-SHOWN_QUEUE_ENTRIES),
      },
      push: agent.mode === 'Push' ? agent.push : null,
    })),
  };
}

export type ZoneState = ReturnType<typeof zoneState>;
