import type { Command } from 'commander';
import {
  PROVISION_DISTRICT_WORKFLOW,
  provisionProgressQuery,
  provisionWorkflowId,
  SearchAttributes,
  TaskQueues,
  type ProvisionDistrictResult,
  type ProvisionDistrictWorkflow,
  type ProvisionProgress,
} from '@sisbridge/contracts';
import { TypedSearchAttributes } from '@temporalio/common';
import type { CliContext } from '../cli-context';
import type { CliOutput } from '../cli-output';
import { waitWithProgress } from '../wait-with-progress';
import { describeSummary, summarise } from './provision-summary';

interface ProvisionOptions {
  district?: string;
  dryRun: boolean;
  full: boolean;
  wait: boolean;
  json: boolean;
}

/** `sisbridge provision`: starts a provisioning run now (outside the nightly schedule). */
export function registerProvisionCommand(program: Command, context: () => CliContext, output: CliOutput): void {
  program
    .command('provision')
    .description('Provision a district into Canvas now: ingest, diff, guard, build, upload, poll, record')
    .option('--district <id>', 'the district (default: the only one configured)')
    .option('--dry-run', 'build and store the SIS Import files, upload nothing', false)
    .option('--full', 'send the whole roster, not only what changed since the last applied run', false)
    .option('--wait', 'wait for the run to finish, with a progress bar', false)
    .option('--json', 'print one JSON summary', false)
    .action(async (options: ProvisionOptions) => {
      const ctx = context();
      const districtId = ctx.district(options.district);
      const client = await ctx.temporal();
      const workflowId = provisionWorkflowId(districtId, new Date());
      const handle = await client.workflow.start<ProvisionDistrictWorkflow>(PROVISION_DISTRICT_WORKFLOW, {
        taskQueue: TaskQueues.orchestration,
        workflowId,
        args: [{ districtId, dryRun: options.dryRun, full: options.full, trigger: 'operator' }],
        staticSummary: `Provisioning ${districtId}${options.dryRun ? ' (dry run)' : ''}, started by an operator`,
        typedSearchAttributes: new TypedSearchAttributes([
          { key: SearchAttributes.district, value: districtId },
          { key: SearchAttributes.runKind, value: options.dryRun ? 'dry-run' : 'manual' },
        ]),
      });
      if (!options.wait) {
        if (options.json) output.json({ workflowId, district: districtId, outcome: 'running' });
        else output.line(`started ${workflowId} (follow it in Temporal UI, or: sisbridge runs --district ${districtId})`);
        return;
      }
      const { result, failure } = await waitWithProgress<ProvisionDistrictResult, ProvisionProgress>(
        handle,
        provisionProgressQuery,
        (progress) => progress,
        {
          show: !options.json && process.stderr.isTTY === true,
        },
      );
      if (failure || !result) {
        if (options.json) output.json({ workflowId, district: districtId, outcome: 'failed', reason: failure });
        else output.error(`${workflowId}: failed — ${failure}`);
        process.exitCode = 1;
        return;
      }
      const summary = summarise(workflowId, districtId, result);
      if (options.json) output.json(summary);
      else for (const line of describeSummary(summary)) output.line(line);
      if (result.outcome === 'rejected' || result.outcome === 'failed') process.exitCode = 1;
    });
}
