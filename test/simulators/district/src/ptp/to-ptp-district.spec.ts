import { generateDistrict } from '../generate/generate-district';
import { toPtpDistrict } from './to-ptp-district';

const district = generateDistrict({ size: 'tiny', seed: 21, schoolYear: 2026 });
const ptp = toPtpDistrict(district);

describe('the district as PowerTeacher Pro sees it', () => {
  it('is deterministic from the same district', () => {
    expect(toPtpDistrict(generateDistrict({ size: 'tiny', seed: 21, schoolYear: 2026 }))).toEqual(ptp);
  });

  it('numbers terms per school as TERMS.ID = yearid × 100 + n, with their store codes', () => {
    expect(ptp.yearid).toBe(35);
    for (const school of ptp.schools) {
      const terms = ptp.terms.filter((term) => term.schoolid === school.school_number && term.yearid === 35);
      expect(terms.map((term) => [term.id, term.abbreviation, term.portion])).toEqual([
        [3500, '25-26', 1],
        [3501, 'S1', 2],
        [3502, 'S2', 2],
        [3503, 'Q1', 4],
        [3504, 'Q2', 4],
        [3505, 'Q3', 4],
        [3506, 'Q4', 4],
      ]);
      const [year, s1, , q1, q2] = terms;
      expect(year?.storecodes.map((bin) => bin.storecode)).toEqual(['Q1', 'Q2', 'S1', 'Q3', 'Q4', 'S2', 'Y1']);
      expect(s1?.storecodes).toEqual([
        { storecode: 'Q1', startdate: q1?.firstday, enddate: q1?.lastday },
        { storecode: 'Q2', startdate: q2?.firstday, enddate: q2?.lastday },
        { storecode: 'S1', startdate: s1?.firstday, enddate: s1?.lastday },
      ]);
      expect(q1?.storecodes.map((bin) => bin.storecode)).toEqual(['Q1']);
      expect(ptp.terms.filter((term) => term.schoolid === school.school_number && term.yearid === 34).map((term) => term.id)).toEqual([
        3400, 3401, 3402, 3403, 3404, 3405, 3406,
      ]);
    }
  });

  it('keys teachers, sections and students by the SIF objects’ DCIDs', () => {
    const staffByRefId = new Map(district.staff.map((person) => [person.refId, person]));
    const termByRefId = new Map(district.terms.map((term) => [term.refId, term]));
    for (const section of district.sections) {
      const seen = ptp.sections.find((candidate) => candidate.sectionsdcid === section.dcid);
      const schedule = section.scheduleInfoList[0];
      expect(seen?.teachers).toEqual(schedule?.teacherRefIds.map((refId) => staffByRefId.get(refId)?.dcid));
      const term = ptp.terms.find((candidate) => candidate.dcid === termByRefId.get(schedule?.termInfoRefId ?? '')?.dcid);
      expect([seen?.termid, seen?.termdcid, seen?.yearid]).toEqual([term?.id, term?.dcid, Math.floor((term?.id ?? 0) / 100)]);
      expect(`${seen?.course_number}-${seen?.section_number}`).toBe(section.localId);
    }
    expect(ptp.students.map((student) => student.studentsdcid)).toEqual(district.students.map((student) => student.dcid));
    // District-office staff (no school) are not PTP teachers; a teacher at two schools has two SCHOOLSTAFF rows.
    expect(ptp.teachers).toHaveLength(district.staff.length - 2);
    expect(ptp.teachers.some((teacher) => teacher.schoolstaff.length === 2)).toBe(true);
    const coTaught = ptp.sections.find((section) => section.teachers.length > 1);
    expect(coTaught?.teachers.every((dcid) => ptp.teachers.some((teacher) => teacher.users_dcid === dcid))).toBe(true);
  });

  it('gives every teacher the district categories, and some teachers their own, some inactive, some excluded from a section', () => {
    expect(ptp.districtCategories.map((category) => category.name)).toEqual(['Homework', 'Classwork', 'Quiz', 'Test', 'Project']);
    for (const teacher of ptp.teachers) {
      const copies = ptp.teacherCategories.filter(
        (category) => category.usersdcid === teacher.users_dcid && category.categorytype === 'district',
      );
      expect(copies.map((category) => category.districtteachercategoryid)).toEqual(
        ptp.districtCategories.map((category) => category.districtteachercategoryid),
      );
    }
    const own = ptp.teacherCategories.filter((category) => category.categorytype === 'user');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((category) => category.districtteachercategoryid === null && category.isusermodifiable)).toBe(true);
    expect(own.some((category) => !category.isactive)).toBe(true);
    const ids = ptp.teacherCategories.map((category) => category.teachercategoryid);
    expect(new Set(ids).size).toBe(ids.length);
    const excluded = ptp.teacherCategories.filter((category) => category.section_exclusions.length > 0);
    expect(excluded.length).toBeGreaterThan(0);
    for (const category of excluded) {
      // A category is only ever excluded from one of its own teacher's sections.
      const section = ptp.sections.find((candidate) => candidate.sectionsdcid === category.section_exclusions[0]);
      expect(section?.teachers).toContain(category.usersdcid);
    }
  });

  it('states CC.DateLeft as PowerSchool stores it whichever ExitDate reading the SIF side uses [U]', () => {
    const lastAttended = toPtpDistrict(generateDistrict({ size: 'tiny', seed: 21, schoolYear: 2026, exitDateSemantics: 'last-attended' }));
    expect(lastAttended.sectionEnrollments.map((enrollment) => enrollment.dateleft)).toEqual(
      ptp.sectionEnrollments.map((enrollment) => enrollment.dateleft),
    );
    expect(ptp.sectionEnrollments.some((enrollment) => enrollment.dateleft?.endsWith('-06-06'))).toBe(true);
  });
});
