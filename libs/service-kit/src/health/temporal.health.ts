import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { NativeConnection } from '@temporalio/worker';
import { checkTemporal } from '@sisbridge/temporal';
import { SERVICE_CONFIG } from '../tokens';
import type { ServiceConfig } from '../service-config';
import { firstLine } from '../startup/startup-error';

@Injectable()
export class TemporalHealthIndicator {
  constructor(
    private readonly connection: NativeConnection,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly health: HealthIndicatorService,
  ) {}

  async check() {
    const indicator = this.health.check('temporal');
    try {
      await checkTemporal(this.connection, this.config.TEMPORAL_NAMESPACE);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: firstLine(error) });
    }
  }
}
