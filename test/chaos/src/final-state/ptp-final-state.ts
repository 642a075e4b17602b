import type { PtpStore } from '@sisbridge/ptp-simulator';
import { collectState, type FinalState } from './final-state';

/**
 * The PowerTeacher Pro gradebook, cell by cell: every assignment section (section DCID and
 * name: its due date, points, extra points and category) and every score (section, assignment
 * name and student DCID: what was entered and the flags). A score row with nothing entered and no
 * flag is a blank cell, as a teacher sees it, and left out: XTE cannot remove a score, so undoing a
 * run's first score for a student writes exactly that.
 */
export function ptpFinalState(store: PtpStore): FinalState {
  const rows: Array<readonly [string, unknown]> = [];
  for (const assignment of store.assignments.values()) {
    for (const section of assignment.sections) {
      const where = `${section.sectionsdcid} "${section.name}"`;
      rows.push([
        `assignment ${where}`,
        {
          due: section.duedate,
          type: section.scoretype,
          points: section.scoreentrypoints,
          total: section.totalpointvalue,
          extra: section.extracreditpoints,
          weight: section.weight,
          counted: section.iscountedinfinalgrade,
          categories: section.categoryAssociations.map((c) => `${c.teachercategoryid}${c.isprimary ? '*' : ''}`).sort(),
          students: [...section.studentAssociations].sort((a, b) => a - b),
        },
      ]);
      for (const score of store.scoresOfSection(section.assignmentsectionid)) {
        const blank = score.actualscoreentered === null && !score.isexempt && !score.islate && !score.ismissing;
        if (blank) continue;
        rows.push([
          `score ${where} ${score.studentsdcid}`,
          {
            entered: score.actualscoreentered,
            kind: score.actualscorekind,
            exempt: score.isexempt,
            late: score.islate,
            missing: score.ismissing,
          },
        ]);
      }
    }
  }
  return collectState(rows);
}
