import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SifIngestActivities, WiringCheckInput, WiringCheckReceipt } from '@sisbridge/contracts';
import { recordWiringCheck } from '@sisbridge/persistence';

/** The activities this service serves on its task queue; `asActivities()` is what the worker registers. */
@Injectable()
export class SifIngestActivitiesService {
  constructor(private readonly dataSource: DataSource) {}

  asActivities(): SifIngestActivities {
    return {
      sifIngestWiringCheck: (input) => this.wiringCheck(input),
    };
  }

  private wiringCheck(input: WiringCheckInput): Promise<WiringCheckReceipt> {
    return recordWiringCheck(this.dataSource, 'sif-ingest', input);
  }
}
