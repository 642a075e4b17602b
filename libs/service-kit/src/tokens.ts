/** Injection tokens shared by the service kit's providers. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const TEMPORAL_ACTIVITIES = Symbol('TEMPORAL_ACTIVITIES');
export const TEMPORAL_WORKER_SETTINGS = Symbol('TEMPORAL_WORKER_SETTINGS');
