/**
 * The contract between the workflows and the services, grouped by domain: each folder holds its
 * domain's activity interfaces, workflow inputs and results, signals, queries and workflow ids.
 * Pure types and small pure functions only: workflows import this library inside their sandbox.
 */
export * from './task-queues';
export * from './search-attributes';
export * from './workflow-ids';
export * from './wiring/wiring-check';
export * from './wiring/wiring-check.workflow-contract';
export * from './ingest/ingest-contracts';
export * from './ingest/ingest-workflow-contract';
export * from './ingest/sif-ingest-activities';
export * from './ingest/sif-event-ledger';
export * from './provisioning/provisioning-types';
export * from './provisioning/provision-district.workflow-contract';
export * from './provisioning/canvas-provisioner-activities';
export * from './passback/passback-types';
export * from './passback/passback.workflow-contract';
export * from './passback/passback-activities';
export * from './passback/passback-start';
export * from './passback/nightly-passback.workflow-contract';
export * from './passback/ptp-gradebook-activities';
export * from './categories/categories-types';
export * from './categories/categories.workflow-contract';
export * from './categories/category-link';
