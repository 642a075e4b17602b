import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import {
  PASSBACK_WORKFLOW,
  passbackProgressQuery,
  passbackResultQuery,
  passbackStartOptions,
  type PassbackWorkflow,
} from '@sisbridge/contracts';
import { DISTRICT_ID, PassbackWorld, type TeacherUnderTest } from './passback-world';
import { seedTeacherGradebook, type SeededAssignment } from './teacher-gradebook';

const FAULTS = '5xx=0.2,seed=9';

/**
 * Passback when things go wrong, end to end: PTP answering 20% of requests with 5xx, 10% of writes
 * with 412 "Resubmit", and enforcing a minimum interval the district's setting slightly undercuts
 * (so "too many requests" happens); a PTP that updates scores only by id and reports refusals per
 * row [U]; the ptp-gradebook process killed mid-run; and PTP failing for good mid-run.
 */
describe('grade passback under faults, end to end', () => {
  const world = new PassbackWorld({
    purpose: 'passback_faults',
    seed: 43,
    ptp: { faults: FAULTS, resubmitRate: 0.1, minIntervalMs: 30, readings: { scoreUpdate: 'requires-id', scoreBatchConflicts: 'per-row' } },
    ptpSettings: { minIntervalMs: 24, maxAttemptsPerRequest: 6, scores: { batchSize: 25 } },
    env: { PASSBACK_GIVE_UP_AFTER_SECONDS: '6' },
  });
  const teachers: TeacherUnderTest[] = [];
  const seeded = new Map<string, SeededAssignment[]>();

  beforeAll(async () => {
    await world.start();
    await world.provision();
    const first = await world.teacher(3, 8);
    teachers.push(first);
  }, 400_000);

  afterAll(async () => world.close(), 60_000);

  const categoriesOf = (teacher: TeacherUnderTest) =>
    new Set(
      world.ptp.state
        .categoriesOf(teacher.dcid)
        .filter((c) => c.isactive)
        .map((c) => c.teachercategoryid),
    );
  const seed = async (teacher: TeacherUnderTest, prefix = '', count = 12) => {
    const made = await seedTeacherGradebook(world.teacherApi, teacher, () => undefined, {
      count,
      invalid: false,
      prefix,
      categoryIds: categoriesOf(teacher),
    });
    seeded.set(teacher.sisId, [...(seeded.get(teacher.sisId) ?? []), ...made]);
    return made;
  };
  const start = (teacher: TeacherUnderTest): Promise<WorkflowHandle<PassbackWorkflow>> =>
    world.client.workflow.start<PassbackWorkflow>(PASSBACK_WORKFLOW, {
      ...passbackStartOptions({ districtId: DISTRICT_ID, teacherSisId: teacher.sisId, trigger: 'cli' }),
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  /** What the teacher's PTP sections must hold: every seeded assignment once, with exactly its scores. */
  const expectAllLanded = (teacher: TeacherUnderTest) => {
    const gradebook = world.gradebook(teacher.sections.map((s) => s.dcid));
    const assignments = seeded.get(teacher.sisId) ?? [];
    expect(gradebook.map((a) => `${a.section}:${a.name}`).sort()).toEqual(assignments.map((a) => `${a.sectionDcid}:${a.name}`).sort());
    for (const assignment of assignments)
      expect(gradebook.find((a) => a.section === assignment.sectionDcid && a.name === assignment.name)?.scores).toEqual(
        assignment.expected,
      );
  };
  const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 120_000) => {
    for (const deadline = Date.now() + timeoutMs; !(await check()); await sleep(100)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    }
  };

  it('with 20% injected 5xx, 412s and throttling, every score lands exactly once', async () => {
    const teacher = teachers[0] as TeacherUnderTest;
    await seed(teacher);
    const mark = world.proxy.mark();
    const run = await world.cli(['passback', '--teacher', teacher.sisId, '--wait', '--json']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { outcome: string; scores: { written: number; failed: number } };
    expect(summary.outcome).toBe('completed');
    const statuses = world.proxy.exchanges.slice(mark).map((e) => e.status);
    expect(statuses.filter((s) => s >= 500).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 412).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expectAllLanded(teacher);
    const total = (seeded.get(teacher.sisId) ?? []).reduce((n, a) => n + a.expected.length, 0);
    expect(summary.scores).toEqual({ written: total, unchanged: 0, failed: 0 });
  });

  it('a ptp-gradebook killed mid-run gives the same final PTP state after restart', async () => {
    const other = await world.teacher(
      3,
      8,
      teachers.map((t) => t.sisId),
    );
    teachers.push(other);
    await seed(other, 'K ');
    const mark = world.proxy.mark();
    const handle = await start(other);
    await until(
      'three score batches were written',
      () => world.proxy.writes(mark).filter((w) => w.path === '/ws/xte/score' && w.status === 200).length >= 3,
    );
    await world.system.get('ptp-gradebook').process.kill();
    await world.system.start('ptp-gradebook');
    const result = await handle.result();
    expect({
      outcome: result.outcome,
      notSent: result.assignments
        .filter((a) => a.status === 'failed' || a.status === 'invalid' || a.scores.failed > 0)
        .map((a) => `${a.name}: ${a.reason ?? ''}`),
    }).toEqual({ outcome: 'completed', notSent: [] });
    expectAllLanded(other);
  }, 300_000);

  it('a failure retries cannot fix, after some writes, leaves PTP exactly as it was before the run', async () => {
    const teacher = teachers[0] as TeacherUnderTest;
    const before = normalised(world.gradebook(teacher.sections.map((s) => s.dcid)));
    // The teacher changes grades of existing assignments (one student graded for the first time) and adds assignments.
    for (const assignment of (seeded.get(teacher.sisId) ?? []).slice(0, 3)) {
      for (const graded of assignment.graded.slice(0, 4))
        await world.teacherApi.grade(assignment.courseId, assignment.canvasAssignmentId, graded.userId, {
          score: Math.max(0, graded.score - 1),
        });
    }
    const firstQuiz = (seeded.get(teacher.sisId) ?? [])[0] as SeededAssignment;
    const ungraded = teacher.sections.find((s) => s.dcid === firstQuiz.sectionDcid)?.students[2];
    if (ungraded) await world.teacherApi.grade(firstQuiz.courseId, firstQuiz.canvasAssignmentId, ungraded.userId, { score: 1 });
    await seedTeacherGradebook(world.teacherApi, teacher, () => undefined, {
      count: 3,
      invalid: false,
      prefix: 'New ',
      categoryIds: categoriesOf(teacher),
    });

    // PowerSchool goes down for good right after the run's first score batch lands.
    world.proxy.outageAfter((exchange) => exchange.method === 'PUT' && exchange.path === '/ws/xte/score' && exchange.status === 200);
    const handle = await start(teacher);
    await until(
      'the run is undoing what it did',
      async () => (await handle.query(passbackProgressQuery)).phase === 'compensating',
      180_000,
    );
    expect(world.proxy.outageStarted).toBe(true);
    // It comes back: the undo, which keeps trying, can finish.
    world.proxy.endOutage();
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toMatch(/failed: .*giving up.*Undone: \d+ assignments deleted/);
    const result = await handle.query(passbackResultQuery);
    expect(result).toMatchObject({
      outcome: 'failed',
      compensation: { assignmentsDeleted: expect.any(Number), scoresRestored: expect.any(Number), failures: [] },
    });
    expect(result?.compensation?.scoresRestored).toBeGreaterThan(0);
    expect(normalised(world.gradebook(teacher.sections.map((s) => s.dcid)))).toEqual(before);
  }, 400_000);
});

/**
 * The gradebook as a teacher sees it: an empty score (no entry, no flag) is no score. XTE has no
 * call that removes one student's score, so a run that wrote where there was none can only put
 * an empty one back (see the README).
 */
function normalised(gradebook: ReturnType<PassbackWorld['gradebook']>): ReturnType<PassbackWorld['gradebook']> {
  return gradebook
    .map((a) => ({ ...a, scores: a.scores.filter((s) => !s.endsWith('=null')) }))
    .sort((a, b) => `${a.section}:${a.name}`.localeCompare(`${b.section}:${b.name}`));
}
