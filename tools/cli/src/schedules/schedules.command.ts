import type { Command } from 'commander';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type ScheduleOptions } from '@temporalio/client';
import {
  DISTRICT_SYNC_WORKFLOW,
  districtSettingsChangedSignal,
  districtSyncStartOptions,
  nightlyPassbackScheduleId,
  provisionScheduleId,
} from '@sisbridge/contracts';
import type { CliContext } from '../cli-context';
import type { CliOutput } from '../cli-output';
import { nightlyPassbackSchedule } from './nightly-passback-schedule';
import { provisioningSchedule } from './provisioning-schedule';

/**
 * `sisbridge schedules apply`: creates or updates every district's Temporal Schedules from the
 * districts file (the Kubernetes setup Job runs it on each deploy).
 * `sisbridge schedule pause|resume|trigger`: steer one district's nightly provisioning.
 */
export function registerScheduleCommands(program: Command, context: () => CliContext, output: CliOutput): void {
  program
    .command('schedules')
    .description('Manage the Temporal Schedules of every configured district')
    .command('apply')
    .description('Create or update each district schedule from DISTRICTS_FILE (idempotent)')
    .option('--prune', 'also delete provisioning and nightly passback schedules of districts no longer configured', false)
    .option('--json', 'print JSON', false)
    .action(async (options: { prune: boolean; json: boolean }) => {
      const ctx = context();
      if (ctx.configured().length === 0) throw new Error('no districts configured: set DISTRICTS_FILE');
      const client = await ctx.temporal();
      const applied: Array<{ scheduleId: string; action: 'created' | 'updated' | 'deleted'; paused?: boolean }> = [];
      // Each district's nightly provisioning and its nightly passback (paused unless enabled).
      const wantedSchedules = ctx
        .configured()
        .flatMap((district): ScheduleOptions[] => [provisioningSchedule(district), nightlyPassbackSchedule(district)]);
      for (const options of wantedSchedules) {
        try {
          await client.schedule.create(options);
          applied.push({ scheduleId: options.scheduleId, action: 'created', paused: options.state?.paused });
        } catch (error) {
          if (!(error instanceof ScheduleAlreadyRunning)) throw error;
          const handle = client.schedule.getHandle(options.scheduleId);
          await handle.update((previous) => ({
            ...previous,
            spec: options.spec,
            action: options.action,
            policies: options.policies,
            state: { ...previous.state, ...options.state },
          }));
          if (options.state?.paused) await handle.pause(options.state.note);
          else await handle.unpause('enabled in the districts file');
          applied.push({ scheduleId: options.scheduleId, action: 'updated', paused: options.state?.paused });
        }
      }
      if (options.prune) {
        const wanted = new Set(ctx.configured().flatMap((d) => [provisionScheduleId(d.id), nightlyPassbackScheduleId(d.id)]));
        const ours = (id: string) => id.startsWith(provisionScheduleId('')) || id.startsWith(nightlyPassbackScheduleId(''));
        for await (const schedule of client.schedule.list()) {
          if (ours(schedule.scheduleId) && !wanted.has(schedule.scheduleId)) {
            await client.schedule.getHandle(schedule.scheduleId).delete();
            applied.push({ scheduleId: schedule.scheduleId, action: 'deleted' });
          }
        }
      }
      // Each district's sync workflow runs (started if needed) and reads its settings again.
      const syncs: Array<{ workflowId: string; action: 'signalled' }> = [];
      for (const district of ctx.configured()) {
        const start = districtSyncStartOptions(district.id);
        await client.workflow.signalWithStart(DISTRICT_SYNC_WORKFLOW, { ...start, signal: districtSettingsChangedSignal, signalArgs: [] });
        syncs.push({ workflowId: start.workflowId, action: 'signalled' });
      }
      if (options.json) output.json(applied);
      else {
        for (const item of applied) output.line(`${item.scheduleId}: ${item.action}${item.paused ? ' (paused)' : ''}`);
        for (const sync of syncs) output.line(`${sync.workflowId}: running, settings read again`);
      }
    });

  const schedule = program
    .command('schedule')
    .description("Steer one district's nightly provisioning (or, with --passback, nightly passback) schedule");
  for (const [verb, description] of [
    ['pause', 'Pause the nightly runs (e.g. during the summer rollover)'],
    ['resume', 'Resume the nightly runs'],
    ['trigger', 'Run the nightly provisioning now'],
  ] as const) {
    schedule
      .command(verb)
      .description(description)
      .option('--district <id>', 'the district (default: the only one configured)')
      .option('--note <text>', 'why (shown in Temporal UI)')
      .option('--passback', 'the nightly passback schedule instead of the provisioning one', false)
      .action(async (options: { district?: string; note?: string; passback: boolean }) => {
        const ctx = context();
        const districtId = ctx.district(options.district);
        const scheduleId = options.passback ? nightlyPassbackScheduleId(districtId) : provisionScheduleId(districtId);
        const handle = (await ctx.temporal()).schedule.getHandle(scheduleId);
        try {
          if (verb === 'pause') await handle.pause(options.note ?? 'paused with sisbridge schedule pause');
          else if (verb === 'resume') await handle.unpause(options.note ?? 'resumed with sisbridge schedule resume');
          else await handle.trigger();
        } catch (error) {
          if (error instanceof ScheduleNotFoundError)
            throw new Error(`district ${districtId} has no schedule yet: run sisbridge schedules apply`, { cause: error });
          throw error;
        }
        output.line(`${scheduleId}: ${verb === 'trigger' ? 'triggered' : `${verb}d`}`);
      });
  }
}
