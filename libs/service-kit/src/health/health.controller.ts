import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DatabaseHealthIndicator } from './database.health';
import { TemporalHealthIndicator } from './temporal.health';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
    private readonly temporal: TemporalHealthIndicator,
  ) {}

  /** Liveness: the process is up and its event loop answers. Never checks dependencies. */
  @Get('healthz')
  @ApiOperation({ summary: 'Liveness: the process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: Postgres and Temporal both answer; a 503 body names whichever is down. */
  @Get('readyz')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: Postgres and Temporal are reachable' })
  ready() {
    return this.health.check([() => this.database.check(), () => this.temporal.check()]);
  }
}
