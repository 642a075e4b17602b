/**
 * Every workflow the orchestration worker runs. This file is the entry point of the workflow
 * bundle, so it must import only workflow-safe code: `@temporalio/workflow` and the contracts.
 */
export { wiringCheckWorkflow } from './wiring/wiring-check.workflow';
export { ingestDistrictWorkflow } from './ingest/ingest-district.workflow';
export { provisionDistrictWorkflow } from './provisioning/provision-district.workflow';
export { districtSyncWorkflow } from './district-sync/district-sync.workflow';
export { sifEventsReportWorkflow } from './district-sync/sif-events-report.workflow';
export { nightlyPassbackWorkflow } from './nightly-passback/nightly-passback.workflow';
export { passbackTeacherWorkflow } from './passback/passback-teacher.workflow';
export { resolveTeacherWorkflow } from './passback/resolve-teacher.workflow';
export { syncCategoriesWorkflow } from './categories/sync-categories.workflow';
export { syncDistrictCategoriesWorkflow } from './categories/sync-district-categories.workflow';
