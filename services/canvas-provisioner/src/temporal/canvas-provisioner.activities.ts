import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CanvasProvisionerActivities, WiringCheckInput, WiringCheckReceipt } from '@sisbridge/contracts';
import { recordWiringCheck } from '@sisbridge/persistence';

/** The activities this service serves on its task queue; `asActivities()` is what the worker registers. */
@Injectable()
export class CanvasProvisionerActivitiesService {
  constructor(private readonly dataSource: DataSource) {}

  asActivities(): CanvasProvisionerActivities {
    return {
      canvasProvisionerWiringCheck: (input) => this.wiringCheck(input),
    };
  }

  private wiringCheck(input: WiringCheckInput): Promise<WiringCheckReceipt> {
    return recordWiringCheck(this.dataSource, 'canvas-provisioner', input);
  }
}
