import type { ScoreRecord } from '../model/gradebook-records';

/** A score as `POST /ws/xte/assignment_score` returns it (§2.4). */
export function scoreJson(score: ScoreRecord, sectionsdcid: number | undefined): Record<string, unknown> {
  return {
    _name: 'assignmentscore',
    _id: score.assignmentscoreid,
    assignmentscoreid: score.assignmentscoreid,
    studentsdcid: score.studentsdcid,
    actualscoreentered: score.actualscoreentered,
    actualscorekind: score.actualscorekind,
    scorepoints: score.scorepoints,
    scorepercent: score.scorepercent,
    scorelettergrade: score.scorelettergrade,
    scorenumericgrade: score.scorenumericgrade,
    islate: score.islate,
    isexempt: score.isexempt,
    ismissing: score.ismissing,
    isabsent: score.isabsent,
    isincomplete: score.isincomplete,
    iscollected: score.iscollected,
    authoredbyuc: false,
    hasretake: false,
    scoreentrydate: score.scoreentrydate,
    whenmodified: score.whenmodified,
    yearid: score.yearid,
    _assignmentsection: { assignmentsectionid: score.assignmentsectionid, ...(sectionsdcid === undefined ? {} : { sectionsdcid }) },
    _assignmentscorecomment: score.comment === null ? {} : { commentvalue: score.comment },
  };
}
