import type { Command } from 'commander';
import { WorkflowFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import {
  PASSBACK_WORKFLOW,
  passbackProgressQuery,
  passbackResultQuery,
  passbackIdentityOf,
  passbackStartOptions,
  samePassback,
  type PassbackIdentity,
  type PassbackProgress,
  type PassbackResult,
  type PassbackWorkflow,
} from '@sisbridge/contracts';
import type { CliContext } from '../cli-context';
import type { CliOutput } from '../cli-output';
import { waitWithProgress } from '../wait-with-progress';
import { describeResult, summarisePassback } from './passback-summary';
import { resolveTeacher } from './resolve-teacher';

interface PassbackOptions {
  teacher: string;
  course?: string;
  district?: string;
  wait: boolean;
  json: boolean;
}

/**
 * `sisbridge passback --teacher T [--course C]`: a teacher's grade passback now, as if they had
 * clicked "Sync Grades". A run already going for them is joined, not doubled.
 */
export function registerPassbackCommand(program: Command, context: () => CliContext, output: CliOutput): void {
  program
    .command('passback')
    .description('Pass a teacher’s Canvas grades back into PowerTeacher Pro now: validate, create or update assignments, write scores')
    .requiredOption('--teacher <teacher>', 'the teacher: PowerSchool DCID, SIS id or Canvas user id (dcid:, sis:, canvas: to say which)')
    .option('--course <sisId>', 'only this course (its SIS id)')
    .option('--district <id>', 'the district (default: the only one configured)')
    .option('--wait', 'wait for the run to finish, with a progress bar', false)
    .option('--json', 'print one JSON summary', false)
    .action(async (options: PassbackOptions) => {
      const ctx = context();
      const districtId = ctx.district(options.district);
      const client = await ctx.temporal();
      const teacher = await resolveTeacher(client, districtId, options.teacher);
      const start = passbackStartOptions({
        districtId,
        teacherSisId: teacher.teacherSisId,
        trigger: 'cli',
        ...(options.course ? { courseSisId: options.course } : {}),
      });
      const handle = await client.workflow.start<PassbackWorkflow>(PASSBACK_WORKFLOW, {
        ...start,
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      // A run this start joined must be this passback (district, teacher, course), or nothing of it is shown.
      const wanted = passbackIdentityOf({
        districtId,
        teacherSisId: teacher.teacherSisId,
        ...(options.course ? { courseSisId: options.course } : {}),
      });
      const running = (await handle.describe()).memo?.['passback'] as PassbackIdentity | undefined;
      if (running && !samePassback(running, wanted))
        throw new Error(`${handle.workflowId} is running for another passback than this one; nothing of it is shown (see Temporal UI)`);
      const runId = handle.firstExecutionRunId;
      if (!options.wait) {
        if (options.json) output.json({ workflowId: handle.workflowId, runId, teacher: teacher.teacherSisId, outcome: 'running' });
        else output.line(`started ${handle.workflowId} (run ${runId}); follow it in Temporal UI, or: sisbridge report ${runId}`);
        return;
      }
      const { result, failure } = await waitWithProgress<PassbackResult, PassbackProgress>(
        handle,
        passbackProgressQuery,
        (progress) => progress,
        {
          show: !options.json && process.stderr.isTTY === true,
        },
      );
      // A failed run still has a result: what was sent, what was undone, and why.
      const ended = result ?? (await resultOf(handle));
      if (!ended) {
        if (options.json)
          output.json({ workflowId: handle.workflowId, runId, teacher: teacher.teacherSisId, outcome: 'failed', reason: failure });
        else output.error(`${handle.workflowId}: failed — ${failure}`);
        process.exitCode = 1;
        return;
      }
      if (options.json)
        output.json({
          ...summarisePassback(handle.workflowId, ended.runId, teacher.teacherSisId, ended),
          ...(failure && !ended.reason ? { reason: failure } : {}),
        });
      else for (const line of describeResult(handle.workflowId, ended)) output.line(line);
      if (ended.outcome === 'failed' || failure) process.exitCode = 1;
    });
}

async function resultOf(handle: WorkflowHandle<PassbackWorkflow>): Promise<PassbackResult | null> {
  try {
    return await handle.query(passbackResultQuery);
  } catch {
    return null;
  }
}

/** The result of a passback run, by run id or workflow id: from the run when it completed, or from its query. */
export async function passbackRunResult(
  client: Client,
  workflowId: string,
  runId?: string,
): Promise<{ result?: PassbackResult; failure?: string; running: boolean }> {
  const handle = client.workflow.getHandle<PassbackWorkflow>(workflowId, runId);
  const description = await handle.describe();
  if (description.status.name === 'RUNNING') return { running: true, ...(await resultOrNothing(handle)) };
  try {
    return { running: false, result: await handle.result() };
  } catch (error) {
    const failure = error instanceof WorkflowFailedError ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    const result = await resultOf(handle);
    return { running: false, failure, ...(result ? { result } : {}) };
  }
}

async function resultOrNothing(handle: WorkflowHandle<PassbackWorkflow>): Promise<{ result?: PassbackResult }> {
  const result = await resultOf(handle);
  return result ? { result } : {};
}
