import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import type { BrowserContext } from 'playwright-core';
import {
  NIGHTLY_PASSBACK_WORKFLOW,
  nightlyPassbackScheduleId,
  passbackWorkflowId,
  type NightlyPassbackWorkflow,
} from '@sisbridge/contracts';
import { LtiRoles, type LaunchContext } from '@sisbridge/test-support';
import { DISTRICT_ID, PassbackWorld, type TeacherUnderTest } from '../passback/passback-world';
import { seedTeacherGradebook, type SeededAssignment } from '../passback/teacher-gradebook';
import { startChromium } from './support/headless-chromium';
import { LtiOnPassbackWorld } from './support/lti-on-passback-world';
import { signedHeaders } from './support/signed-request';

/**
 * The acceptance of passback started from Canvas, against the real system: a generated district
 * provisioned into the Canvas simulator by the real workflows, a teacher's gradebook built through
 * Canvas's API, the PTP simulator, the compiled services and the real passback workflow. A teacher
 * clicks Sync Grades (an LTI launch signed by the test platform's key); the page, read in headless
 * Chromium, shows the invalid assignments with their fixes and then the final results, and the
 * grades are in PowerTeacher Pro. Then ten starts at once, through the API and the launch, make
 * one run.
 */
describe('Sync Grades from Canvas, end to end, with the real passback', () => {
  /** While set, PowerTeacher Pro holds every write until it resolves (the run stays going on purpose). */
  let writesHeld: Promise<void> | undefined;
  const world = new PassbackWorld({
    purpose: 'lti_acceptance',
    ptp: { holdRequest: async (req) => (req.method === 'GET' ? undefined : writesHeld) },
  });
  const lti = new LtiOnPassbackWorld(world);
  let teacher: TeacherUnderTest;
  let section: TeacherUnderTest['sections'][number];
  let courseSisId: string;
  let seeded: SeededAssignment[];
  let browser: { context: BrowserContext; close: () => Promise<void> };

  beforeAll(async () => {
    await world.start();
    await world.provision();
    teacher = await world.teacher(3, 8);
    section = teacher.sections[0] as TeacherUnderTest['sections'][number];
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
    courseSisId = (await world.teacherApi.call<{ sis_course_id: string }>('GET', `/api/v1/courses/${section.canvasCourseId}`))
      .sis_course_id;
    await lti.start();
    browser = await startChromium();
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await lti.close();
    await world.close();
  }, 60_000);

  function teacherLaunch(): LaunchContext {
    const canvasUserId = world.canvas.state.loginBySisUserId(teacher.sisId)?.userId;
    if (canvasUserId === undefined) throw new Error('the teacher has no Canvas login');
    return {
      user: {
        canvasId: canvasUserId,
        sisId: teacher.sisId,
        roles: [LtiRoles.instructor, LtiRoles.institutionInstructor],
        enrollmentTypes: ['TeacherEnrollment'],
      },
      course: { canvasId: section.canvasCourseId, sisId: courseSisId, title: 'Course' },
    };
  }

  it('a launch starts the passback; the page shows the invalid assignments with their fixes, then the results; the grades are in PTP', async () => {
    const inCourse = seeded.filter((assignment) => assignment.courseId === section.canvasCourseId);
    const invalid = inCourse.filter((assignment) => assignment.breaks);
    const valid = inCourse.filter((assignment) => !assignment.breaks);
    expect(invalid.map((assignment) => assignment.breaks).sort()).toEqual(['due-date-missing', 'name-too-long']);

    const page = await browser.context.newPage();
    await page.goto(
      lti.platform.syncGradesUrl(lti.url(`/lti/${DISTRICT_ID}/login`), lti.url(`/lti/${DISTRICT_ID}/launch`), teacherLaunch()),
    );
    await page.waitForURL(/\/lti\/passback#session=/, { timeout: 60_000 });

    await page.locator('.to-fix').waitFor({ timeout: 60_000 });
    const shown = page.locator('.invalid-assignment');
    expect(await shown.locator('h3').allInnerTexts()).toEqual(expect.arrayContaining(invalid.map((assignment) => assignment.name)));
    expect(await shown.count()).toBe(invalid.length);
    for (const assignment of invalid) {
      const item = shown.filter({ has: page.locator('h3', { hasText: assignment.name }) });
      expect(await item.locator('.problem').first().getAttribute('data-rule')).toBe(assignment.breaks);
      expect(await item.locator('.fix').first().innerText()).toMatch(/^How to fix: \S/);
    }
    expect(await page.locator('.to-fix .fix').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('30 characters or fewer')]),
    );
    expect(await page.locator('.will-send tbody tr').count()).toBe(valid.length);

    // The page stops polling once the run has ended; its last view has the results.
    await page.locator('.status[data-state="completed-with-errors"]').waitFor({ timeout: 120_000 });
    expect(await page.locator('.status h2').innerText()).toBe('Done, but not everything could be sent');
    for (const assignment of valid) {
      const row = page.locator('.results tr.outcome', { has: page.locator('td', { hasText: new RegExp(`^${assignment.name}$`) }) });
      expect(await row.getAttribute('data-status')).toBe('sent');
      expect(await row.locator('td').nth(3).innerText()).toBe(String(assignment.expected.length));
    }
    for (const assignment of invalid) {
      expect(
        await page.locator(`.results tr.outcome[data-assignment-id="${assignment.canvasAssignmentId}"]`).getAttribute('data-status'),
      ).toBe('invalid');
    }
    const written = valid.reduce((sum, assignment) => sum + assignment.expected.length, 0);
    expect(await page.locator('.results .totals').innerText()).toContain(`${written} scores written`);

    // Nothing about students: no name of any student of the course appears on the page.
    const enrollments = await world.teacherApi.call<Array<{ user?: { name?: string; sortable_name?: string } }>>(
      'GET',
      `/api/v1/courses/${section.canvasCourseId}/enrollments?type[]=StudentEnrollment&per_page=100`,
    );
    const names = enrollments
      .flatMap((enrollment) => [enrollment.user?.name, enrollment.user?.sortable_name])
      .filter((name): name is string => Boolean(name));
    expect(names.length).toBeGreaterThan(0);
    const text = await page.locator('body').innerText();
    for (const name of names) expect(text).not.toContain(name);
    await page.screenshot({
      path: join(process.env['SISBRIDGE_SCREENSHOT_DIR'] ?? tmpdir(), 'sync-grades-acceptance.png'),
      fullPage: true,
    });
    await page.close();

    // And in PowerTeacher Pro: each valid assignment of the course, with its scores.
    const gradebook = world.gradebook([section.dcid]);
    for (const assignment of valid) expect(gradebook.find((entry) => entry.name === assignment.name)?.scores).toEqual(assignment.expected);
  });

  it('ten starts at once for that teacher, through the API and the launch together, make one run', async () => {
    // PowerTeacher Pro holds the run's writes until every start has been answered, so the run is
    // still going when the last start arrives, however slowly the starts are served (a start after
    // a run has ended rightly starts a new one). Validation reads PTP, and is not held.
    let releaseWrites: () => void = () => undefined;
    writesHeld = new Promise<void>((resolve) => (releaseWrites = resolve));
    try {
      const body = JSON.stringify({ districtId: DISTRICT_ID, teacherSisId: teacher.sisId, courseSisId });
      const api = async (headers: Record<string, string>) => {
        const response = await fetch(lti.url('/passback'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body,
        });
        expect(response.status).toBe(202);
        return (await response.json()) as { workflowId: string; runId: string };
      };
      const launch = async () => {
        const { launch: response } = await lti.platform.launchWithoutBrowser(lti.url(`/lti/${DISTRICT_ID}/login`), teacherLaunch());
        expect(response.status).toBe(303);
        const session = decodeJwt(decodeURIComponent((response.headers.get('location') ?? '').split('#session=')[1] ?? ''));
        return { workflowId: String(session['wid']), runId: String(session['rid']) };
      };
      const bearer = () => api({ Authorization: `Bearer ${lti.bearerToken}` });
      const signed = () => api(signedHeaders(lti.hmacSecret, 'POST', '/passback', body));
      const starts = await Promise.all([
        bearer(),
        launch(),
        signed(),
        launch(),
        bearer(),
        launch(),
        signed(),
        launch(),
        bearer(),
        launch(),
      ]);

      const workflowId = passbackWorkflowId(DISTRICT_ID, teacher.sisId, courseSisId);
      expect(new Set(starts.map((start) => start.workflowId))).toEqual(new Set([workflowId]));
      const runIds = new Set(starts.map((start) => start.runId));
      expect(runIds.size).toBe(1);
      const handle = world.client.workflow.getHandle(workflowId, [...runIds][0]);
      const history = await handle.fetchHistory();
      expect((history.events ?? []).filter((event) => event.workflowExecutionStartedEventAttributes)).toHaveLength(1);
      expect((history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(10);
      releaseWrites();
      await handle.result();
    } finally {
      writesHeld = undefined;
      releaseWrites();
    }
  });

  it('the nightly passback, from its schedule, passes the course back with the real workflow', async () => {
    // The district sets the course to nightly_sync, and a student's grade changes in Canvas.
    await world.teacherApi.call('PUT', `/api/v1/courses/${section.canvasCourseId}`, { 'course[grade_passback_setting]': 'nightly_sync' });
    const target = seeded.find(
      (assignment) => assignment.courseId === section.canvasCourseId && !assignment.breaks && assignment.graded.length > 0,
    ) as SeededAssignment;
    // A plain score (not late, not extra credit): its PTP entry is just `{dcid}={score}`.
    const student = target.graded.find((graded) =>
      target.expected.includes(`${graded.dcid}=${graded.score}`),
    ) as SeededAssignment['graded'][number];
    await world.teacherApi.grade(target.courseId, target.canvasAssignmentId, student.userId, { score: Math.max(0, student.score - 1) });

    const applied = await world.cli(['schedules', 'apply', '--json']);
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ scheduleId: nightlyPassbackScheduleId(DISTRICT_ID), paused: false })]),
    );
    const triggered = await world.cli(['schedule', 'trigger', '--passback', '--district', DISTRICT_ID]);
    expect(triggered.stdout.trim()).toBe(`${nightlyPassbackScheduleId(DISTRICT_ID)}: triggered`);

    let nightId: string | undefined;
    for (
      const deadline = Date.now() + 30_000;
      !nightId && Date.now() < deadline;
      await new Promise((resolve) => setTimeout(resolve, 250))
    ) {
      for await (const execution of world.client.workflow.list({ query: `WorkflowType = '${NIGHTLY_PASSBACK_WORKFLOW}'` }))
        nightId = execution.workflowId;
    }
    if (!nightId) throw new Error('the schedule started no nightly passback');
    const night = await world.client.workflow.getHandle<NightlyPassbackWorkflow>(nightId).result();
    // (Either replica may plan it; the suite's first one read the districts file before it got `schedules.passback`.)
    expect(night.plan).toMatchObject({ teachers: 1, courses: 1 });
    expect(night.totals).toMatchObject({ teachersDone: 1, completedWithErrors: 1, failed: 0, alreadyRunning: 0 });
    const inPtp = world.gradebook([target.sectionDcid]).find((entry) => entry.name === target.name);
    expect(inPtp?.scores).toContain(`${student.dcid}=${Math.max(0, student.score - 1)}`);
  });
});
