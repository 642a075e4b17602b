import { DynamicModule, Module, type InjectionToken, type ModuleMetadata, type Provider } from '@nestjs/common';
import { TEMPORAL_ACTIVITIES, TEMPORAL_WORKER_SETTINGS } from '../tokens';
import { TemporalWorkerHost } from './temporal-worker.host';
import type { TemporalWorkerSettings } from './temporal-worker-settings';

export interface TemporalWorkerModuleOptions {
  settings: TemporalWorkerSettings;
  /** Modules the activity providers need (e.g. HttpModule from @nestjs/axios). */
  imports?: ModuleMetadata['imports'];
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
      imports: options.imports ?? [],
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
