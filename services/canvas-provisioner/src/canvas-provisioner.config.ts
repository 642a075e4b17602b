import { z } from 'zod';
import { env, loadConfig } from '@sisbridge/config';
import { serviceConfigShape } from '@sisbridge/service-kit';

export const canvasProvisionerConfigSchema = z.object({
  ...serviceConfigShape,
  PORT: env.port(3002),
  /** How often a running SIS import (or a restore's Progress) is polled. */
  CANVAS_POLL_INTERVAL_MS: env.positiveInt(5_000),
  /** How long a retried upload waits for Canvas to list recent imports' files, to recognise its own. */
  CANVAS_UPLOAD_RECOGNITION_SECONDS: env.positiveInt(300),
  /** How long a run stopped by the delete guard waits for an operator before rejecting itself. */
  GUARD_TIMEOUT_HOURS: env.positiveInt(20),
  /** Activities this process runs at once, and a ceiling across all canvas-provisioner workers. */
  WORKER_MAX_CONCURRENT_ACTIVITIES: env.positiveInt(20),
  WORKER_MAX_ACTIVITIES_PER_SECOND: z.coerce.number().positive().optional().describe('a positive number'),
});

export type CanvasProvisionerConfig = z.output<typeof canvasProvisionerConfigSchema>;

export function loadCanvasProvisionerConfig(): CanvasProvisionerConfig {
  return loadConfig('canvas-provisioner', canvasProvisionerConfigSchema);
}
