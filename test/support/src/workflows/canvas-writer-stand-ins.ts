import { Context } from '@temporalio/activity';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import {
  acquireCanvasWriterSignal,
  canvasWriterGrantedSignal,
  DISTRICT_SYNC_WORKFLOW,
  districtSyncStartOptions,
  type CanvasWriterRequest,
  type DistrictSyncLeaseActivities,
  type IntradaySettings,
} from '@sisbridge/contracts';
import { testEnv } from '../test-env';

const clients = new Map<string, Promise<Client>>();

/** A client on the test server in the namespace of the activity running now (stand-ins that signal workflows need one). */
export function activityClient(): Promise<Client> {
  const namespace = Context.current().info.workflowNamespace ?? 'default';
  let client = clients.get(namespace);
  if (!client) {
    client = Connection.connect({ address: testEnv('temporalAddress') }).then((connection) => new Client({ connection, namespace }));
    clients.set(namespace, client);
  }
  return client;
}

/**
 * canvas-provisioner's district sync activities, stood in for in workflow tests. By default a run
 * that asks for the Canvas writer lease gets it at once (as from a district sync with nothing else
 * to do), so a provisioning test needs no district sync; `viaDistrictSync` sends a request to the
 * real district sync workflow instead, as the service does (signal-with-start).
 */
export function canvasWriterStandIns(
  options: { settings?: (districtId: string) => IntradaySettings; viaDistrictSync?: (request: CanvasWriterRequest) => boolean } = {},
): DistrictSyncLeaseActivities {
  return {
    intradaySettings: async ({ districtId }) =>
      options.settings?.(districtId) ?? { enabled: true, windowSeconds: 1, mode: 'push', drainSeconds: 30 },
    requestCanvasWriter: async ({ districtId, request }) => {
      const client = await activityClient();
      if (options.viaDistrictSync?.(request)) {
        await client.workflow.signalWithStart(DISTRICT_SYNC_WORKFLOW, {
          ...districtSyncStartOptions(districtId),
          signal: acquireCanvasWriterSignal,
          signalArgs: [request],
        });
        return;
      }
      await client.workflow.getHandle(request.workflowId, request.runId).signal(canvasWriterGrantedSignal, { districtId });
    },
    awaitWorkflowClosed: async ({ workflowId, runId }) => {
      const client = await activityClient();
      const context = Context.current();
      for (;;) {
        try {
          const description = await client.workflow.getHandle(workflowId, runId).describe();
          if (description.status.name !== 'RUNNING') return { status: description.status.name };
        } catch (error) {
          if (error instanceof WorkflowNotFoundError) return { status: 'NOT_FOUND' };
          throw error;
        }
        context.heartbeat();
        await context.sleep(200);
      }
    },
  };
}

/** Closes the clients the stand-ins opened (in a suite's afterAll). */
export async function closeActivityClients(): Promise<void> {
  const open = [...clients.values()];
  clients.clear();
  await Promise.all(open.map(async (client) => (await client).connection.close()));
}
