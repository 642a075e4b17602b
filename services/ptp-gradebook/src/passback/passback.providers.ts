import type { Provider } from '@nestjs/common';
import { TeacherCategoriesReader } from '../categories/teacher-categories.reader';
import { PtpClients } from '../ptp/ptp-clients';
import { TeacherRosters } from '../roster/teacher-rosters';
import { PassbackActivitiesService } from '../temporal/passback.activities';
import { AssignmentSync } from './steps/assignment-sync';
import { PassbackCompensator } from './steps/passback-compensator';
import { PassbackFinisher } from './steps/passback-finisher';
import { PassbackPreparer } from './steps/passback-preparer';
import { ScoreCollector } from './steps/score-collector';
import { ScoreWriter } from './steps/score-writer';
import { TeacherResolver } from './steps/teacher-resolver';
import { AssignmentLinks } from './store/assignment-links';
import { PassbackRuns } from './store/passback-runs';
import { ScoreLedger } from './store/score-ledger';

/** Everything grade passback and category reads need in the worker (they use HttpService from @nestjs/axios). */
export const PASSBACK_PROVIDERS: Provider[] = [
  PtpClients,
  TeacherRosters,
  PassbackRuns,
  AssignmentLinks,
  ScoreLedger,
  TeacherResolver,
  PassbackPreparer,
  ScoreCollector,
  AssignmentSync,
  ScoreWriter,
  PassbackCompensator,
  PassbackFinisher,
  TeacherCategoriesReader,
  PassbackActivitiesService,
];
