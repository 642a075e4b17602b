import { NativeConnection, Worker } from '@temporalio/worker';
import {
  NIGHTLY_PASSBACK_WORKFLOW,
  passbackWorkflowId,
  TaskQueues,
  type NightlyPassbackWorkflow,
  type PassbackWorkflow,
} from '@sisbridge/contracts';
import { testEnv, type HistoryEvent } from '@sisbridge/test-support';
import type { RosterCourse, RosterPerson } from './support/canvas-roster';
import type { NightlyRecorder } from './support/nightly-stand-ins.workflow';
import { DISTRICT, PassbackStack, quietTemporalRuntime } from './support/passback-services';

const teacher = (sisId: string): RosterPerson => ({ sisId, firstName: 'Teacher', lastName: sisId });
const PEOPLE: RosterPerson[] = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7']
  .map(teacher)
  .concat([{ sisId: 'S1', firstName: 'Zelda', lastName: 'Quarrington' }]);
const course = (sisId: string, teachers: string[], nightly = true): RosterCourse => ({
  sisId,
  title: sisId,
  nightly,
  teachers,
  students: ['S1'],
});
const COURSES: RosterCourse[] = [
  course('CRS-A', ['T1']),
  course('CRS-B', ['T1']),
  course('CRS-C', ['T2']),
  course('CRS-D', ['T4', 'T3']), // co-taught: goes back once, under T3
  course('CRS-E', ['T5']),
  course('CRS-F', ['T6']),
  course('CRS-G', ['T1'], false), // not nightly_sync
  course('CRS-H', []), // nightly, but nobody teaches it
  course('CRS-I', ['T7'], false),
];

/**
 * The nightly passback of a district against the Canvas simulator: ptp-gradebook plans the night
 * (the courses set to nightly_sync, and who teaches them), the real nightly workflow fans out per
 * teacher, a few at once, and a teacher whose passback is already running is not doubled.
 */
