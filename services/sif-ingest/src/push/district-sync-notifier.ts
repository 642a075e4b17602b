import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { PinoLogger } from 'nestjs-pino';
import { DISTRICT_SYNC_WORKFLOW, districtSyncStartOptions, sifEventsStoredSignal } from '@sisbridge/contracts';

/** Tells a district's sync workflow that events were stored, so their window starts now. */
export interface EventsStoredNotifier {
  eventsStored(districtId: string, events: number, firstStoredAt: Date): Promise<void>;
}

/**
 * Signal-with-start on the district sync workflow. A push never fails because Temporal is away:
 * the events are stored (and acked), and the district sync finds them when it next counts what
 * is pending (it does on every start and after every run), or the nightly run takes them in.
 */
@Injectable()
export class DistrictSyncNotifier implements EventsStoredNotifier {
  constructor(
    @Inject(Client) private readonly client: Client,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext('DistrictSyncNotifier');
  }

  async eventsStored(districtId: string, events: number, firstStoredAt: Date): Promise<void> {
    try {
      await this.client.workflow.signalWithStart(DISTRICT_SYNC_WORKFLOW, {
        ...districtSyncStartOptions(districtId),
        signal: sifEventsStoredSignal,
        signalArgs: [{ events, firstStoredAt: firstStoredAt.toISOString() }],
      });
    } catch (error) {
      this.logger.warn(
        { districtId, events, error: error instanceof Error ? error.message : String(error) },
        'could not tell the district sync that events were stored; it will find them when it next looks',
      );
    }
  }
}
