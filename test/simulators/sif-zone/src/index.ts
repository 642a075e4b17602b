export { startSifZoneSimulator, type SifZoneSimulator } from './zone/start-sif-zone-simulator';
export { resolveZoneOptions, type SifZoneSimulatorOptions, type AckSourceId, type Paging } from './zone/zone-options';
export { DELETE_EVENT_KEYS, type DeleteEventKeys } from './dataset/event-objects';
export type { YearlessSchoolYear } from './requests/sif-query';
export type { ZoneState } from './admin/zone-state';
export { AdminError, type ChangeResult } from './admin/district-changes';
export type { PublishedEvent } from './dataset/event-publisher';
export { SIF_ERRORS, SifError } from './sif/sif-error';
export { SIF_STATUS } from './sif/sif-status';
export { SIF_2_VERSIONS } from './sif/sif-versions';
export {
  TestAgent,
  ackResultOf,
  bodyOf,
  objectsIn,
  responseFields,
  type AckResult,
  type PostedAck,
  type PulledMessage,
  type Condition,
} from './test-agent/test-agent';
export {
  EventStream,
  REAL_CLOCK,
  type EventStreamOptions,
  type EventStreamReport,
  type PublishedChange,
  type StreamClock,
  type StreamStopReason,
} from './intraday/event-stream';
export { CHANGE_KINDS, DEFAULT_CHANGE_MIX, parseChangeMix, type ChangeKind, type ChangeMix } from './intraday/change-mix';
export type { ChangedObject, MadeChange } from './intraday/school-day-changes';
export { pushSignatureHeaders } from './delivery/push-signature';
