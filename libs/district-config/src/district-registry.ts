import type { DistrictConfig } from './district-schema';

export class UnknownDistrictError extends Error {
  constructor(id: string, known: readonly string[]) {
    super(`no district "${id}" is configured (configured: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownDistrictError';
  }
}

/** A secret a district needs is not in the environment. */
export class MissingSecretError extends Error {
  constructor(district: string, setting: string, envName: string) {
    super(`district ${district}: ${setting} names the environment variable ${envName}, which is not set`);
    this.name = 'MissingSecretError';
  }
}

/** A district is configured, but without the block a feature needs (e.g. no `ptp`: passback is off for it). */
export class DistrictNotConfiguredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The configured districts, looked up by id; activities get a district id and ask here. */
export class DistrictRegistry {
  private readonly byId: Map<string, DistrictConfig>;

  constructor(
    readonly districts: readonly DistrictConfig[],
    private readonly env: Record<string, string | undefined> = process.env,
  ) {
    this.byId = new Map(districts.map((district) => [district.id, district]));
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }

  get(id: string): DistrictConfig {
    const district = this.byId.get(id);
    if (!district) throw new UnknownDistrictError(id, this.ids);
    return district;
  }

  /** The value of a secret the district's config names, e.g. `secret('springfield', 'canvas.tokenEnv', …)`. */
  secret(districtId: string, setting: string, envName: string): string {
    const value = this.env[envName];
    if (!value) throw new MissingSecretError(districtId, setting, envName);
    return value;
  }

  /** Checks at start-up that every secret the given settings name is present. */
  assertSecrets(pick: (district: DistrictConfig) => Array<[setting: string, envName: string]>): void {
    for (const district of this.districts) {
      for (const [setting, envName] of pick(district)) this.secret(district.id, setting, envName);
    }
  }
}
