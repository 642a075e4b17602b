import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { pingDatabase } from '@sisbridge/persistence';
import { firstLine } from '../startup/startup-error';

@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async check() {
    const indicator = this.health.check('postgres');
    try {
      await pingDatabase(this.dataSource);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: firstLine(error) });
    }
  }
}
