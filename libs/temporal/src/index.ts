export { checkTemporal } from './check-temporal';
export { connectClient, connectWorkerConnection, TemporalUnavailableError } from './connect';
export { temporalConnectionSettings, type TemporalConnectionSettings } from './connection-options';
export { temporalConfigSchema, temporalConfigShape, type TemporalConfig } from './temporal-config';
export { installTemporalRuntime } from './install-runtime';
export { ensureSearchAttributes, type SearchAttributeDefinition } from './ensure-search-attributes';
export { withHeartbeats } from './with-heartbeats';
