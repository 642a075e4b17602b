import { ScheduleOverlapPolicy, type ScheduleOptions, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import {
  NIGHTLY_PASSBACK_WORKFLOW,
  nightlyPassbackScheduleId,
  SearchAttributes,
  TaskQueues,
  type NightlyPassbackWorkflow,
} from '@sisbridge/contracts';
import type { DistrictConfig } from '@sisbridge/district-config';

/**
 * The nightly passback schedule of a district: at `schedules.passback.at` in its time zone, the
 * passback of every course set to `nightly_sync`, teacher by teacher. Never two nights at once
 * (overlap SKIP); after an outage it catches up within two hours, and otherwise waits for the next
 * night rather than writing grades into PowerTeacher Pro in the middle of a school day.
 */
export function nightlyPassbackSchedule(
  district: DistrictConfig,
): ScheduleOptions<ScheduleOptionsStartWorkflowAction<NightlyPassbackWorkflow>> {
  const settings = district.schedules.passback;
  const [hour, minute] = settings.at.split(':').map(Number) as [number, number];
  return {
    scheduleId: nightlyPassbackScheduleId(district.id),
    spec: { calendars: [{ hour, minute, comment: `nightly at ${settings.at} ${district.timeZone}` }], timezone: district.timeZone },
    action: {
      type: 'startWorkflow',
      workflowType: NIGHTLY_PASSBACK_WORKFLOW,
      // Temporal appends the scheduled time: passback-nightly-springfield-2026-11-29T03:00:00Z.
      workflowId: nightlyPassbackScheduleId(district.id),
      taskQueue: TaskQueues.orchestration,
      args: [{ districtId: district.id }],
      staticSummary: `Nightly passback of ${district.id} (courses set to nightly_sync)`,
      typedSearchAttributes: new TypedSearchAttributes([
        { key: SearchAttributes.district, value: district.id },
        { key: SearchAttributes.runKind, value: 'nightly-passback' },
      ]),
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '2 hours', pauseOnFailure: false },
    state: {
      paused: !settings.enabled,
      note: settings.enabled ? undefined : 'disabled in the districts file (schedules.passback.enabled)',
    },
  };
}
