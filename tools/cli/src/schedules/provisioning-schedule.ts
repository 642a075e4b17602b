import { ScheduleOverlapPolicy, type ScheduleOptions, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import {
  PROVISION_DISTRICT_WORKFLOW,
  provisionScheduleId,
  SearchAttributes,
  TaskQueues,
  type ProvisionDistrictWorkflow,
} from '@sisbridge/contracts';
import type { DistrictConfig } from '@sisbridge/district-config';

/**
 * The nightly provisioning schedule of a district: at its configured local time in its time zone,
 * never two runs at once (overlap SKIP: a run still waiting for a guard decision makes the next
 * night skip), catching up within six hours after an outage.
 */
export function provisioningSchedule(
  district: DistrictConfig,
): ScheduleOptions<ScheduleOptionsStartWorkflowAction<ProvisionDistrictWorkflow>> {
  const [hour, minute] = district.schedules.provisioning.at.split(':').map(Number) as [number, number];
  return {
    scheduleId: provisionScheduleId(district.id),
    spec: {
      calendars: [{ hour, minute, comment: `nightly at ${district.schedules.provisioning.at} ${district.timeZone}` }],
      timezone: district.timeZone,
    },
    action: {
      type: 'startWorkflow',
      workflowType: PROVISION_DISTRICT_WORKFLOW,
      // Temporal appends the scheduled time: provision-springfield-2026-11-29T08:00:00Z.
      workflowId: provisionScheduleId(district.id),
      taskQueue: TaskQueues.orchestration,
      args: [{ districtId: district.id, trigger: 'schedule' }],
      staticSummary: `Nightly provisioning of ${district.id}`,
      typedSearchAttributes: new TypedSearchAttributes([
        { key: SearchAttributes.district, value: district.id },
        { key: SearchAttributes.runKind, value: 'nightly' },
      ]),
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '6 hours', pauseOnFailure: false },
    state: {
      paused: !district.schedules.provisioning.enabled,
      note: district.schedules.provisioning.enabled ? undefined : 'disabled in the districts file',
    },
  };
}
