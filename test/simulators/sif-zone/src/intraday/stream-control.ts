import type { DistrictChanges } from '../admin/district-changes';
import type { ZoneContext } from '../zone/zone-context';
import { EventStream, type EventStreamOptions, type EventStreamReport } from './event-stream';

/** The zone's one event stream at a time: started, read and stopped by the admin endpoints, the CLI or a benchmark. */
export class StreamControl {
  private stream: EventStream | undefined;

  constructor(
    private readonly context: ZoneContext,
    private readonly changes: DistrictChanges,
  ) {}

  /** Starts a stream; refused while one is running (stop it first). */
  start(options: EventStreamOptions): EventStream {
    if (this.stream?.running) throw new StreamRunningError();
    this.stream = new EventStream(this.context, this.changes, options);
    return this.stream;
  }

  /** The running or last stream. */
  get current(): EventStream | undefined {
    return this.stream;
  }

  async stop(): Promise<EventStreamReport | undefined> {
    return this.stream?.stop();
  }
}

export class StreamRunningError extends Error {
  constructor() {
    super('an event stream is running already: stop it first');
  }
}
