export { componentEnv, RunningSystem, testClient, type RunningComponent, type SystemEnv } from './running-system';
export { createTestDatabase, type TestDatabase } from './test-database';
export { TEST_ENV, testEnv } from './test-env';
export { createTestNamespace } from './test-namespace';
export { RecordingProxy, type RecordedExchange } from './recording-proxy';
export { TcpProxy } from './tcp-proxy';
export { FakeSifZone, type FakeSifZoneOptions } from './sif/fake-sif-zone';
export { LtiRoles, TestLtiPlatform, type LaunchContext, type SignOptions } from './lti/test-lti-platform';
export { SyncGradesPage, type SyncGradesCourse, type SyncGradesPageOptions, type SyncGradesTool } from './lti/sync-grades-page';
