import type { Command } from 'commander';
import { PROVISION_DISTRICT_WORKFLOW, SearchAttributes, type ProvisionDistrictResult } from '@sisbridge/contracts';
import type { CliContext } from '../cli-context';
import type { CliOutput } from '../cli-output';
import { summarise, type ProvisionSummary } from './provision-summary';

/** `sisbridge runs`: recent provisioning runs from Temporal's visibility, with their outcomes. */
export function registerRunsCommand(program: Command, context: () => CliContext, output: CliOutput): void {
  program
    .command('runs')
    .description('List recent provisioning runs: status, counts, errors, Canvas import ids')
    .option('--district <id>', 'only this district')
    .option('--limit <n>', 'how many', (value) => Number.parseInt(value, 10), 10)
    .option('--json', 'print JSON', false)
    .action(async (options: { district?: string; limit: number; json: boolean }) => {
      const client = await context().temporal();
      const filters = [`WorkflowType = '${PROVISION_DISTRICT_WORKFLOW}'`];
      if (options.district) filters.push(`${SearchAttributes.district.name} = '${options.district.replace(/'/g, '')}'`);
      const runs: Array<ProvisionSummary & { status: string; startedAt: string }> = [];
      for await (const execution of client.workflow.list({ query: filters.join(' AND ') })) {
        if (runs.length >= options.limit) break;
        const district = execution.searchAttributes[SearchAttributes.district.name]?.[0];
        const base = { status: execution.status.name, startedAt: execution.startTime.toISOString() };
        let summary: ProvisionSummary;
        if (execution.status.name === 'COMPLETED') {
          const result = await client.workflow
            .getHandle<() => Promise<ProvisionDistrictResult>>(execution.workflowId, execution.runId)
            .result();
          summary = summarise(execution.workflowId, String(district ?? ''), result);
        } else {
          summary = {
            workflowId: execution.workflowId,
            district: String(district ?? ''),
            outcome: execution.status.name === 'RUNNING' ? 'running' : 'failed',
            kinds: {},
            rows: 0,
            canvasImportIds: [],
            errors: 0,
            warnings: 0,
          };
        }
        runs.push({ ...summary, ...base });
      }
      if (options.json) {
        output.json(runs);
        return;
      }
      if (runs.length === 0) output.line('no provisioning runs yet');
      for (const run of runs) {
        const counts = Object.entries(run.kinds)
          .filter(([, c]) => c.created + c.updated + c.deleted > 0)
          .map(([kind, c]) => `${kind} +${c.created} ~${c.updated} -${c.deleted}`)
          .join(', ');
        output.line(
          `${run.startedAt}  ${run.workflowId}  ${run.status.toLowerCase()}/${run.outcome}${counts ? `  ${counts}` : ''}${run.errors ? `  ${run.errors} Canvas errors` : ''}${run.reason ? `  — ${run.reason}` : ''}`,
        );
      }
    });
}
