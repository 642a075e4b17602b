import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@sisbridge/local-infra';

const run = promisify(execFile);

/** Debian's Postgres 15 binaries (the machine's server is never touched: only its programs are used). */
export const POSTGRES_BIN = process.env['SISBRIDGE_CHAOS_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

/**
 * A Postgres server of the chaos command's own: a scratch data directory under /tmp, its own
 * port, started and stopped with `pg_ctl`, so a scenario can stop it mid-run without touching the
 * machine's shared server. Postgres refuses to run as root; as root it runs as the `postgres` user.
 */
export class ScratchPostgres {
  private constructor(
    readonly directory: string,
    readonly port: number,
    private readonly owner: { uid: number; gid: number } | undefined,
  ) {}

  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  get serverUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** A URL of another database on this server. */
  databaseUrl(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  static async create(): Promise<ScratchPostgres> {
    const directory = mkdtempSync(join(tmpdir(), 'sisbridge-chaos-pg-'));
    const owner = process.getuid?.() === 0 ? await postgresUser() : undefined;
    if (owner) chownSync(directory, owner.uid, owner.gid);
    const server = new ScratchPostgres(directory, await freePort(), owner);
    await server.pg('initdb', ['-D', server.dataDirectory, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    await server.start();
    return server;
  }

  private get dataDirectory(): string {
    return join(this.directory, 'data');
  }

  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.directory}`,
      '-c max_connections=200',
      // Only a crash of the machine loses what fsync would have kept; a killed server loses nothing.
      '-c fsync=off',
    ].join(' ');
    await this.pg('pg_ctl', [
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      this.dataDirectory,
      '-l',
      join(this.directory, 'postgres.log'),
      '-o',
      options,
    ]);
  }

  /** `fast`: connections are closed and the server shuts down cleanly; `immediate`: as a crash would. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.pg('pg_ctl', ['stop', '-w', '-t', '60', '-m', mode, '-D', this.dataDirectory]);
  }

  /** The server's (postmaster's) pid, from its pid file; undefined while it is stopped. */
  serverPid(): number | undefined {
    try {
      const pid = Number(readFileSync(join(this.dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.directory, { recursive: true, force: true });
  }

  private async pg(program: string, args: string[]): Promise<void> {
    try {
      await run(join(POSTGRES_BIN, program), args, { cwd: this.directory, ...this.owner, timeout: 120_000 });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${program} ${args[0] ?? ''} failed: ${(stderr || stdout || String(error)).trim()}`, { cause: error });
    }
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
