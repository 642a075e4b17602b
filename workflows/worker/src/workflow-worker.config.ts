import { z } from 'zod';
import { env, loadConfig } from '@sisbridge/config';
import { temporalConfigShape } from '@sisbridge/temporal';

export const workflowWorkerConfigSchema = z.object({
  ...temporalConfigShape,
  LOG_LEVEL: env.logLevel(),
  /** Serves /healthz and /readyz for Kubernetes probes. */
  HEALTH_PORT: env.port(3004),
  /** Serves /metrics (the process's and the Temporal SDK's) alone, for Prometheus. */
  METRICS_PORT: env.listenPort(9464),
  HOST: env.nonEmpty('an interface address to listen on').default('0.0.0.0'),
  /** A prebuilt bundle (production images ship one); without it the worker bundles at start-up. */
  WORKFLOW_BUNDLE_PATH: env.nonEmpty('the path of a prebuilt workflow bundle (.js)').optional(),
  MAX_CONCURRENT_WORKFLOW_TASKS: env.positiveInt(40),
  SHUTDOWN_GRACE_SECONDS: env.positiveInt(25),
});

export type WorkflowWorkerConfig = z.output<typeof workflowWorkerConfigSchema>;

export function loadWorkflowWorkerConfig(): WorkflowWorkerConfig {
  return loadConfig('workflow-worker', workflowWorkerConfigSchema);
}
