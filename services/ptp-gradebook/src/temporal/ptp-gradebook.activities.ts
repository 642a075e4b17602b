import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PtpGradebookActivities, WiringCheckInput, WiringCheckReceipt } from '@sisbridge/contracts';
import { recordWiringCheck } from '@sisbridge/persistence';
import { PassbackActivitiesService } from './passback.activities';

/** The activities this service serves on its task queue; `asActivities()` is what the worker registers. */
@Injectable()
export class PtpGradebookActivitiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passback: PassbackActivitiesService,
  ) {}

  asActivities(): PtpGradebookActivities {
    return {
      ...this.passback.asActivities(),
      ptpGradebookWiringCheck: (input) => this.wiringCheck(input),
    };
  }

  private wiringCheck(input: WiringCheckInput): Promise<WiringCheckReceipt> {
    return recordWiringCheck(this.dataSource, 'ptp-gradebook', input);
  }
}
