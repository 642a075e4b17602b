import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import type { Context } from '@temporalio/activity';
import type { MetricsRegistry } from './metrics.registry';

/** Records every activity attempt's duration and outcome in the service's Prometheus registry. */
export class ActivityMetricsInterceptor implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly context: Context,
    private readonly metrics: MetricsRegistry,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { activityType, taskQueue } = this.context.info;
    const stop = this.metrics.activityDuration.startTimer({ task_queue: taskQueue, activity: activityType });
    try {
      const result = await next(input);
      stop({ outcome: 'completed' });
      return result;
    } catch (error) {
      stop({ outcome: 'failed' });
      const errorType = error instanceof Error ? error.name : 'unknown';
      this.metrics.activityFailures.inc({ task_queue: taskQueue, activity: activityType, error: errorType });
      throw error;
    }
  }
}
