import { z } from 'zod';
import { env, loadConfig } from '@sisbridge/config';
import { serviceConfigShape } from '@sisbridge/service-kit';

export const ptpGradebookConfigSchema = z.object({
  ...serviceConfigShape,
  PORT: env.port(3003),
});

export type PtpGradebookConfig = z.output<typeof ptpGradebookConfigSchema>;

export function loadPtpGradebookConfig(): PtpGradebookConfig {
  return loadConfig('ptp-gradebook', ptpGradebookConfigSchema);
}
