import { z } from 'zod';
import { env, loadConfig } from '@sisbridge/config';

/** Ports and folders of the local stack; defaults match the README. */
const stackConfigSchema = z.object({
  TEMPORAL_PORT: env.port(7233),
  TEMPORAL_UI_PORT: env.port(8233),
  SIF_INGEST_PORT: env.port(3001),
  CANVAS_PROVISIONER_PORT: env.port(3002),
  PTP_GRADEBOOK_PORT: env.port(3003),
  WORKFLOW_WORKER_PORT: env.port(3004),
  EMBEDDED_POSTGRES_PORT: env.port(54329),
  SIF_SIMULATOR_PORT: env.port(7070),
  CANVAS_SIMULATOR_PORT: env.port(7080),
  PTP_SIMULATOR_PORT: env.port(7090),
  /** The test LTI platform's Sync Grades page: Canvas's part of an LTI launch, for trying the teacher's page. */
  LTI_PLATFORM_PORT: env.port(7100),
  /** Where browsers reach ptp-gradebook (the LTI tool's URLs); default http://127.0.0.1:PTP_GRADEBOOK_PORT. */
  PUBLIC_URL: env.httpUrl().optional(),
  /** The districts file to run with (as `--districts`); default the sandbox district. */
  DISTRICTS_FILE: env.nonEmpty('the path of a districts file (YAML or JSON)').optional(),
  /** Git-ignored folder for logs, the Temporal dev-server database and embedded Postgres. */
  SISBRIDGE_DATA_DIR: env.nonEmpty('a folder path').default('.data'),
  LOG_LEVEL: env.logLevel(),
});

export type StackConfig = z.output<typeof stackConfigSchema>;

export function loadStackConfig(): StackConfig {
  return loadConfig('local stack', stackConfigSchema);
}