describe('nightly passback: courses set to nightly_sync, teacher by teacher, a few at once', () => {
  let stack: PassbackStack;
  let worker: { worker: Worker; running: Promise<void>; connection: NativeConnection };
  const events: Array<{ at: number; kind: 'start' | 'end'; teacherSisId: string; courseSisId?: string; trigger?: string }> = [];

  beforeAll(async () => {
    stack = await PassbackStack.start({
      purpose: 'nightly-passback',
      courses: COURSES,
      people: PEOPLE,
      passbackWorkflow: 'none',
      district: { schedules: { passback: { enabled: true, at: '21:00', maxConcurrentTeachers: 2 } } },
    });
    // A course made by hand in Canvas (no SIS id), set to nightly_sync: it did not come from PowerSchool.
    const created = await fetch(`${stack.canvas.url}/api/v1/accounts/1/courses`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${stack.canvas.token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'course[name]': 'Hand-made course', 'course[grade_passback_setting]': 'nightly_sync', offer: 'true' }),
    });
    expect(created.status).toBe(200);

    const recorder: NightlyRecorder = {
      passbackStarted: async (input) => void events.push({ at: Date.now(), kind: 'start', ...input }),
      passbackEnded: async (input) => void events.push({ at: Date.now(), kind: 'end', ...input }),
    };
    quietTemporalRuntime();
    const connection = await NativeConnection.connect({ address: testEnv('temporalAddress') });
    const created2 = await Worker.create({
      connection,
      namespace: stack.namespace,
      taskQueue: TaskQueues.orchestration,
      workflowsPath: require.resolve('./support/nightly-stand-ins.workflow'),
      activities: recorder,
    });
    worker = { worker: created2, connection, running: created2.run() };
  }, 180_000);

  afterAll(async () => {
    if (worker) {
      worker.worker.shutdown();
      await worker.running.catch(() => undefined);
      await worker.connection.close();
    }
    await stack?.close();
  });

  /** The most children of the night open at once in any of its runs (a continue-as-new chain). */
  async function mostChildrenAtOnce(workflowId: string, firstRunId: string): Promise<number> {
    let most = 0;
    for (let runId: string | undefined = firstRunId; runId;) {
      const history: HistoryEvent[] = (await stack.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
      let open = 0;
      for (const event of history) {
        if (event.startChildWorkflowExecutionInitiatedEventAttributes) open++;
        if (
          event.startChildWorkflowExecutionFailedEventAttributes ||
          event.childWorkflowExecutionCompletedEventAttributes ||
          event.childWorkflowExecutionFailedEventAttributes
        )
          open--;
        most = Math.max(most, open);
      }
      runId = history.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    return most;
  }

  it('passes back each nightly course once, under one teacher, at most two teachers at once, joining a passback already running', async () => {
    // T2 clicked Sync Grades in CRS-C just before the night started: that passback is running.
    const clicked = await stack.client.workflow.start<PassbackWorkflow>('passbackTeacherWorkflow', {
      workflowId: passbackWorkflowId(DISTRICT, 'T2', 'CRS-C'),
      taskQueue: TaskQueues.orchestration,
      args: [{ districtId: DISTRICT, teacherSisId: 'T2', courseSisId: 'CRS-C', trigger: 'lti' }],
    });

    const night = await stack.client.workflow.start<NightlyPassbackWorkflow>(NIGHTLY_PASSBACK_WORKFLOW, {
      workflowId: `passback-nightly-${DISTRICT}-test`,
      taskQueue: TaskQueues.orchestration,
      // Two teachers per run: the five teachers take three runs, joined by continue-as-new.
      args: [{ districtId: DISTRICT, teachersPerRun: 2 }],
    });
    const result = await night.result();

    expect(result.plan).toMatchObject({
      teachers: 5,
      courses: 6,
      maxConcurrentTeachers: 2,
      skipped: { coursesWithoutSisId: 1, coursesWithoutTeacher: 1, teachersWithoutSisId: 0, coTeachers: 1 },
    });
    expect(result.totals).toEqual({ teachersDone: 5, completed: 5, completedWithErrors: 0, failed: 0, alreadyRunning: 1 });

    // Which passbacks the night started: each nightly course once, never CRS-G or CRS-I, not T2's again.
    const nightly = events.filter((event) => event.kind === 'start' && event.trigger === 'schedule');
    expect(nightly.map((event) => `${event.teacherSisId}/${event.courseSisId}`).sort()).toEqual([
      'T1/CRS-A',
      'T1/CRS-B',
      'T3/CRS-D',
      'T5/CRS-E',
      'T6/CRS-F',
    ]);
    expect(events.filter((event) => event.kind === 'start' && event.teacherSisId === 'T2')).toHaveLength(1);

    // A teacher's courses one after another: each start comes after the end of that teacher's last one
    // (the recorder's activities run one after the other for a teacher, so their order is causal).
    let running = new Map<string, number>();
    for (const event of [...events].sort((a, b) => a.at - b.at || (a.kind === 'end' ? -1 : 1))) {
      if (event.trigger === 'lti' || (event.kind === 'end' && event.teacherSisId === 'T2')) continue;
      const count = (running.get(event.teacherSisId) ?? 0) + (event.kind === 'start' ? 1 : -1);
      expect(count).toBeLessThanOrEqual(1);
      running = new Map(running).set(event.teacherSisId, count);
    }
    // At most two teachers at once, and two at once when there are two to run: read from the night's
    // histories (children started and not yet ended), not from clocks, which a busy machine skews.
    expect(await mostChildrenAtOnce(night.workflowId, night.firstExecutionRunId)).toBe(2);

    // The night continued as new between pages of teachers; each child carries the night's search attributes.
    const first = await stack.client.workflow.getHandle(night.workflowId, night.firstExecutionRunId).describe();
    expect(first.status.name).toBe('CONTINUED_AS_NEW');
    const child = await stack.client.workflow.getHandle(passbackWorkflowId(DISTRICT, 'T1', 'CRS-A')).describe();
    expect(child.typedSearchAttributes.get({ name: 'SisbridgeTeacher', type: 'KEYWORD' })).toBe('T1');
    await clicked.terminate('test done');
  });
});
