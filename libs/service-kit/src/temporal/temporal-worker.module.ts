import { DynamicModule, Module, type InjectionToken, type Provider } from '@nestjs/common';
import { TEMPORAL_ACTIVITIES, TEMPORAL_WORKER_SETTINGS } from '../tokens';
import { TemporalWorkerHost } from './temporal-worker.host';
import type { TemporalWorkerSettings } from './temporal-worker-settings';

export interface TemporalWorkerModuleOptions {
  settings: TemporalWorkerSettings;
  /** The Nest providers that implement the activities (they may inject the DataSource). */
  providers: Provider[];
  /** Builds the activities object the worker registers, from those providers. */
  activities: { inject: InjectionToken[]; useFactory: (...deps: never[]) => object };
}

/** Hosts the service's Temporal worker for its own task queue. */
@Module({})
export class TemporalWorkerModule {
  static register(options: TemporalWorkerModuleOptions): DynamicModule {
    return {
      module: TemporalWorkerModule,
      providers: [
        ...options.providers,
        { provide: TEMPORAL_WORKER_SETTINGS, useValue: options.settings },
        { provide: TEMPORAL_ACTIVITIES, inject: options.activities.inject, useFactory: options.activities.useFactory },
        TemporalWorkerHost,
      ],
      exports: options.providers,
    };
  }
}
