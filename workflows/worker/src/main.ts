import pino from 'pino';
import { Worker } from '@temporalio/worker';
import { ConfigError } from '@sisbridge/config';
import { TaskQueues } from '@sisbridge/contracts';
import {
  checkTemporal,
  connectWorkerConnection,
  installTemporalRuntime,
  processMetricsRegistry,
  startMetricsEndpoint,
  type MetricsEndpoint,
} from '@sisbridge/temporal';
import { findPrebuiltBundle, WORKFLOWS_ENTRY } from './bundle/workflow-sources';
import { startHealthServer } from './health-server';
import { loadWorkflowWorkerConfig, type WorkflowWorkerConfig } from './workflow-worker.config';

/**
 * The orchestration worker: runs every sisbridge workflow on the `orchestration` task queue.
 * Activities run in the services; this process only executes deterministic workflow code.
 */
async function main(): Promise<void> {
  let config: WorkflowWorkerConfig;
  try {
    config = loadWorkflowWorkerConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(78);
  }
  if (config.METRICS_PORT !== 0 && config.METRICS_PORT === config.HEALTH_PORT) {
    process.stderr.write(
      `workflow-worker: invalid configuration: METRICS_PORT must differ from HEALTH_PORT (both ${config.HEALTH_PORT}): metrics have a port of their own\n`,
    );
    process.exit(78);
  }
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'workflow-worker' }, messageKey: 'msg' });
  const sdkMetrics = installTemporalRuntime(logger);
  const registry = processMetricsRegistry('workflow-worker');
  sdkMetrics.exportTo(registry);

  let connection;
  try {
    connection = await connectWorkerConnection(config);
  } catch (error) {
    process.stderr.write(`workflow-worker: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(69);
  }

  const bundlePath = findPrebuiltBundle(config.WORKFLOW_BUNDLE_PATH);
  if (!bundlePath) logger.warn('No prebuilt workflow bundle found; bundling from source (run `npm run build` to prebuild)');
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: TaskQueues.orchestration,
    ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath: WORKFLOWS_ENTRY }),
    maxConcurrentWorkflowTaskExecutions: config.MAX_CONCURRENT_WORKFLOW_TASKS,
    shutdownGraceTime: `${config.SHUTDOWN_GRACE_SECONDS}s`,
  });

  let metrics: MetricsEndpoint;
  try {
    metrics = await startMetricsEndpoint({
      host: config.HOST,
      port: config.METRICS_PORT,
      scrape: async () => {
        sdkMetrics.drain();
        return { contentType: registry.contentType, body: await registry.metrics() };
      },
    });
  } catch (error) {
    process.stderr.write(
      `workflow-worker: cannot listen on ${config.HOST}:${config.METRICS_PORT} (METRICS_PORT): ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(69);
  }
  const health = await startHealthServer(config.HOST, config.HEALTH_PORT, {
    ready: async () => {
      if (worker.getState() !== 'RUNNING') throw new Error(`worker is ${worker.getState()}`);
      await checkTemporal(connection, config.TEMPORAL_NAMESPACE);
    },
  });
  logger.info(
    {
      taskQueue: TaskQueues.orchestration,
      bundle: bundlePath ?? 'bundled at start-up',
      healthPort: config.HEALTH_PORT,
      metricsPort: metrics.port,
    },
    'workflow-worker ready',
  );

  // The SDK's Runtime stops every worker on SIGINT/SIGTERM: run() resolves once in-flight tasks finish.
  try {
    await worker.run();
  } finally {
    health.close();
    await metrics.close();
    await connection.close();
    logger.info('workflow-worker stopped');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`workflow-worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
