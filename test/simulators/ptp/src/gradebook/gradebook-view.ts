import type { PtpStore } from '../model/ptp-store';

export interface GradebookViewFilter {
  sectionsdcid?: number;
  usersDcid?: number;
}

/**
 * The read-only picture behind `GET /__admin/state`: per section, the assignments in it and every
 * score, in PTP's field names. Sections without assignments are left out unless asked for by id.
 */
export function gradebookView(
  store: PtpStore,
  filter: GradebookViewFilter = {},
): { yearid: number; sections: Array<Record<string, unknown>> } {
  const bySection = new Map<number, Array<Record<string, unknown>>>();
  for (const assignment of [...store.assignments.values()].sort((a, b) => a.assignmentid - b.assignmentid)) {
    for (const section of assignment.sections) {
      const entry = {
        assignmentid: assignment.assignmentid,
        assignmentsectionid: section.assignmentsectionid,
        name: section.name,
        duedate: section.duedate,
        scoretype: section.scoretype,
        scoreentrypoints: section.scoreentrypoints,
        extracreditpoints: section.extracreditpoints,
        totalpointvalue: section.totalpointvalue,
        createdbyplugin: assignment.createdbyplugin,
        categories: section.categoryAssociations.map((a) => ({
          teachercategoryid: a.teachercategoryid,
          name: store.categories.get(a.teachercategoryid)?.name ?? null,
          isprimary: a.isprimary,
        })),
        students: section.studentAssociations,
        scores: store.scoresOfSection(section.assignmentsectionid).map((s) => ({
          assignmentscoreid: s.assignmentscoreid,
          studentsdcid: s.studentsdcid,
          actualscoreentered: s.actualscoreentered,
          actualscorekind: s.actualscorekind,
          scorepoints: s.scorepoints,
          scorepercent: s.scorepercent,
          scorelettergrade: s.scorelettergrade,
          islate: s.islate,
          isexempt: s.isexempt,
          ismissing: s.ismissing,
          isabsent: s.isabsent,
          isincomplete: s.isincomplete,
          iscollected: s.iscollected,
          comment: s.comment,
        })),
      };
      bySection.set(section.sectionsdcid, [...(bySection.get(section.sectionsdcid) ?? []), entry]);
    }
  }
  const sections = [...store.sections.values()]
    .filter((s) => (filter.sectionsdcid === undefined ? bySection.has(s.sectionsdcid) : s.sectionsdcid === filter.sectionsdcid))
    .filter((s) => filter.usersDcid === undefined || s.teachers.includes(filter.usersDcid))
    .sort((a, b) => a.sectionsdcid - b.sectionsdcid)
    .map((s) => ({
      sectionsdcid: s.sectionsdcid,
      schoolid: s.schoolid,
      course_number: s.course_number,
      course_name: s.course_name,
      section_number: s.section_number,
      termid: s.termid,
      yearid: s.yearid,
      teachers: s.teachers,
      assignments: bySection.get(s.sectionsdcid) ?? [],
    }));
  return { yearid: store.district.yearid, sections };
}

/** Teachers with their sections this year and how many students each has, to pick test subjects from. */
export function teachersView(store: PtpStore): Array<Record<string, unknown>> {
  const yearid = store.district.yearid;
  return [...store.teachers.values()]
    .sort((a, b) => a.users_dcid - b.users_dcid)
    .map((teacher) => ({
      users_dcid: teacher.users_dcid,
      name: `${teacher.first_name} ${teacher.last_name}`,
      loginid: teacher.loginid,
      schoolid: teacher.schoolid,
      categories: store.categoriesOf(teacher.users_dcid).length,
      sections: [...store.sectionsTaughtBy(teacher.users_dcid)]
        .map((dcid) => store.sections.get(dcid))
        .filter((s) => s !== undefined && s.yearid === yearid)
        .map((s) => ({
          sectionsdcid: s?.sectionsdcid,
          termid: s?.termid,
          course_name: s?.course_name,
          students: s ? store.enrolledStudents(s.sectionsdcid).length : 0,
        })),
    }));
}
