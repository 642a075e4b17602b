import { z } from 'zod';
import { env } from '@sisbridge/config';
import { temporalConfigShape } from '@sisbridge/temporal';

/** What every sisbridge service needs; each service extends it with its own variables. */
export const serviceConfigShape = {
  ...temporalConfigShape,
  HOST: env.nonEmpty('an interface address to listen on, e.g. 0.0.0.0').default('0.0.0.0'),
  /**
   * `/metrics` (sisbridge's and the Temporal SDK's) is served on this port alone, apart from the
   * API and the probes on PORT, so a NetworkPolicy can tell Prometheus's traffic from the rest.
   */
  METRICS_PORT: env.listenPort(9464),
  DATABASE_URL: env.postgresUrl(),
  DATABASE_POOL_SIZE: env.positiveInt(10),
  DATABASE_CONNECT_TIMEOUT_SECONDS: env.positiveInt(15),
  LOG_LEVEL: env.logLevel(),
  /** The local stack and tests migrate at start-up; Kubernetes runs the migrations Job instead. */
  RUN_MIGRATIONS_ON_START: env.boolean(false),
  /** How long a SIGTERM waits for in-flight activities before cancelling them. */
  SHUTDOWN_GRACE_SECONDS: env.positiveInt(25),
  /** The districts file (YAML or JSON, see @sisbridge/district-config); without it, no district is served. */
  DISTRICTS_FILE: env.nonEmpty('the path of the districts file (YAML or JSON)').optional(),
};

export const serviceConfigSchema = z.object({ ...serviceConfigShape, PORT: env.port(3000) });
export type ServiceConfig = z.output<typeof serviceConfigSchema>;
