import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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

  constructor(given: Record<string, string | undefined> = process.env) {
    const environment = { ...localStackEnvironment(given), ...definedOnly(given) };
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
        ? 'name a district with --district (or set DISTRICTS_FILE, or run this beside `npm start` in the checkout)'
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

/** The checkout this CLI was built in (this file compiles to tools/cli/dist/cli-context.js). */
const CHECKOUT = resolve(__dirname, '../../..');

/**
 * Beside a running `npm start`, in the checkout: the local stack's Temporal and districts file,
 * from the file it keeps while it runs (`.data/local-stack.json`, or under SISBRIDGE_DATA_DIR), so
 * `npx sisbridge …` works without being told where. The file is trusted only while the process
 * that wrote it is alive; whatever the environment sets wins. Anywhere else (an image, another
 * directory) there is no such file and nothing changes.
 */
function localStackEnvironment(given: Record<string, string | undefined>): Record<string, string> {
  if (given['TEMPORAL_ADDRESS'] && given['DISTRICTS_FILE']) return {};
  const file = resolve(CHECKOUT, given['SISBRIDGE_DATA_DIR'] ?? '.data', 'local-stack.json');
  let state: { pid?: unknown; env?: unknown };
  try {
    state = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; env?: unknown };
  } catch {
    return {};
  }
  if (typeof state.pid !== 'number' || !isAlive(state.pid) || typeof state.env !== 'object' || state.env === null) return {};
  return definedOnly(state.env as Record<string, unknown>);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function definedOnly(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
