/**
 * Every workflow the orchestration worker runs. This file is the entry point of the workflow
 * bundle, so it must import only workflow-safe code: `@temporalio/workflow` and the contracts.
 */
export { wiringCheckWorkflow } from './wiring/wiring-check.workflow';
export { ingestDistrictWorkflow } from './ingest/ingest-district.workflow';
export { provisionDistrictWorkflow } from './provisioning/provision-district.workflow';
