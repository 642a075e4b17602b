import { Injectable } from '@nestjs/common';
import { classified } from '@sisbridge/activity-failures';
import type { NightlyPassbackActivities } from '@sisbridge/contracts';
import { NightlyPlanner } from '../passback/steps/nightly-planner';
import { NightlyPlans } from '../passback/stores/nightly-plans';

/**
 * The nightly passback's activities: read which courses are set to `nightly_sync` and who teaches
 * them, store that as the night's plan, and hand it to the workflow a page at a time.
 */
@Injectable()
export class NightlyPassbackActivitiesService {
  constructor(
    private readonly planner: NightlyPlanner,
    private readonly plans: NightlyPlans,
  ) {}

  asActivities(): NightlyPassbackActivities {
    return {
      planNightlyPassback: (input) => classified(() => this.planner.plan(input.districtId, input.planId)),
      nightlyPassbackTeachers: (input) => this.plans.teachers(input.planId, input.offset, input.limit),
    };
  }
}
