import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { connectClient, TemporalUnavailableError, type TemporalConfig } from '@sisbridge/temporal';
import { StartupError } from '../startup/startup-error';
import { SERVICE_CONFIG } from '../tokens';

/** Closes the client's connection when the application stops. */
@Injectable()
class TemporalClientLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close().catch(() => undefined);
  }
}

/**
 * The Temporal client a service starts, signals and queries workflows with (its worker has its own
 * connection). An unreachable Temporal stops start-up with one line, as the worker's does.
 */
@Module({
  providers: [
    {
      provide: Client,
      inject: [SERVICE_CONFIG],
      useFactory: async (config: TemporalConfig): Promise<Client> => {
        try {
          return await connectClient(config);
        } catch (error) {
          if (error instanceof TemporalUnavailableError) throw new StartupError(error.message);
          throw error;
        }
      },
    },
    TemporalClientLifecycle,
  ],
  exports: [Client],
})
export class TemporalClientModule {}
