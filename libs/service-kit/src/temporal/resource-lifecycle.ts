import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection } from '@temporalio/worker';
import { DataSource } from 'typeorm';

/** Closes the pools last, after the worker has drained (Nest calls this after BeforeShutdown hooks). */
@Injectable()
export class ResourceLifecycle implements OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    private readonly connection: NativeConnection,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close().catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
