import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { temporal } from '@temporalio/proto';
import { resolveTemporalCli, startTemporalDevServer } from '@sisbridge/local-infra';
import { TEST_ENV } from '../../test-env';
import { quietTemporalRuntime, WorkflowTestEnv } from '../workflow-test-env';
import { HISTORY_ACTIVITIES, HISTORY_SCENARIOS } from './history-scenarios';
import { HISTORIES_DIR } from './recorded-histories';

/**
 * `npm run histories:record [-- <scenario name filter>]`: runs every scenario of
 * history-scenarios.ts with the current workflow bundle on a fresh Temporal dev server and writes
 * each run's history to workflows/definitions/test-histories/. It overwrites the files of the
 * scenarios it runs and touches no other file, so histories kept from earlier releases stay (see
 * the README, "Changing a workflow").
 */
async function main(): Promise<void> {
  const filter = process.argv[2];
  const log = (line: string) => process.stderr.write(`${line}\n`);
  quietTemporalRuntime();
  const repoRoot = resolve(__dirname, '../../../../..');
  const source = await resolveTemporalCli({ allowBuild: true, allowDownload: false, log, repoToolsDir: join(repoRoot, '.tools') });
  const devServer = await startTemporalDevServer({ source });
  process.env[TEST_ENV.temporalAddress] = devServer.address;
  const env = await WorkflowTestEnv.start('histories', HISTORY_ACTIVITIES);
  try {
    for (const scenario of HISTORY_SCENARIOS.filter((candidate) => !filter || candidate.name.includes(filter))) {
      const { workflowId, firstRunId } = await scenario.run(env);
      const runs = await env.runsOf(workflowId, firstRunId);
      for (const [index, runId] of runs.entries()) {
        const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
        const file = join(HISTORIES_DIR, `${scenario.name}${runs.length > 1 ? `-run-${index + 1}` : ''}.json`);
        mkdirSync(dirname(file), { recursive: true });
        // The History message as protobufjs writes it (enums by name, 64-bit numbers as strings, bytes in base64). Not the
        // SDK's historyToJSON: with two copies of protobufjs installed (Temporal's and gRPC's), it refuses Temporal's types.
        writeFileSync(file, `${JSON.stringify(temporal.api.history.v1.History.fromObject(history).toJSON(), null, 2)}\n`);
        log(`recorded ${relative(repoRoot, file)} (${history.events?.length ?? 0} events)`);
      }
    }
  } finally {
    await env.teardown();
    await devServer.teardown();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `recording the workflow histories failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
