import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';
import type { TemporalConfig } from './temporal-config';

export interface TemporalConnectionSettings {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

/** Turns configuration into the options both `Connection` and `NativeConnection` accept. */
export function temporalConnectionSettings(config: TemporalConfig): TemporalConnectionSettings {
  const settings: TemporalConnectionSettings = { address: config.TEMPORAL_ADDRESS };
  if (config.TEMPORAL_TLS_CERT_FILE || config.TEMPORAL_TLS_KEY_FILE) {
    if (!config.TEMPORAL_TLS_CERT_FILE || !config.TEMPORAL_TLS_KEY_FILE) {
      throw new Error('TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE must be set together (mTLS needs both)');
    }
    settings.tls = {
      serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
      serverRootCACertificate: config.TEMPORAL_TLS_CA_FILE ? readFileSync(config.TEMPORAL_TLS_CA_FILE) : undefined,
      clientCertPair: {
        crt: readFileSync(config.TEMPORAL_TLS_CERT_FILE),
        key: readFileSync(config.TEMPORAL_TLS_KEY_FILE),
      },
    };
  }
  if (config.TEMPORAL_API_KEY) {
    settings.apiKey = config.TEMPORAL_API_KEY;
    settings.tls ??= true;
  }
  return settings;
}
