import { ProvisioningWorld, TIME_ZONE, viewChanges } from './provisioning-world';

/**
 * Nightly provisioning, end to end: the SIF zone and Canvas simulators, the compiled services
 * and workflow worker, real Temporal and Postgres. Canvas must end up holding exactly the
 * district, by the mission's rules, in both course modes; then only what changed moves.
 */
describe('provisioning the small district into Canvas', () => {
  let world: ProvisioningWorld;

  beforeAll(async () => {
    world = await ProvisioningWorld.start('provision_canvas', [
      { id: 'per-section', size: 'small', seed: 301, courseMode: 'course-per-section' },
      { id: 'per-offering', size: 'small', seed: 302, courseMode: 'course-per-offering' },
    ]);
  }, 180_000);

  afterAll(async () => {
    await world?.stop();
  });

  it.each(['per-section', 'per-offering'])(
    '%s: every school, term, course, section, user and enrollment lands with its SIS id',
    async (districtId) => {
      const result = await world.provision(districtId);
      expect(result).toMatchObject({ outcome: 'applied', canvasMessages: { errors: 0, warnings: 0 } });
      const canvas = world.canvasView(districtId);
      const expected = world.expectedView(districtId);
      expect(canvas.accounts).toEqual(expected.accounts);
      expect(canvas.terms).toEqual(expected.terms);
      expect(canvas.courses).toEqual(expected.courses);
      expect(canvas.sections).toEqual(expected.sections);
      expect(canvas.logins).toEqual(expected.logins);
      expect(canvas.enrollments).toEqual(expected.enrollments);

      // No district-office staff, nothing of the previous school year.
      const { district } = world.get(districtId);
      const withSchool = new Set(district.staffAssignments.map((a) => a.staffPersonalRefId));
      const officeStaff = district.staff.filter((s) => !withSchool.has(s.refId));
      expect(officeStaff.length).toBeGreaterThan(0);
      for (const staff of officeStaff) expect(canvas.logins.some((login) => login.startsWith(`T${staff.dcid}:`))).toBe(false);
      const lastYear = district.courses.filter((c) => c.schoolYear !== district.schoolYear);
      expect(lastYear.length).toBeGreaterThan(0);
      for (const course of lastYear) expect(canvas.courses.some((row) => row.includes(`CRS${course.dcid}`))).toBe(false);
    },
  );

  it('a second run with no SIF change changes nothing in Canvas', async () => {
    const imports = world.get('per-section').canvas.state.sisImports.size;
    const before = world.canvasView('per-section');
    const result = await world.provision('per-section');
    expect(result.outcome).toBe('unchanged');
    expect(world.get('per-section').canvas.state.sisImports.size).toBe(imports);
    expect(world.canvasView('per-section')).toEqual(before);
  });

  it('after a new student, a dropped enrollment, a renamed course and a new teacher, the next run changes exactly those', async () => {
    const { district, sif } = world.get('per-section');
    const before = world.canvasView('per-section');
    const year = district.schoolYear;

    // A section whose course has exactly one current section, and a student enrolled in it.
    const sectionsByCourse = new Map<string, number>();
    for (const s of district.sections.filter((s) => s.schoolYear === year))
      sectionsByCourse.set(s.schoolCourseInfoRefId, (sectionsByCourse.get(s.schoolCourseInfoRefId) ?? 0) + 1);
    const section = district.sections.find(
      (s) =>
        s.schoolYear === year && sectionsByCourse.get(s.schoolCourseInfoRefId) === 1 && s.scheduleInfoList[0]?.teacherRefIds.length === 1,
    );
    if (!section) throw new Error('the district has no single-section course');
    const course = district.courses.find((c) => c.refId === section.schoolCourseInfoRefId);
    // PowerSchool always publishes an ExitDate (CC.DateLeft): a current enrollment's is in the future.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(),
    );
    const dropped = district.sectionEnrollments.find(
      (e) => e.sectionInfoRefId === section.refId && (e.exitDate === undefined || e.exitDate > today),
    );
    const oldTeacher = district.staff.find((s) => s.refId === section.scheduleInfoList[0]?.teacherRefIds[0]);
    const school = district.courses.find((c) => c.refId === section.schoolCourseInfoRefId)?.schoolInfoRefId;
    const newTeacher = district.staff.find(
      (s) =>
        s.refId !== oldTeacher?.refId &&
        district.staffAssignments.some((a) => a.staffPersonalRefId === s.refId && a.schoolInfoRefId === school),
    );
    if (!course || !dropped || !oldTeacher || !newTeacher) throw new Error('fixture not found in the generated district');
    const droppedStudent = district.students.find((s) => s.refId === dropped.studentPersonalRefId);

    const added = sif.changes.add('StudentPersonal', {
      json: { localId: '990001', name: { type: '04', lastName: "O'Hara", firstName: 'Siobhán' } },
    });
    const newStudentDcid = (added.object as { dcid: number }).dcid;
    sif.changes.add('StudentSchoolEnrollment', {
      json: {
        studentPersonalRefId: added.refId,
        schoolInfoRefId: school,
        membershipType: 'Home',
        timeFrame: 'Current',
        schoolYear: year,
        entryDate: `${year - 1}-09-01`,
      },
    });
    sif.changes.add('StudentSectionEnrollment', {
      json: { studentPersonalRefId: added.refId, sectionInfoRefId: section.refId, schoolYear: year, entryDate: `${year - 1}-09-01` },
    });
    // Dropped today in the district's time zone: PowerSchool's exit date is the first day gone.
    sif.changes.drop('StudentSectionEnrollment', dropped.refId, { exitDate: today });
    sif.changes.change('SchoolCourseInfo', course.refId, { courseTitle: `${course.courseTitle ?? 'Course'} (Honors)` });
    sif.changes.change('SectionInfo', section.refId, {
      scheduleInfoList: section.scheduleInfoList.map((info) => ({ ...info, teacherRefIds: [newTeacher.refId] })),
    });

    const result = await world.provision('per-section');
    expect(result.outcome).toBe('applied');
    const changes = viewChanges(before, world.canvasView('per-section'));
    const sectionSis = `SEC${section.dcid}`;
    expect(changes.accounts).toEqual({ added: [], removed: [] });
    expect(changes.terms).toEqual({ added: [], removed: [] });
    expect(changes.sections).toEqual({ added: [], removed: [] });
    expect(changes.courses.removed).toEqual([expect.stringMatching(new RegExp(`^${sectionSis}:`))]);
    expect(changes.courses.added).toEqual([expect.stringMatching(new RegExp(`^${sectionSis}:.*\\(Honors\\)`))]);
    expect(changes.logins).toEqual({ added: [`S${newStudentDcid}:990001`], removed: [] });
    expect(changes.enrollments.added.sort()).toEqual(
      [`S${newStudentDcid}@${sectionSis}:StudentEnrollment`, `T${newTeacher.dcid}@${sectionSis}:TeacherEnrollment`].sort(),
    );
    expect(changes.enrollments.removed.sort()).toEqual(
      [`S${droppedStudent?.dcid}@${sectionSis}:StudentEnrollment`, `T${oldTeacher.dcid}@${sectionSis}:TeacherEnrollment`].sort(),
    );
    // A new teacher who had no Canvas login yet gets one; one who had keeps it.
    expect(changes.logins.removed).toEqual([]);
  });
});
