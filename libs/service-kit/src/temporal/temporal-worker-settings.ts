import type { TaskQueue } from '@sisbridge/contracts';

/** How a service's worker polls its task queue. */
export interface TemporalWorkerSettings {
  taskQueue: TaskQueue;
  /** Activities this process runs at once (memory-bound work such as an ingest wants few). */
  maxConcurrentActivities?: number;
  /**
   * A server-enforced ceiling across every worker of this queue, so a bulk nightly run cannot
   * exceed what Canvas or PowerSchool tolerate, however many pods are running.
   */
  maxTaskQueueActivitiesPerSecond?: number;
}
