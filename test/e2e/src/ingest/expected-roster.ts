import type { RosterEntity } from '@sisbridge/roster';
import type { SandboxDistrict } from '@sisbridge/sandbox-district';

/**
 * The roster a SandboxDistrict must become, computed from the district's model (never from SIF
 * XML, never with sif-ingest's builder) by the mission's rules, written out again here:
 * current school year only; sections' terms and teachers from ScheduleInfo (deduplicated, in
 * order); no district-level staff; students with a school or section enrollment not exited;
 * exited enrollments dropped; SIS ids `SCH/TRM/CRS/SEC/T/S` + DCID (or RefId when no DCID is
 * published); a person's schools sorted; the first address of the Primary e-mail.
 */
export function expectedRoster(
  district: SandboxDistrict,
  options: { asOf: string; exitDateMeaning: 'day-after-last' | 'last-day' },
): RosterEntity[] {
  const withDcid = district.dcidElementName !== null;
  const id = (prefix: string, object: { dcid: number; refId: string }) => `${prefix}${withDcid ? object.dcid : object.refId}`;
  const dcid = (object: { dcid: number }) => (withDcid ? { dcid: object.dcid } : {});
  const year = district.schoolYear;
  const enrolled = (exit: string | undefined) =>
    !exit || (options.exitDateMeaning === 'day-after-last' ? exit > options.asOf : exit >= options.asOf);
  const out: RosterEntity[] = [];

  const schools = new Map(district.schools.map((s) => [s.refId, id('SCH', s)]));
  for (const s of district.schools) {
    out.push({
      kind: 'school',
      sisId: id('SCH', s),
      refId: s.refId,
      ...dcid(s),
      name: s.schoolName,
      ...(s.localId ? { schoolNumber: s.localId } : {}),
      ...(s.stateProvinceId ? { stateId: s.stateProvinceId } : {}),
    });
  }
  const terms = new Map<string, { sisId: string; school: string }>();
  for (const t of district.terms.filter((t) => t.schoolYear === year && schools.has(t.schoolInfoRefId))) {
    const school = schools.get(t.schoolInfoRefId) ?? '';
    terms.set(t.refId, { sisId: id('TRM', t), school });
    out.push({
      kind: 'term',
      sisId: id('TRM', t),
      refId: t.refId,
      ...dcid(t),
      schoolSisId: school,
      name: t.description ?? t.termCode ?? id('TRM', t),
      startDate: t.startDate,
      endDate: t.endDate,
      ...(t.termCode ? { termCode: t.termCode } : {}),
      schoolYear: year,
    });
  }
  const courses = new Map<string, { sisId: string; school: string }>();
  for (const c of district.courses.filter((c) => c.schoolYear === year && schools.has(c.schoolInfoRefId))) {
    const school = schools.get(c.schoolInfoRefId) ?? '';
    courses.set(c.refId, { sisId: id('CRS', c), school });
    out.push({
      kind: 'course',
      sisId: id('CRS', c),
      refId: c.refId,
      ...dcid(c),
      schoolSisId: school,
      ...(c.courseCode ? { courseCode: c.courseCode } : {}),
      title: c.courseTitle ?? c.courseCode ?? id('CRS', c),
    });
  }
  const staffIds = new Map(district.staff.map((p) => [p.refId, id('T', p)]));
  const studentIds = new Map(district.students.map((p) => [p.refId, id('S', p)]));
  const schoolsOf = new Map<string, Set<string>>();
  const addSchool = (person: string, school: string) => schoolsOf.set(person, (schoolsOf.get(person) ?? new Set()).add(school));
  for (const a of district.staffAssignments) {
    if (a.schoolYear === year && schools.has(a.schoolInfoRefId) && staffIds.has(a.staffPersonalRefId))
      addSchool(a.staffPersonalRefId, schools.get(a.schoolInfoRefId) ?? '');
  }
  const sections = new Map<string, { sisId: string; school: string }>();
  for (const s of district.sections.filter((s) => s.schoolYear === year && courses.has(s.schoolCourseInfoRefId))) {
    const course = courses.get(s.schoolCourseInfoRefId) ?? { sisId: '', school: '' };
    const termSisIds: string[] = [];
    const teachers: string[] = [];
    for (const schedule of s.scheduleInfoList) {
      const term = terms.get(schedule.termInfoRefId)?.sisId;
      if (term && !termSisIds.includes(term)) termSisIds.push(term);
      for (const teacher of schedule.teacherRefIds) if (!teachers.includes(teacher)) teachers.push(teacher);
    }
    sections.set(s.refId, { sisId: id('SEC', s), school: course.school });
    const teacherSisIds = teachers.map((t) => staffIds.get(t) ?? '');
    out.push({
      kind: 'section',
      sisId: id('SEC', s),
      refId: s.refId,
      ...dcid(s),
      courseSisId: course.sisId,
      schoolSisId: course.school,
      ...(s.localId ? { sectionCode: s.localId } : {}),
      ...(s.description ? { description: s.description } : {}),
      termSisIds,
      teacherSisIds,
    });
    for (const [index, teacher] of teachers.entries()) {
      addSchool(teacher, course.school);
      const user = teacherSisIds[index] ?? '';
      out.push({
        kind: 'enrollment',
        sisId: `${id('SEC', s)}|${user}|teacher`,
        sectionSisId: id('SEC', s),
        userSisId: user,
        role: 'teacher',
      });
    }
  }
  const grades = new Map<string, Array<{ home: boolean; school: string; grade?: string }>>();
  for (const e of district.schoolEnrollments) {
    if (e.schoolYear !== year || !schools.has(e.schoolInfoRefId) || !studentIds.has(e.studentPersonalRefId) || !enrolled(e.exitDate))
      continue;
    const school = schools.get(e.schoolInfoRefId) ?? '';
    addSchool(e.studentPersonalRefId, school);
    grades.set(e.studentPersonalRefId, [
      ...(grades.get(e.studentPersonalRefId) ?? []),
      { home: e.membershipType === 'Home', school, grade: e.gradeLevel },
    ]);
  }
  const seen = new Set<string>();
  for (const e of [...district.sectionEnrollments].sort((a, b) => (a.refId < b.refId ? -1 : 1))) {
    const section = sections.get(e.sectionInfoRefId);
    const student = studentIds.get(e.studentPersonalRefId);
    if (e.schoolYear !== year || !section || !student || !enrolled(e.exitDate)) continue;
    const sisId = `${section.sisId}|${student}|student`;
    if (seen.has(sisId)) continue;
    seen.add(sisId);
    addSchool(e.studentPersonalRefId, section.school);
    out.push({
      kind: 'enrollment',
      sisId,
      sectionSisId: section.sisId,
      userSisId: student,
      role: 'student',
      refId: e.refId,
      ...(e.entryDate ? { entryDate: e.entryDate } : {}),
      ...(e.exitDate ? { exitDate: e.exitDate } : {}),
    });
  }
  // The mission: an e-mail only when PowerSchool's Primary field holds exactly one address.
  const email = (emails: Array<{ type: string; address: string }> | undefined) => {
    const addresses = (emails?.find((m) => m.type === 'Primary')?.address ?? '').split(/[,;\s]+/).filter((part) => part.includes('@'));
    return addresses.length === 1 ? addresses[0] : undefined;
  };
  for (const p of district.staff) {
    const set = schoolsOf.get(p.refId);
    if (!set) continue;
    const mail = email(p.emails);
    out.push({
      kind: 'user',
      sisId: id('T', p),
      refId: p.refId,
      ...dcid(p),
      personType: 'staff',
      localId: p.localId,
      firstName: p.name.firstName,
      lastName: p.name.lastName,
      ...(p.name.middleName ? { middleName: p.name.middleName } : {}),
      ...(mail ? { email: mail } : {}),
      schoolSisIds: [...set].sort(),
    });
  }
  for (const p of district.students) {
    const set = schoolsOf.get(p.refId);
    if (!set) continue;
    const mail = email(p.emails);
    const ordered = [...(grades.get(p.refId) ?? [])].sort(
      (a, b) => Number(b.home) - Number(a.home) || (a.school < b.school ? -1 : a.school > b.school ? 1 : 0),
    );
    const grade = ordered.find((g) => g.grade)?.grade ?? p.mostRecent?.gradeLevel;
    out.push({
      kind: 'user',
      sisId: id('S', p),
      refId: p.refId,
      ...dcid(p),
      personType: 'student',
      localId: p.localId,
      firstName: p.name.firstName,
      lastName: p.name.lastName,
      ...(p.name.middleName ? { middleName: p.name.middleName } : {}),
      ...(mail ? { email: mail } : {}),
      schoolSisIds: [...set].sort(),
      ...(grade ? { gradeLevel: grade } : {}),
    });
  }
  return out;
}
