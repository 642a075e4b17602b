import { join } from 'node:path';
import { freePort, startTemporalDevServer, type TemporalCliSource, type TemporalDevServer } from '@sisbridge/local-infra';

/**
 * A Temporal dev server of one scenario's own, on a fixed port. With its database in a file it
 * can be stopped mid-run and started again with every workflow it held (as a real cluster keeps
 * them across a restart); in memory (the default) it is faster, and a restart would lose
 * everything. Nothing else on the machine uses it.
 */
export class RestartableTemporal {
  private server?: TemporalDevServer;

  private constructor(
    private readonly source: TemporalCliSource,
    readonly port: number,
    private readonly dbFilename: string | undefined,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(source: TemporalCliSource, directory: string, persistent: boolean): Promise<RestartableTemporal> {
    const temporal = new RestartableTemporal(source, await freePort(), persistent ? join(directory, 'temporal.db') : undefined);
    await temporal.start();
    return temporal;
  }

  async start(): Promise<void> {
    this.server = await startTemporalDevServer({ source: this.source, port: this.port, dbFilename: this.dbFilename });
  }

  /** Stops the server; with a database file, `start()` brings it back with every workflow. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.teardown();
  }
}
