import { z } from 'zod';
import { env, loadConfig } from '@sisbridge/config';
import { serviceConfigShape } from '@sisbridge/service-kit';

export const canvasProvisionerConfigSchema = z.object({
  ...serviceConfigShape,
  PORT: env.port(3002),
});

export type CanvasProvisionerConfig = z.output<typeof canvasProvisionerConfigSchema>;

export function loadCanvasProvisionerConfig(): CanvasProvisionerConfig {
  return loadConfig('canvas-provisioner', canvasProvisionerConfigSchema);
}
