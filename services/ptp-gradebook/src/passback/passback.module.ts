import { Module } from '@nestjs/common';
import { PtpClientsModule } from '../ptp/ptp-clients.module';
import { TeacherRostersModule } from '../teacher-rosters/teacher-rosters.module';
import { AssignmentSync } from './steps/assignment-sync';
import { NightlyPlanner } from './steps/nightly-planner';
import { PassbackCompensator } from './steps/passback-compensator';
import { PassbackFinisher } from './steps/passback-finisher';
import { PassbackPreparer } from './steps/passback-preparer';
import { ScoreCollector } from './steps/score-collector';
import { ScoreWriter } from './steps/score-writer';
import { TeacherResolver } from './steps/teacher-resolver';
import { AssignmentLinks } from './stores/assignment-links';
import { NightlyPlans } from './stores/nightly-plans';
import { PassbackPlanStore } from './stores/passback-plan-store';
import { PassbackRunStore } from './stores/passback-run-store';
import { RunOutcomes } from './stores/run-outcomes';
import { RunScores } from './stores/run-scores';
import { ScoreLedger } from './stores/score-ledger';

const STEPS = [
  TeacherResolver,
  PassbackPreparer,
  ScoreCollector,
  AssignmentSync,
  ScoreWriter,
  PassbackCompensator,
  PassbackFinisher,
  NightlyPlanner,
];
const STORES = [PassbackRunStore, PassbackPlanStore, RunScores, RunOutcomes, AssignmentLinks, ScoreLedger, NightlyPlans];

/**
 * Grade passback as a domain: the plan, the steps a run goes through and what they store. The
 * Temporal activities (temporal/) call the steps; nothing here knows about Temporal's worker.
 */
@Module({
  imports: [PtpClientsModule, TeacherRostersModule],
  providers: [...STEPS, ...STORES],
  exports: [...STEPS, PassbackRunStore, NightlyPlans, PtpClientsModule, TeacherRostersModule],
})
export class PassbackModule {}
