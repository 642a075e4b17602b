import { z } from 'zod';
import { env } from '@sisbridge/config';

/**
 * How every sisbridge process reaches Temporal. Locally: the dev server on 127.0.0.1:7233.
 * Self-hosted with mTLS: the three TEMPORAL_TLS_* files (mounted from a Kubernetes Secret).
 * Temporal Cloud: TEMPORAL_API_KEY (TLS is then on, with the system's CAs).
 */
export const temporalConfigShape = {
  TEMPORAL_ADDRESS: env.temporalAddress().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: env.nonEmpty('a Temporal namespace name').default('default'),
  TEMPORAL_API_KEY: env.secret('a Temporal Cloud API key').optional(),
  TEMPORAL_TLS_CERT_FILE: env.nonEmpty('the path of a PEM client certificate').optional(),
  TEMPORAL_TLS_KEY_FILE: env.nonEmpty('the path of a PEM client key').optional(),
  TEMPORAL_TLS_CA_FILE: env.nonEmpty('the path of a PEM CA bundle for the server').optional(),
  TEMPORAL_TLS_SERVER_NAME: env.nonEmpty('the TLS server name of the Temporal frontend').optional(),
  TEMPORAL_CONNECT_TIMEOUT_SECONDS: env.positiveInt(15),
};

export const temporalConfigSchema = z.object(temporalConfigShape);
export type TemporalConfig = z.output<typeof temporalConfigSchema>;
