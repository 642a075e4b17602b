import { Injectable } from '@nestjs/common';
import { DistrictRegistry } from '@sisbridge/district-config';

export interface DistrictApiCredentials {
  bearerToken?: string;
  hmacSecret?: string;
  hmacToleranceSeconds: number;
}

/**
 * Each district's passback API credentials, read from the environment variables its `api`
 * settings name. All of them are checked at start-up, so a missing secret stops the rollout with
 * one line instead of failing the first call from Canvas.
 */
@Injectable()
export class ApiCredentials {
  private readonly byDistrict = new Map<string, DistrictApiCredentials>();

  constructor(districts: DistrictRegistry) {
    for (const district of districts.districts) {
      const api = district.api;
      if (!api) continue;
      this.byDistrict.set(district.id, {
        ...(api.bearerTokenEnv ? { bearerToken: districts.secret(district.id, 'api.bearerTokenEnv', api.bearerTokenEnv) } : {}),
        ...(api.hmacSecretEnv ? { hmacSecret: districts.secret(district.id, 'api.hmacSecretEnv', api.hmacSecretEnv) } : {}),
        hmacToleranceSeconds: api.hmacToleranceSeconds,
      });
    }
  }

  /** Undefined when the district is unknown or has no `api` settings: every call is then refused. */
  of(districtId: string): DistrictApiCredentials | undefined {
    return this.byDistrict.get(districtId);
  }
}
