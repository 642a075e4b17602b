import { ScheduleOverlapPolicy } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { NIGHTLY_PASSBACK_WORKFLOW, SearchAttributes } from '@sisbridge/contracts';
import { parseDistricts } from '@sisbridge/district-config';
import { nightlyPassbackSchedule } from './nightly-passback-schedule';

const district = (schedules?: unknown) =>
  parseDistricts('t', 'f', {
    districts: [
      {
        id: 'springfield',
        name: 'Springfield',
        timeZone: 'America/Chicago',
        sif: { zoneUrl: 'http://127.0.0.1:1/z' },
        canvas: { baseUrl: 'http://127.0.0.1:2', rootAccountId: 1, tokenEnv: 'T' },
        ...(schedules ? { schedules } : {}),
      },
    ],
  })[0] as ReturnType<typeof parseDistricts>[number];

describe('the nightly passback schedule of a district', () => {
  it('runs the nightly passback at the configured local time, never two at once', () => {
    const schedule = nightlyPassbackSchedule(district({ passback: { enabled: true, at: '22:30' } }));
    expect(schedule.scheduleId).toBe('passback-nightly-springfield');
    expect(schedule.spec).toEqual({
      calendars: [{ hour: 22, minute: 30, comment: 'nightly at 22:30 America/Chicago' }],
      timezone: 'America/Chicago',
    });
    expect(schedule.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: NIGHTLY_PASSBACK_WORKFLOW,
      workflowId: 'passback-nightly-springfield',
      taskQueue: 'orchestration',
      args: [{ districtId: 'springfield' }],
    });
    const attributes = schedule.action.typedSearchAttributes;
    expect(attributes instanceof TypedSearchAttributes ? attributes.get(SearchAttributes.runKind) : undefined).toBe('nightly-passback');
    expect(schedule.policies).toEqual({ overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '2 hours', pauseOnFailure: false });
    expect(schedule.state).toEqual({ paused: false, note: undefined });
  });

  it('is created paused while the district has not enabled it (the default)', () => {
    expect(nightlyPassbackSchedule(district()).state).toEqual({
      paused: true,
      note: 'disabled in the districts file (schedules.passback.enabled)',
    });
    expect(nightlyPassbackSchedule(district()).spec.calendars).toEqual([
      { hour: 21, minute: 0, comment: 'nightly at 21:00 America/Chicago' },
    ]);
  });
});
