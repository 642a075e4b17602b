import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { env, loadConfig } from '@sisbridge/config';
import { DistrictRegistry, loadDistrictsFile, type DistrictConfig } from '@sisbridge/district-config';
import { connectClient, temporalConfigShape } from '@sisbridge/temporal';

const cliConfigSchema = z.object({
  ...temporalConfigShape,
  DISTRICTS_FILE: env.nonEmpty('the path of the districts file (YAML or JSON)').optional(),
});

export type CliConfig = z.output<typeof cliConfigSchema>;

/** What a command needs: configuration, the districts, a Temporal client (opened on demand). */
export class CliContext {
  readonly config: CliConfig;
  readonly districts: DistrictRegistry;
  private client?: Client;

  constructor(environment: Record<string, string | undefined> = process.env) {
    this.config = loadConfig('sisbridge', cliConfigSchema, environment);
    this.districts = new DistrictRegistry(
      this.config.DISTRICTS_FILE ? loadDistrictsFile('sisbridge', this.config.DISTRICTS_FILE) : [],
      environment,
    );
  }

  async temporal(): Promise<Client> {
    this.client ??= await connectClient(this.config);
    return this.client;
  }

  /**
   * The district a command is about: the one named, or the only one configured. A name that is
   * not in the districts file is refused, when there is one.
   */
  district(named: string | undefined): string {
    if (named) {
      if (this.districts.ids.length > 0) this.districts.get(named);
      return named;
    }
    if (this.districts.ids.length === 1) return this.districts.ids[0] as string;
    throw new Error(
      this.districts.ids.length === 0
        ? 'name a district with --district (or set DISTRICTS_FILE)'
        : `name a district with --district (configured: ${this.districts.ids.join(', ')})`,
    );
  }

  configured(): readonly DistrictConfig[] {
    return this.districts.districts;
  }

  async close(): Promise<void> {
    await this.client?.connection.close();
  }
}
