export { ConfigError, type ConfigProblem } from './config-error';
export * as env from './env-fields';
export { loadConfig } from './load-config';
