import { NO_FAULTS, parseFaultSpec, type FaultSpec } from '@sisbridge/sim-common';
import type { SandboxDistrict } from '@sisbridge/sandbox-district';
import { DELETE_EVENT_KEYS, type DeleteEventKeys } from '../dataset/event-objects';
import type { YearlessSchoolYear } from '../requests/sif-query';
import { SIF_2_VERSIONS } from '../sif/sif-versions';

/** Whose SourceId the zone's own SIF_Ack headers carry **[U]**. */
export type AckSourceId = 'zis' | 'agent';

/** PowerSchool's paging settings: as many objects as fit (default), or one per packet (diagnostic). */
export type Paging = 'fill' | 'one-per-packet';

export interface SifZoneSimulatorOptions {
  district: SandboxDistrict;
  /** 0 (default) picks a free port. The simulator listens on 127.0.0.1 only. */
  port?: number;
  /** Case-sensitive, as PowerSchool's zones are. Default `SandboxZone`. */
  zoneId?: string;
  /** A FaultSpec or a `--faults` string; off by default. */
  faults?: FaultSpec | string;
  /** Only these SourceIds may register; any agent may when absent. */
  restrictSourceIds?: readonly string[];
  /** Report Delete events (PowerSchool's agent ships with them off). Default false. */
  deleteEvents?: boolean;
  /** What a Delete event carries **[U]**. Default `refid`. */
  deleteEventKeys?: DeleteEventKeys;
  /**
   * Whether the SIF_Message nested in a pull ack repeats `xmlns` **[U]**. PowerSchool zone
   * traffic leaves it out (it inherits the default namespace); the spec allows both. Default false.
   */
  innerMessageXmlns?: boolean;
  /** Whose SourceId the zone's acks carry in SIF_Header **[U]**. Default `zis`. */
  ackSourceId?: AckSourceId;
  /** SIF_SourceId of the zone itself. Default `ZIS`. */
  zisSourceId?: string;
  /** SIF_SourceId of the provider. Default `PowerSchool`. */
  providerSourceId?: string;
  /** The version PowerSchool's agent is configured with, used when an agent registers only wildcards. Default `2.4`. */
  providerVersion?: string;
  /** Versions this zone speaks. Default every SIF 2.x version. */
  supportedVersions?: readonly string[];
  paging?: Paging;
  /** `@SchoolYear` conditions on objects without a SchoolYear **[U]**: ignored (default) or refused with 8/9. */
  yearlessSchoolYear?: YearlessSchoolYear;
  /** The smallest SIF_MaxBufferSize an agent may register. Default 4096. */
  minBufferSize?: number;
  /** SIF_Timestamp with the UTC offset (default) or without it **[U]**. */
  timestampOffset?: boolean;
  /** Push: first retry delay, doubled per failure up to `pushRetryMaxMs`. Defaults 200 ms, 5 s. */
  pushRetryMs?: number;
  pushRetryMaxMs?: number;
  /** Push: how long to wait for the agent's SIF_Ack. Default 30 s. */
  pushTimeoutMs?: number;
  /**
   * Push: the district's shared secret; when set, every push carries `X-Sisbridge-Timestamp` and
   * `X-Sisbridge-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>">` (sisbridge's push endpoint checks them).
   */
  pushSecret?: string;
  /** Where to write one line per notable thing (registrations, push failures). Silent by default. */
  log?: (line: string) => void;
}

export interface ResolvedZoneOptions {
  port: number;
  zoneId: string;
  faults: FaultSpec;
  restrictSourceIds: readonly string[] | undefined;
  deleteEvents: boolean;
  deleteEventKeys: DeleteEventKeys;
  innerMessageXmlns: boolean;
  ackSourceId: AckSourceId;
  zisSourceId: string;
  providerSourceId: string;
  providerVersion: string;
  supportedVersions: readonly string[];
  paging: Paging;
  yearlessSchoolYear: YearlessSchoolYear;
  minBufferSize: number;
  timestampOffset: boolean;
  pushRetryMs: number;
  pushRetryMaxMs: number;
  pushTimeoutMs: number;
  /** Changed at run time by `PUT /__admin/settings {"pushSecret"}`. */
  pushSecret: string | undefined;
  log: (line: string) => void;
}

/** Options with their defaults, checked once: a bad one stops start-up with a sentence saying why. */
export function resolveZoneOptions(options: SifZoneSimulatorOptions): ResolvedZoneOptions {
  const supportedVersions = options.supportedVersions ?? SIF_2_VERSIONS;
  const providerVersion = options.providerVersion ?? '2.4';
  const zoneId = options.zoneId ?? 'SandboxZone';
  if (!/^[A-Za-z0-9_.-]+$/.test(zoneId)) throw new Error(`zoneId may hold letters, digits, "_", "." and "-" only (got "${zoneId}")`);
  if (!supportedVersions.includes(providerVersion))
    throw new Error(`providerVersion ${providerVersion} must be one of the supported versions (${supportedVersions.join(', ')})`);
  const deleteEventKeys = options.deleteEventKeys ?? 'refid';
  if (!DELETE_EVENT_KEYS.includes(deleteEventKeys)) throw new Error(`deleteEventKeys must be one of ${DELETE_EVENT_KEYS.join(', ')}`);
  return {
    port: options.port ?? 0,
    zoneId,
    faults: typeof options.faults === 'string' ? parseFaultSpec(options.faults) : (options.faults ?? NO_FAULTS),
    restrictSourceIds: options.restrictSourceIds,
    deleteEvents: options.deleteEvents ?? false,
    deleteEventKeys,
    innerMessageXmlns: options.innerMessageXmlns ?? false,
    ackSourceId: options.ackSourceId ?? 'zis',
    zisSourceId: options.zisSourceId ?? 'ZIS',
    providerSourceId: options.providerSourceId ?? 'PowerSchool',
    providerVersion,
    supportedVersions,
    paging: options.paging ?? 'fill',
    yearlessSchoolYear: options.yearlessSchoolYear ?? 'ignore',
    minBufferSize: options.minBufferSize ?? 4096,
    timestampOffset: options.timestampOffset ?? true,
    pushRetryMs: options.pushRetryMs ?? 200,
    pushRetryMaxMs: options.pushRetryMaxMs ?? 5_000,
    pushTimeoutMs: options.pushTimeoutMs ?? 30_000,
    pushSecret: options.pushSecret === '' ? undefined : options.pushSecret,
    log: options.log ?? (() => undefined),
  };
}
