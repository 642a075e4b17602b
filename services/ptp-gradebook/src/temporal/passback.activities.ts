import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { PassbackActivities, TeacherCategoryActivities } from '@sisbridge/contracts';
import { CanvasApiError } from '@sisbridge/canvas-client';
import { DistrictRegistry } from '@sisbridge/district-config';
import { PtpApiError } from '@sisbridge/ptp-client';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import { withHeartbeats } from '@sisbridge/temporal';
import { TeacherCategoriesReader } from '../categories/teacher-categories-reader';
import { AssignmentSync } from '../passback/steps/assignment-sync';
import { PassbackCompensator } from '../passback/steps/passback-compensator';
import { PassbackFinisher } from '../passback/steps/passback-finisher';
import { PassbackPreparer } from '../passback/steps/passback-preparer';
import { PassbackRunStore } from '../passback/stores/passback-run-store';
import { ScoreCollector } from '../passback/steps/score-collector';
import { ScoreWriter } from '../passback/steps/score-writer';
import { TeacherResolver } from '../passback/steps/teacher-resolver';
import type { PtpGradebookConfig } from '../ptp-gradebook.config';
import { TeacherRosters } from '../teacher-rosters/teacher-rosters';
import { classified, toActivityFailure } from '@sisbridge/activity-failures';

/** Passback and category activities of ptp-gradebook; merged into the service's activities object. */
@Injectable()
export class PassbackActivitiesService {
  constructor(
    private readonly resolver: TeacherResolver,
    private readonly preparer: PassbackPreparer,
    private readonly collector: ScoreCollector,
    private readonly assignments: AssignmentSync,
    private readonly scores: ScoreWriter,
    private readonly compensator: PassbackCompensator,
    private readonly finisher: PassbackFinisher,
    private readonly categories: TeacherCategoriesReader,
    private readonly rosters: TeacherRosters,
    private readonly runs: PassbackRunStore,
    private readonly districts: DistrictRegistry,
    @Inject(SERVICE_CONFIG) private readonly config: PtpGradebookConfig,
  ) {}

  asActivities(): PassbackActivities & TeacherCategoryActivities {
    return {
      resolveTeacher: ({ districtId, teacher }) => classified(() => this.resolver.resolve(districtId, teacher)),
      // Every step heartbeats while it runs (the workflow gives them a short heartbeat timeout, so a
      // killed worker's step is retried elsewhere within seconds, however long PTP makes it wait).
      preparePassback: (input) =>
        this.step(input.runId, () =>
          withHeartbeats(
            () => undefined,
            () => this.preparer.prepare(input),
          ),
        ),
      collectPassbackScores: (input) =>
        this.step(input.runId, () =>
          withHeartbeats(
            () => undefined,
            () => this.collector.collect(input),
          ),
        ),
      syncPtpAssignments: (input) => this.step(input.runId, () => this.assignments.sync(input)),
      writePtpScores: (input) => this.step(input.runId, () => this.scores.write(input)),
      compensatePassback: (input) => undoing(() => this.compensator.compensate(input)),
      finishPassback: (input) =>
        classified(() =>
          withHeartbeats(
            () => undefined,
            () => this.finisher.finish(input),
          ),
        ),
      readTeacherCategories: (input) =>
        classified(() =>
          withHeartbeats(
            () => undefined,
            () => this.categories.read(input),
          ),
        ),
      // A district without PTP settings passes nothing back: it has no categories to sync either.
      teachersWithSections: ({ districtId, after, limit }) =>
        classified(async () => ({
          teacherSisIds: this.districts.get(districtId).ptp ? await this.rosters.teachersWithSections(districtId, after, limit) : [],
        })),
    };
  }

  /**
   * A step of a run: a failure worth retrying is retried until the run has been failing for
   * PASSBACK_GIVE_UP_AFTER_SECONDS (across steps and attempts; any step that succeeds resets it),
   * then the step gives up and the workflow undoes the run.
   */
  private async step<T>(runId: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      await this.runs.recovered(runId);
      return result;
    } catch (error) {
      const retryable = (error instanceof PtpApiError || error instanceof CanvasApiError) && error.retryable;
      const failingForMs = retryable ? Date.now() - (await this.runs.failingSince(runId)).getTime() : undefined;
      throw toActivityFailure(error, {
        giveUpAfterMs: this.config.PASSBACK_GIVE_UP_AFTER_SECONDS * 1000,
        ...(failingForMs === undefined ? {} : { failingForMs }),
      });
    }
  }
}

/**
 * Compensation keeps trying: a PTP that refuses the plugin now (credentials regenerated, access
 * withdrawn) may accept it once an operator fixes it, and PTP must end as it was before the run.
 */
async function undoing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PtpApiError && (error.kind === 'unauthorized' || error.kind === 'forbidden')) {
      throw ApplicationFailure.create({
        type: `Ptp.${error.kind}`,
        message: `${error.message} — undoing the run waits until PowerTeacher Pro accepts the plugin again`,
        nonRetryable: false,
        nextRetryDelay: '1 minute',
      });
    }
    throw toActivityFailure(error);
  }
}
