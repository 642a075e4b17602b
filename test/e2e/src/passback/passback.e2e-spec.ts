import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  PASSBACK_IDENTITY_MISMATCH,
  PASSBACK_WORKFLOW,
  passbackStartOptions,
  passbackWorkflowId,
  requestPassbackUpdate,
  type PassbackWorkflow,
} from '@sisbridge/contracts';
import { PassbackWorld, DISTRICT_ID, type TeacherUnderTest } from './passback-world';
import { seedTeacherGradebook, type SeededAssignment } from './teacher-gradebook';

interface Summary {
  workflowId: string;
  runId: string;
  outcome: string;
  reason?: string;
  assignments: { created: number; updated: number; unchanged: number; failed: number; invalid: Array<{ name: string; rules: string[] }> };
  ptpAssignments: { created: number; updated: number; unchanged: number; failed: number };
  scores: { written: number; unchanged: number; failed: number };
}

/**
 * The acceptance of categories and grade passback, end to end: a generated district provisioned
 * into the Canvas simulator by the real provisioning workflow (which syncs every teacher's
 * categories after it), a teacher's gradebook built through Canvas's API, and the operator's CLI
 * against the compiled services, real Temporal and Postgres, and the PTP simulator.
 */
describe('categories and grade passback, end to end', () => {
  const world = new PassbackWorld({ purpose: 'passback' });
  let teacher: TeacherUnderTest;
  let seeded: SeededAssignment[];
  let courses = 0;

  beforeAll(async () => {
    await world.start();
    await world.provision();
    teacher = await world.teacher(3, 8);
  }, 300_000);

  afterAll(async () => world.close(), 60_000);

  /** The course's groups linked to this teacher's categories (a co-taught course also has the co-teacher's). */
  const linkedGroups = async (courseId: number) => {
    const mine = new Set(world.ptp.state.categoriesOf(teacher.dcid).map((c) => `ptp-category-${c.teachercategoryid}`));
    return (await world.teacherApi.groups(courseId)).filter((g) => mine.has(g.sis_source_id ?? ''));
  };
  const expectedCategories = (sectionDcid: number) =>
    world.ptp.state
      .categoriesOf(teacher.dcid)
      .filter((c) => c.isactive && !c.section_exclusions.includes(sectionDcid))
      .map((c) => `ptp-category-${c.teachercategoryid}`)
      .sort();

  async function passback(args: string[] = []): Promise<Summary> {
    const run = await world.cli(['passback', '--teacher', `dcid:${teacher.dcid}`, '--wait', '--json', ...args]);
    if (!run.stdout.trim().startsWith('{'))
      throw new Error(
        `passback printed no JSON (exit ${run.code}): ${run.stderr}\n${world.system.get('ptp-gradebook').process.output(60)}`,
      );
    return JSON.parse(run.stdout) as Summary;
  }

  it('categories: provisioning made one group per active category in each of the teacher’s courses, linked by id; re-runs duplicate nothing', async () => {
    for (const section of teacher.sections) {
      const groups = await linkedGroups(section.canvasCourseId);
      expect(groups.map((g) => g.sis_source_id).sort()).toEqual(expectedCategories(section.dcid));
      for (const group of groups)
        expect(group.integration_data).toEqual({ ptp_teacher_category_id: (group.sis_source_id ?? '').replace('ptp-category-', '') });
    }
    const again = await world.cli(['categories', '--teacher', teacher.sisId, '--json']);
    expect(again.code).toBe(0);
    const result = JSON.parse(again.stdout) as { courses: number };
    // Every course of the teacher's sections this year (the three under test among them).
    expect(result).toMatchObject({ created: 0, renamed: 0, recreated: 0 });
    expect(result.courses).toBeGreaterThanOrEqual(teacher.sections.length);
    courses = result.courses;
    for (const section of teacher.sections)
      expect((await linkedGroups(section.canvasCourseId)).map((g) => g.sis_source_id).sort()).toEqual(expectedCategories(section.dcid));
  });

  it('categories: a rename in PTP renames the group; a rename in Canvas is kept; a new PTP category arrives; nothing is duplicated', async () => {
    const section = teacher.sections[0] as TeacherUnderTest['sections'][number];
    const [first, second] = await linkedGroups(section.canvasCourseId);
    if (!first || !second) throw new Error('the teacher has fewer than two categories');
    const firstCategory = world.ptp.state.categories.get(Number((first.sis_source_id ?? '').replace('ptp-category-', '')));
    if (!firstCategory) throw new Error('no category behind the group');
    // The teacher renames a category in PTP, and another group in Canvas.
    firstCategory.name = 'Renamed in PTP';
    await world.teacherApi.renameGroup(section.canvasCourseId, second.id, 'My own name');
    // And makes a new category in PTP.
    const template = world.ptp.state.categoriesOf(teacher.dcid)[0];
    if (!template) throw new Error('no category to copy');
    const newId = Math.max(...world.ptp.state.categories.keys()) + 1;
    world.ptp.state.categories.set(newId, {
      ...template,
      teachercategoryid: newId,
      name: 'Projects (new)',
      categorytype: 'user',
      districtteachercategoryid: null,
      isactive: true,
      section_exclusions: [],
      displayposition: 99,
    });

    const synced = await world.cli([
      'categories',
      '--teacher',
      `canvas:${world.canvas.state.loginBySisUserId(teacher.sisId)?.userId ?? 0}`,
      '--json',
    ]);
    expect(synced.code).toBe(0);
    // The new category is made in each of the teacher's courses; the renamed one is renamed wherever it has a group.
    expect(JSON.parse(synced.stdout)).toMatchObject({ courses, created: courses, recreated: 0 });
    expect((JSON.parse(synced.stdout) as { renamed: number }).renamed).toBeGreaterThanOrEqual(1);

    const groups = await linkedGroups(section.canvasCourseId);
    expect(groups.find((g) => g.id === first.id)?.name).toBe('Renamed in PTP');
    expect(groups.find((g) => g.id === second.id)?.name).toBe('My own name');
    expect(groups.filter((g) => g.sis_source_id === `ptp-category-${newId}`).map((g) => g.name)).toEqual(['Projects (new)']);
    expect(groups.map((g) => g.sis_source_id).sort()).toEqual(expectedCategories(section.dcid));
    // Once more: nothing changes, the Canvas name stays.
    const again = JSON.parse((await world.cli(['categories', '--teacher', teacher.sisId, '--json'])).stdout) as {
      created: number;
      renamed: number;
    };
    expect(again).toMatchObject({ created: 0, renamed: 0 });
    expect((await linkedGroups(section.canvasCourseId)).find((g) => g.id === second.id)?.name).toBe('My own name');
  });

  it('passback: every valid assignment and score lands in PTP; every invalid one is reported with rule and fix', async () => {
    const categoryIds = new Set(
      world.ptp.state
        .categoriesOf(teacher.dcid)
        .filter((c) => c.isactive)
        .map((c) => c.teachercategoryid),
    );
    seeded = await seedTeacherGradebook(
      world.teacherApi,
      teacher,
      (id) => {
        const category = world.ptp.state.categories.get(id);
        if (category) category.isactive = false;
      },
      { categoryIds },
    );
    expect(seeded).toHaveLength(20);
    const valid = seeded.filter((s) => !s.breaks);
    const summary = await passback();
    expect(summary.outcome).toBe('completed-with-errors');
    expect(summary.assignments).toMatchObject({ created: valid.length, updated: 0, unchanged: 0, failed: 0 });
    expect(summary.ptpAssignments).toEqual({ created: valid.length, updated: 0, unchanged: 0, failed: 0 });
    expect(summary.assignments.invalid.map((a) => `${a.name}: ${a.rules.join(',')}`).sort()).toEqual(
      seeded
        .filter((s) => s.breaks)
        .map((s) => `${s.name}: ${s.breaks}`)
        .sort(),
    );
    const expectedScores = valid.reduce((n, s) => n + s.expected.length, 0);
    expect(summary.scores).toEqual({ written: expectedScores, unchanged: 0, failed: 0 });

    const gradebook = world.gradebook(teacher.sections.map((s) => s.dcid));
    expect(gradebook.map((a) => `${a.section}:${a.name}`).sort()).toEqual(valid.map((s) => `${s.sectionDcid}:${s.name}`).sort());
    for (const assignment of valid) {
      const inPtp = gradebook.find((a) => a.section === assignment.sectionDcid && a.name === assignment.name);
      expect(inPtp?.scores).toEqual(assignment.expected);
      expect(inPtp?.points).toBe(assignment.points);
      // The one score above points possible fits: its assignment has the extra points.
      expect(inPtp?.extra).toBe(assignment.graded.some((g) => g.score > assignment.points) ? 2 : 0);
    }

    const report = await world.cli(['report', summary.runId]);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('name-too-long');
    expect(report.stdout).toContain('Shorten the assignment name in Canvas to 30 characters or fewer');
    expect(report.stdout).toContain('assigned-to-students');
    expect(report.stdout).toContain('Assign it to Everyone or to whole sections in Canvas');
  });

  it('passback: a second run makes zero PTP writes; one changed score makes exactly one write', async () => {
    const before = world.proxy.mark();
    const again = await passback();
    expect(world.proxy.writes(before)).toEqual([]);
    const valid = seeded.filter((s) => !s.breaks);
    expect(again.assignments).toMatchObject({ created: 0, updated: 0, unchanged: valid.length });
    expect(again.scores).toMatchObject({ written: 0, failed: 0 });

    const target = valid[valid.length - 1] as SeededAssignment;
    const student = target.graded[0] as SeededAssignment['graded'][number];
    await world.teacherApi.grade(target.courseId, target.canvasAssignmentId, student.userId, { score: Math.max(0, student.score - 1) });
    const mark = world.proxy.mark();
    const changed = await passback();
    expect(world.proxy.writes(mark).map((w) => `${w.method} ${w.path} ${w.status}`)).toEqual(['PUT /ws/xte/score 200']);
    expect(changed.scores).toMatchObject({ written: 1, failed: 0 });
    const inPtp = world.gradebook([target.sectionDcid]).find((a) => a.name === target.name);
    expect(inPtp?.scores).toContain(`${student.dcid}=${Math.max(0, student.score - 1)}`);
  });

  it('passback: with nothing changed, a run looks at PTP once per section (and reads the categories), and writes nothing', async () => {
    const mark = world.proxy.mark();
    const again = await passback();
    expect(again.scores).toMatchObject({ written: 0, failed: 0 });
    const calls = world.proxy.exchanges.slice(mark).map((e) => `${e.method} ${e.path}`);
    expect(world.proxy.writes(mark)).toEqual([]);
    const sections = new Set(seeded.filter((a) => !a.breaks).map((a) => a.sectionDcid));
    expect(calls.filter((call) => call === 'GET /ws/xte/section/assignment/')).toHaveLength(sections.size);
    expect(calls.filter((call) => call !== 'POST /oauth/access_token').sort()).toEqual(
      [...[...sections].map(() => 'GET /ws/xte/section/assignment/'), 'GET /ws/xte/teacher_category'].sort(),
    );
  });

  it('passback: an assignment deleted in PTP is made again with its scores on the next run, and the report says so', async () => {
    const target = seeded.filter((s) => !s.breaks)[0] as SeededAssignment;
    const ids = world.ptpAssignment(target.sectionDcid, target.name);
    if (!ids) throw new Error('the assignment is not in PTP');
    expect(await world.inPtp('DELETE', `/ws/xte/section/assignment/${ids.assignmentid}?users_dcid=${teacher.dcid}&force=true`)).toBe(204);
    expect(world.ptpAssignment(target.sectionDcid, target.name)).toBeUndefined();

    const run = await world.cli(['passback', '--teacher', teacher.sisId, '--wait', '--json']);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.assignments).toMatchObject({ created: 1 });
    expect(summary.scores).toMatchObject({ written: target.expected.length, failed: 0 });
    expect(world.gradebook([target.sectionDcid]).find((a) => a.name === target.name)?.scores).toEqual(target.expected);
    const report = await world.cli(['report', summary.runId]);
    expect(report.stdout).toContain(`${target.name} (PTP assignment created)`);
    expect(report.stdout).toContain('made again: it had been deleted in PowerTeacher Pro');
  });

  it('passback: a score changed by hand in PTP stays until its Canvas grade changes; then it is replaced, and counted', async () => {
    const target = seeded.filter((s) => !s.breaks && s.graded.length > 1)[2];
    if (!target) throw new Error('no assignment with two graded students');
    const student = target.graded[1] as SeededAssignment['graded'][number];
    const ids = world.ptpAssignment(target.sectionDcid, target.name);
    const record = [...world.ptp.state.scores.values()].find(
      (score) => score.assignmentsectionid === ids?.assignmentsectionid && score.studentsdcid === student.dcid,
    );
    if (!record) throw new Error('no score in PTP');
    // The teacher types another score in PTP's gradebook.
    record.actualscoreentered = '0.5';
    const kept = await passback();
    expect(kept.scores).toMatchObject({ written: 0, failed: 0 });
    expect(record.actualscoreentered).toBe('0.5');

    await world.teacherApi.grade(target.courseId, target.canvasAssignmentId, student.userId, { score: student.score + 0.25 });
    const replaced = await passback();
    expect(replaced.scores).toMatchObject({ written: 1, failed: 0 });
    expect(world.gradebook([target.sectionDcid]).find((a) => a.name === target.name)?.scores).toContain(
      `${student.dcid}=${student.score + 0.25}`,
    );
    const report = await world.cli(['report', replaced.runId]);
    expect(report.stdout).toContain('1 score(s) replaced a change made by hand in PowerTeacher Pro');
  });

  it('passback: a course Canvas gives no grades for is a problem with its fix, never "done"', async () => {
    const course = (teacher.sections[0] as TeacherUnderTest['sections'][number]).canvasCourseId;
    await world.teacherApi.call('PUT', `/api/v1/courses/${course}`, { 'course[event]': 'claim' });
    try {
      const unpublished = await passback();
      expect(unpublished.outcome).toBe('completed-with-errors');
      expect(unpublished.reason).toMatch(
        /could not be read, so nothing of it was sent\. .*: course-unpublished — Publish the course in Canvas/,
      );
      const report = await world.cli(['report', unpublished.runId]);
      expect(report.stdout).toContain('course-unpublished — Publish the course in Canvas');
    } finally {
      await world.teacherApi.publish(String(course));
    }

    await fetch(`${world.canvas.url}/__admin/config`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ postGradesEnabled: false }),
    });
    try {
      const off = await passback(['--course', (teacher.sections[1] as TeacherUnderTest['sections'][number]).sisId]);
      expect(off.outcome).toBe('completed-with-errors');
      expect(off.reason).toMatch(/grade-export-off — Ask your Canvas administrator to turn on the SIS integration/);
    } finally {
      await fetch(`${world.canvas.url}/__admin/config`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ postGradesEnabled: true }),
      });
    }
  });

  it('passback: a click starts the run with Update-with-Start and gets the report; a second click joins the same run', async () => {
    const input = { districtId: DISTRICT_ID, teacherSisId: teacher.sisId, trigger: 'lti' as const };
    const click = () =>
      world.client.workflow.executeUpdateWithStart(requestPassbackUpdate, {
        args: [{ requestedBy: `lti:${teacher.sisId}` }],
        startWorkflowOperation: new WithStartWorkflowOperation<PassbackWorkflow>(PASSBACK_WORKFLOW, {
          ...passbackStartOptions(input),
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
    const [a, b] = await Promise.all([click(), click()]);
    expect(a.runId).toBe(b.runId);
    expect([a.joined, b.joined].sort()).toEqual([false, true]);
    expect(a.report.invalid).toBe(6);
    expect(a.report.assignments.find((v) => !v.valid)?.problems[0]).toEqual(
      expect.objectContaining({ rule: expect.any(String), value: expect.any(String), fix: expect.any(String) }),
    );
    const result = await world.client.workflow.getHandle<PassbackWorkflow>(a.workflowId, a.runId).result();
    expect(result.outcome).toBe('completed-with-errors');
    const description = await world.client.workflow.getHandle(a.workflowId, a.runId).describe();
    expect(description.workflowId).toBe(`passback-${DISTRICT_ID}-${teacher.sisId}`);
    expect(description.typedSearchAttributes.getAll().map((pair) => pair.key.name)).toEqual(
      expect.arrayContaining(['SisbridgeDistrict', 'SisbridgeTeacher', 'SisbridgeSchool']),
    );
  });

  it('passback: a run refuses a start request for another passback than its own, before answering anything', async () => {
    const mine = { districtId: DISTRICT_ID, teacherSisId: teacher.sisId, courseSisId: 'CRS-NOT-TAUGHT' };
    // Another teacher's run under this request's id: what an ambiguous id, or a run from before ids were encoded, allowed.
    const workflowId = passbackWorkflowId(mine.districtId, mine.teacherSisId, mine.courseSisId);
    // With ptp-gradebook stopped, that run waits on its first step: it is surely running when the request comes.
    await world.system.get('ptp-gradebook').process.kill();
    const other = await world.client.workflow.start<PassbackWorkflow>(PASSBACK_WORKFLOW, {
      ...passbackStartOptions({ districtId: DISTRICT_ID, teacherSisId: 'T-SOMEONE-ELSE', trigger: 'cli' }),
      workflowId,
    });
    const asked = await world.client.workflow
      .executeUpdateWithStart(requestPassbackUpdate, {
        args: [{ requestedBy: `lti:${teacher.sisId}`, passback: mine }],
        startWorkflowOperation: new WithStartWorkflowOperation<PassbackWorkflow>(PASSBACK_WORKFLOW, {
          ...passbackStartOptions({ ...mine, trigger: 'lti' }),
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(asked).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (asked as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe(PASSBACK_IDENTITY_MISMATCH);
    expect((cause as ApplicationFailure).message).not.toContain('T-SOMEONE-ELSE');
    await world.system.start('ptp-gradebook');
    await other.result().catch(() => undefined);
  }, 180_000);
});
