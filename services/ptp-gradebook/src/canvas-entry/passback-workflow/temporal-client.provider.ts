import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { SERVICE_CONFIG, StartupError } from '@sisbridge/service-kit';
import { connectClient, TemporalUnavailableError } from '@sisbridge/temporal';
import type { PtpGradebookConfig } from '../../ptp-gradebook.config';

/**
 * The Temporal client this service starts, updates and queries passbacks with (the worker has its
 * own connection). An unreachable Temporal stops start-up with one line, like the worker's does.
 */
export const temporalClientProvider: Provider = {
  provide: Client,
  inject: [SERVICE_CONFIG],
  useFactory: async (config: PtpGradebookConfig): Promise<Client> => {
    try {
      return await connectClient(config);
    } catch (error) {
      if (error instanceof TemporalUnavailableError) throw new StartupError(error.message);
      throw error;
    }
  },
};

/** Closes the client's connection when the application stops. */
@Injectable()
export class TemporalClientLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close().catch(() => undefined);
  }
}
