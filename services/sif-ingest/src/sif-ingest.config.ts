import { z } from 'zod';
import { env, loadConfig } from '@sisbridge/config';
import { serviceConfigShape } from '@sisbridge/service-kit';

export const sifIngestConfigSchema = z.object({
  ...serviceConfigShape,
  PORT: env.port(3001),
});

export type SifIngestConfig = z.output<typeof sifIngestConfigSchema>;

export function loadSifIngestConfig(): SifIngestConfig {
  return loadConfig('sif-ingest', sifIngestConfigSchema);
}
