import { z } from 'zod';
import { ConfigError, env, loadConfig } from '@sisbridge/config';
import { loadDistrictsFile, type DistrictConfig } from '@sisbridge/district-config';
import { serviceConfigShape } from '@sisbridge/service-kit';

export const sifIngestConfigSchema = z.object({
  ...serviceConfigShape,
  PORT: env.port(3001),
  /** The districts file (YAML or JSON); without it the service serves no district (the wiring check still runs). */
  DISTRICTS_FILE: env.nonEmpty('the path of the districts file (YAML or JSON)').optional(),
  /** Per client and district, per RATE_LIMIT_WINDOW_SECONDS: refused pushes before the client is answered 429 for the rest of the window. */
  RATE_LIMIT_WINDOW_SECONDS: env.positiveInt(60),
  SIF_PUSH_REFUSALS_PER_WINDOW: env.positiveInt(20),
});

export type SifIngestConfig = z.output<typeof sifIngestConfigSchema> & { districts: DistrictConfig[] };

/** Validates the environment and the districts file together, so a bad district stops start-up with one line. */
export function loadSifIngestConfig(): SifIngestConfig {
  const config = loadConfig('sif-ingest', sifIngestConfigSchema);
  const districts = config.DISTRICTS_FILE ? loadDistrictsFile('sif-ingest', config.DISTRICTS_FILE) : [];
  const problems = districts.flatMap((district, index) =>
    district.sif.mode === 'push' && !district.sif.pushUrl
      ? [
          {
            variable: `${config.DISTRICTS_FILE}: districts[${index}].sif.pushUrl`,
            expected: 'the URL the zone pushes to (this service’s /sif/push/{districtId}) when sif.mode is push',
          },
        ]
      : [],
  );
  if (problems.length > 0) throw new ConfigError('sif-ingest', problems);
  return { ...config, districts };
}
