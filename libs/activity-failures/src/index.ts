export { CANVAS_THROTTLE_RETRY_DELAY_MS, clientFailure, type RetryBudget } from './client-failure';
export { DomainRefusal } from './domain-refusal';
export { classified, CONFIGURATION_FAILURE, toActivityFailure } from './to-activity-failure';
export { withoutStudentIds } from './without-student-ids';
