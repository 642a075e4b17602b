export * from './task-queues';
export * from './activities/wiring-check';
export * from './activities/sif-ingest.activities';
export * from './activities/canvas-provisioner.activities';
export * from './activities/ptp-gradebook.activities';
export * from './workflows/wiring-check.workflow-contract';
export * from './search-attributes';
