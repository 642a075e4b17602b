import { addDays, dayOfWeek } from '../calendar/iso-dates';
import { isSifGuid } from '../ids/ref-id';
import type { SandboxDistrict } from '../model/sandbox-district';
import { objectsOf, SIF_OBJECT_NAMES } from '../model/sif-object-names';
import type { SifObjectCommon } from '../model/sif-objects';
import { generateDistrict } from './generate-district';

const SCHOOL_YEAR = 2026;
const tiny = generateDistrict({ size: 'tiny', seed: 11, schoolYear: SCHOOL_YEAR });

function allObjects(district: SandboxDistrict): SifObjectCommon[] {
  return SIF_OBJECT_NAMES.flatMap((name) => [...objectsOf(district, name)] as SifObjectCommon[]);
}

function byRefId<T extends SifObjectCommon>(objects: readonly T[]): Map<string, T> {
  return new Map(objects.map((object) => [object.refId, object]));
}

describe('generateDistrict', () => {
  it('is deterministic from the seed, and another seed gives other ids', () => {
    expect(generateDistrict({ size: 'tiny', seed: 11, schoolYear: SCHOOL_YEAR })).toEqual(tiny);
    const other = generateDistrict({ size: 'tiny', seed: 12, schoolYear: SCHOOL_YEAR });
    const ours = new Set(allObjects(tiny).map((object) => object.refId));
    expect(allObjects(other).filter((object) => ours.has(object.refId))).toEqual([]);
  });

  it('comes in the named sizes', () => {
    const small = generateDistrict({ size: 'small', seed: 1, schoolYear: SCHOOL_YEAR });
    expect(small.schools).toHaveLength(3);
    expect(small.students.length).toBeGreaterThan(540);
    expect(small.students.length).toBeLessThan(660);
    const medium = generateDistrict({ size: 'medium', seed: 1, schoolYear: SCHOOL_YEAR });
    expect(medium.schools).toHaveLength(10);
    expect(medium.students.length).toBeGreaterThan(5_400);
    expect(medium.students.length).toBeLessThan(6_600);
    // ~7 section enrollments a student, ~28 students a section.
    const current = medium.sectionEnrollments.filter((enrollment) => enrollment.schoolYear === SCHOOL_YEAR).length;
    expect(current / medium.students.length).toBeGreaterThan(6.5);
    expect(current / medium.students.length).toBeLessThan(8);
  });

  it('comes as xlarge too: about 200,000 students and 1.5 million section enrollments, the next size of district', () => {
    const xlarge = generateDistrict({ size: 'xlarge', seed: 1, schoolYear: SCHOOL_YEAR });
    expect(xlarge.schools).toHaveLength(120);
    expect(xlarge.students.length).toBeGreaterThan(180_000);
    expect(xlarge.students.length).toBeLessThan(220_000);
    expect(xlarge.sectionEnrollments.length).toBeGreaterThan(1_350_000);
    expect(xlarge.sectionEnrollments.length).toBeLessThan(1_650_000);
  });

  it('refuses sizes, seeds and years it cannot use, saying what is expected', () => {
    expect(() => generateDistrict({ size: 'huge' as 'tiny', seed: 1 })).toThrow(
      'district size must be one of tiny, small, medium, large, xlarge (got "huge")',
    );
    expect(() => generateDistrict({ size: 'tiny', seed: 1.5 })).toThrow('district seed must be an integer');
    expect(() => generateDistrict({ size: 'tiny', seed: 1, schoolYear: 26 })).toThrow(
      'schoolYear must be the four-digit year the school year ends',
    );
  });

  it('gives PowerSchool-like ids: GUID RefIds unique across the district, DCIDs unique per table', () => {
    const objects = allObjects(tiny);
    expect(objects.filter((object) => !isSifGuid(object.refId))).toEqual([]);
    expect(new Set(objects.map((object) => object.refId)).size).toBe(objects.length);
    for (const name of SIF_OBJECT_NAMES) {
      const dcids = objectsOf(tiny, name).map((object) => object.dcid);
      expect(dcids.every((dcid) => Number.isInteger(dcid) && dcid > 0)).toBe(true);
      expect(new Set(dcids).size).toBe(dcids.length);
    }
    // USERS and STUDENTS are numbered apart, so some staff and students share a DCID, as in PowerSchool.
    const staffDcids = new Set(tiny.staff.map((person) => person.dcid));
    expect(tiny.students.some((student) => staffDcids.has(student.dcid))).toBe(true);
  });

  it('only references objects that exist', () => {
    const schools = byRefId(tiny.schools);
    const terms = byRefId(tiny.terms);
    const courses = byRefId(tiny.courses);
    const sections = byRefId(tiny.sections);
    const staff = byRefId(tiny.staff);
    const students = byRefId(tiny.students);
    for (const school of tiny.schools) expect(school.leaInfoRefId).toBe(tiny.lea.refId);
    for (const term of tiny.terms) expect(schools.has(term.schoolInfoRefId)).toBe(true);
    for (const course of tiny.courses) expect(schools.has(course.schoolInfoRefId)).toBe(true);
    for (const section of tiny.sections) {
      const course = courses.get(section.schoolCourseInfoRefId);
      expect(course?.schoolYear).toBe(section.schoolYear);
      for (const schedule of section.scheduleInfoList) {
        const term = terms.get(schedule.termInfoRefId);
        // The section's term belongs to the course's school and year.
        expect([term?.schoolInfoRefId, term?.schoolYear]).toEqual([course?.schoolInfoRefId, section.schoolYear]);
        expect(schedule.teacherRefIds.length).toBeGreaterThan(0);
        for (const teacher of schedule.teacherRefIds) expect(staff.has(teacher)).toBe(true);
      }
    }
    for (const assignment of tiny.staffAssignments)
      expect([schools.has(assignment.schoolInfoRefId), staff.has(assignment.staffPersonalRefId)]).toEqual([true, true]);
    for (const enrollment of tiny.schoolEnrollments)
      expect([schools.has(enrollment.schoolInfoRefId), students.has(enrollment.studentPersonalRefId)]).toEqual([true, true]);
    for (const enrollment of tiny.sectionEnrollments) {
      expect([sections.has(enrollment.sectionInfoRefId), students.has(enrollment.studentPersonalRefId)]).toEqual([true, true]);
      expect(enrollment.schoolYear).toBe(sections.get(enrollment.sectionInfoRefId)?.schoolYear);
    }
  });

  it('gives every school its own terms for this year and last: the year, two semesters, four quarters', () => {
    for (const school of tiny.schools) {
      for (const year of [SCHOOL_YEAR - 1, SCHOOL_YEAR]) {
        const terms = tiny.terms.filter((term) => term.schoolInfoRefId === school.refId && term.schoolYear === year);
        expect(terms.map((term) => term.termCode?.replace(/^\d+-/, ''))).toEqual([
          `${String(year - 1).slice(2)}-${String(year).slice(2)}`,
          'S1',
          'S2',
          'Q1',
          'Q2',
          'Q3',
          'Q4',
        ]);
        const [whole, s1, s2, q1, q2, q3, q4] = terms;
        expect(whole?.startDate.startsWith(`${year - 1}-08`)).toBe(true);
        expect(whole?.endDate.startsWith(`${year}-0`)).toBe(true);
        expect([s1?.startDate, s1?.endDate, s2?.endDate]).toEqual([whole?.startDate, q2?.endDate, whole?.endDate]);
        expect([q1?.startDate, q3?.startDate, q4?.endDate]).toEqual([whole?.startDate, s2?.startDate, whole?.endDate]);
        for (const term of terms) {
          expect(term.startDate < term.endDate).toBe(true);
          expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(term.startDate));
          expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(term.endDate));
        }
      }
    }
  });

  it('holds the real-world mess on purpose, even at the tiny size', () => {
    const names = [...tiny.students, ...tiny.staff].map((person) => `${person.name.lastName} ${person.name.firstName}`);
    expect(names.some((name) => name.includes("'"))).toBe(true);
    expect(names.some((name) => name.includes(','))).toBe(true);
    expect(names.some((name) => name.includes('"'))).toBe(true);
    expect(names.some((name) => /[À-ɏḀ-ỿ]/.test(name))).toBe(true);
    expect(names.some((name) => /[\u4e00-\u9fff]/.test(name))).toBe(true);

    expect(tiny.students.some((student) => !student.emails)).toBe(true);
    const guardianLists = tiny.students.map((student) => student.emails?.[0]?.address ?? '').filter((address) => address.includes(','));
    expect(guardianLists.length).toBeGreaterThan(0);
    expect(guardianLists.every((list) => list.split(/,\s?/).every((address) => /^[^@\s,]+@[^@\s,]+$/.test(address)))).toBe(true);

    const current = tiny.staffAssignments.filter((assignment) => assignment.schoolYear === SCHOOL_YEAR);
    const schoolsOf = (refId: string) =>
      new Set(current.filter((assignment) => assignment.staffPersonalRefId === refId).map((assignment) => assignment.schoolInfoRefId));
    expect(tiny.staff.filter((person) => schoolsOf(person.refId).size === 0).map((person) => person.title)).toEqual([
      'Superintendent',
      'Director of Technology',
    ]);
    const twoSchools = tiny.staff.filter((person) => schoolsOf(person.refId).size === 2);
    expect(twoSchools.length).toBeGreaterThan(0);
    expect(
      current
        .filter((assignment) => assignment.staffPersonalRefId === twoSchools[0]?.refId)
        .map((assignment) => assignment.primaryAssignment)
        .sort(),
    ).toEqual([false, true]);

    const concurrent = tiny.schoolEnrollments.filter((enrollment) => enrollment.membershipType === 'Concurrent');
    expect(concurrent.length).toBeGreaterThan(0);
    const home = tiny.schoolEnrollments.find(
      (enrollment) =>
        enrollment.membershipType === 'Home' &&
        enrollment.studentPersonalRefId === concurrent[0]?.studentPersonalRefId &&
        enrollment.schoolYear === SCHOOL_YEAR,
    );
    expect(home?.schoolInfoRefId).not.toBe(concurrent[0]?.schoolInfoRefId);

    const withdrawn = tiny.schoolEnrollments.filter((enrollment) => enrollment.schoolYear === SCHOOL_YEAR && enrollment.exitDate);
    expect(withdrawn.length).toBeGreaterThan(0);
    expect(
      withdrawn.every((enrollment) => enrollment.timeFrame === 'Historical' && (enrollment.exitDate ?? '') < `${SCHOOL_YEAR - 1}-11-01`),
    ).toBe(true);

    expect(tiny.sections.some((section) => (section.scheduleInfoList[0]?.teacherRefIds.length ?? 0) > 1)).toBe(true);
    for (const list of [tiny.terms, tiny.courses, tiny.sections, tiny.staffAssignments, tiny.schoolEnrollments, tiny.sectionEnrollments]) {
      expect(list.some((object) => object.schoolYear === SCHOOL_YEAR - 1)).toBe(true);
    }
  });

  describe('ExitDate, whose meaning varies by state plug-in [U]', () => {
    function scheduleChange(district: SandboxDistrict) {
      const terms = byRefId(district.terms);
      const sections = byRefId(district.sections);
      const termOf = (sectionRefId: string) => terms.get(sections.get(sectionRefId)?.scheduleInfoList[0]?.termInfoRefId ?? '');
      const current = district.sectionEnrollments.filter((enrollment) => enrollment.schoolYear === district.schoolYear);
      const late = current.find((enrollment) => enrollment.entryDate !== termOf(enrollment.sectionInfoRefId)?.startDate);
      const dropped = current.find(
        (enrollment) =>
          enrollment !== late &&
          enrollment.studentPersonalRefId === late?.studentPersonalRefId &&
          sections.get(enrollment.sectionInfoRefId)?.schoolCourseInfoRefId ===
            sections.get(late?.sectionInfoRefId ?? '')?.schoolCourseInfoRefId,
      );
      const full = current.find(
        (enrollment) =>
          enrollment.entryDate === termOf(enrollment.sectionInfoRefId)?.startDate &&
          enrollment.exitDate !== undefined &&
          enrollment.exitDate > (termOf(enrollment.sectionInfoRefId)?.startDate ?? '') &&
          enrollment !== dropped &&
          termOf(enrollment.sectionInfoRefId)?.endDate === '2026-06-05',
      );
      return { late, dropped, full, termOf };
    }

    it("by default is PowerSchool's own: the day after the last day attended", () => {
      const { late, dropped, full, termOf } = scheduleChange(tiny);
      expect(tiny.exitDateSemantics).toBe('day-after-last-attended');
      expect(full?.exitDate).toBe(addDays(termOf(full?.sectionInfoRefId ?? '')?.endDate ?? '', 1));
      // A schedule change: the old section's ExitDate is the day the new one starts.
      expect(dropped?.exitDate).toBe(late?.entryDate);
    });

    it('can be the last day attended instead', () => {
      const district = generateDistrict({ size: 'tiny', seed: 11, schoolYear: SCHOOL_YEAR, exitDateSemantics: 'last-attended' });
      const { late, dropped, full, termOf } = scheduleChange(district);
      expect(full?.exitDate).toBe(termOf(full?.sectionInfoRefId ?? '')?.endDate);
      expect((dropped?.exitDate ?? '') < (late?.entryDate ?? '')).toBe(true);
      expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(dropped?.exitDate ?? ''));
    });
  });
});
