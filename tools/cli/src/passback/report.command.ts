import type { Command } from 'commander';
import { PASSBACK_WORKFLOW, passbackReportQuery, type PassbackWorkflow } from '@sisbridge/contracts';
import type { CliContext } from '../cli-context';
import type { CliOutput } from '../cli-output';
import { passbackRunResult } from './passback.command';
import { describeResult, summarisePassback } from './passback-summary';

/**
 * `sisbridge report RUN`: one passback run's outcome, per assignment with the rule, value and
 * fix of each problem. RUN is a run id (as `passback` and the teacher's page print it) or a
 * workflow id (`passback-springfield-T4711`, its latest run).
 */
export function registerReportCommand(program: Command, context: () => CliContext, output: CliOutput): void {
  program
    .command('report')
    .argument('<run>', 'a passback run id, or a workflow id such as passback-springfield-T4711')
    .description('Show a passback run: each assignment, what happened, and for each problem its rule, value and fix')
    .option('--json', 'print the run’s result as JSON', false)
    .action(async (run: string, options: { json: boolean }) => {
      const client = await context().temporal();
      let workflowId = run;
      let runId: string | undefined;
      if (!run.startsWith('passback-')) {
        const safe = run.replace(/[^A-Za-z0-9-]/g, '');
        for await (const execution of client.workflow.list({ query: `WorkflowType = '${PASSBACK_WORKFLOW}' AND RunId = '${safe}'` })) {
          workflowId = execution.workflowId;
          runId = execution.runId;
          break;
        }
        if (!runId) throw new Error(`no passback run ${run} (give a run id or a workflow id such as passback-<district>-<teacher>)`);
      }
      const { result, failure, running } = await passbackRunResult(client, workflowId, runId);
      if (!result) {
        const report = running
          ? await client.workflow
              .getHandle<PassbackWorkflow>(workflowId, runId)
              .query(passbackReportQuery)
              .catch(() => null)
          : null;
        if (options.json)
          output.json({ workflowId, runId, outcome: running ? 'running' : 'failed', report, ...(failure ? { reason: failure } : {}) });
        else
          output.line(
            `${workflowId}: ${running ? 'running' : `failed — ${failure ?? 'no result'}`}${report ? ` (${report.valid} valid, ${report.invalid} invalid assignments)` : ''}`,
          );
        if (!running) process.exitCode = 1;
        return;
      }
      if (options.json) output.json({ ...summarisePassback(workflowId, result.runId, '', result), result });
      else for (const line of describeResult(workflowId, result)) output.line(line);
      if (result.outcome === 'failed') process.exitCode = 1;
    });
}
