import { Client as PgClient } from 'pg';
import { parseFaultSpec } from '@sisbridge/sim-common';
import type { SifObjectTypes } from '@sisbridge/sandbox-district';
import { districtSyncStatusQuery, districtSyncWorkflowId } from '@sisbridge/contracts';
import { ProvisioningWorld } from '../provisioning/provisioning-world';
import { canvasImports, enrolNewStudent, resultOf, runsOfKind } from './intraday-world';
import { until } from './until';

const ID = 'intra-pull';
const MINUTES = 60_000;

/**
 * Intra-day sync, pull mode, end to end: the zone simulator publishes SIF_Events as a PowerSchool
 * user makes changes; sif-ingest drains them during the day (the district sync workflow's
 * drain); each window goes to Canvas as one intra-day import. Real services, Temporal, Postgres.
 * The window is 10 s here (2 minutes by default) so that a test takes seconds, not minutes.
 */
describe('intra-day sync (pull mode): a change made in PowerSchool reaches Canvas without a nightly run', () => {
  let world: ProvisioningWorld;

  beforeAll(async () => {
    world = await ProvisioningWorld.start('intraday_pull', [
      {
        id: ID,
        size: 'tiny',
        seed: 4711,
        courseMode: 'course-per-section',
        schedules: { intraday: { enabled: true, windowSeconds: 10, drainSeconds: 20 } },
      },
    ]);
    // The first run sends the whole roster, and its lease request starts the district sync.
    expect((await world.provision(ID)).outcome).toBe('applied');
  }, 600_000);

  afterAll(async () => {
    await world?.stop();
  });

  async function intradayRunsCompleted(): Promise<number> {
    return (await runsOfKind(world, ID, 'intraday')).filter((run) => run.status.name === 'COMPLETED').length;
  }

  it(
    'a new student with three section enrollments is in Canvas, enrolled, after one intra-day import',
    async () => {
      const importsBefore = world.get(ID).canvas.state.sisImports.size;
      const student = enrolNewStudent(world, ID, 'NEW-0901');
      const view = await until(
        'the new student and their three enrollments in Canvas',
        () => {
          const current = world.canvasView(ID);
          const enrolled = current.enrollments.filter((e) => e.startsWith(`${student.sisId}@`));
          return enrolled.length === 3 && current.logins.some((l) => l.startsWith(`${student.sisId}:`)) ? current : undefined;
        },
        { timeoutMs: 3 * MINUTES },
      );
      expect(view).toEqual(world.expectedView(ID));
      const intraday = await until('the intra-day run in Temporal', async () =>
        (await runsOfKind(world, ID, 'intraday')).find((r) => r.status.name === 'COMPLETED'),
      );
      const result = await resultOf(world, intraday.workflowId);
      expect(result).toMatchObject({ outcome: 'applied' });
      expect(result.eventsApplied).toBeGreaterThanOrEqual(5);
      expect(intraday.searchAttributes['SisbridgeDistrict']).toEqual([ID]);
      // One SIS import carried the student, and no nightly run was needed.
      expect(world.get(ID).canvas.state.sisImports.size - importsBefore).toBe(1);
      expect(await runsOfKind(world, ID, 'nightly')).toEqual([]);
    },
    10 * MINUTES,
  );

  it(
    'a drop, a teacher change and a section rename each reach Canvas in one intra-day import',
    async () => {
      const { sif, canvas } = world.get(ID);
      const dataset = sif.context.dataset;
      const expectOneMoreImport = async (what: string, done: () => boolean) => {
        const runs = await intradayRunsCompleted();
        await until(what, () => done() && true, { timeoutMs: 3 * MINUTES });
        await until(`the intra-day run of ${what}`, async () => (await intradayRunsCompleted()) === runs + 1);
        expect(world.canvasView(ID)).toEqual(world.expectedView(ID));
      };

      const enrollment = dataset.list('StudentSectionEnrollment').find((e) => !e.exitDate) as SifObjectTypes['StudentSectionEnrollment'];
      const student = dataset.get('StudentPersonal', enrollment.studentPersonalRefId) as SifObjectTypes['StudentPersonal'];
      const section = dataset.get('SectionInfo', enrollment.sectionInfoRefId) as SifObjectTypes['SectionInfo'];
      // An exit date two days back is past in every time zone: the simulator's "today" is UTC's,
      // the district's is Chicago's, and around midnight UTC they differ.
      const exitDate = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
      sif.changes.drop('StudentSectionEnrollment', enrollment.refId, { exitDate });
      const dropped = `S${student.dcid}@SEC${section.dcid}:StudentEnrollment`;
      await expectOneMoreImport('the drop', () => !world.canvasView(ID).enrollments.includes(dropped));

      const teaching = dataset
        .list('SectionInfo')
        .find((s) => s.scheduleInfoList[0]?.teacherRefIds.length === 1) as SifObjectTypes['SectionInfo'];
      const oldTeacher = teaching.scheduleInfoList[0]?.teacherRefIds[0] as string;
      const newTeacher = dataset
        .list('StaffPersonal')
        .find(
          (staff) =>
            staff.refId !== oldTeacher &&
            dataset.list('SectionInfo').some((s) => s.scheduleInfoList.some((i) => i.teacherRefIds.includes(staff.refId))),
        ) as SifObjectTypes['StaffPersonal'];
      sif.changes.change('SectionInfo', teaching.refId, {
        scheduleInfoList: teaching.scheduleInfoList.map((info) => ({ ...info, teacherRefIds: [newTeacher.refId] })),
      });
      const taught = `T${newTeacher.dcid}@SEC${teaching.dcid}:TeacherEnrollment`;
      await expectOneMoreImport('the teacher change', () => world.canvasView(ID).enrollments.includes(taught));

      const renamed = dataset.list('SectionInfo')[1] as SifObjectTypes['SectionInfo'];
      sif.changes.change('SectionInfo', renamed.refId, { localId: 'ALG2-07 (renamed)' });
      const sisSectionId = `SEC${renamed.dcid}`;
      await expectOneMoreImport('the rename', () =>
        [...canvas.state.sections.values()].some((s) => s.sisSectionId === sisSectionId && s.name === 'ALG2-07 (renamed)'),
      );
    },
    15 * MINUTES,
  );

  it(
    'a re-delivered event is stored and sent once',
    async () => {
      const { sif } = world.get(ID);
      const dataset = sif.context.dataset;
      const importsBefore = (await canvasImports(world, ID)).length;
      const person = dataset.list('StudentPersonal')[2] as SifObjectTypes['StudentPersonal'];
      const userRows = async () =>
        (await canvasImports(world, ID))
          .slice(importsBefore)
          .flatMap((sisImport) => [...sisImport.rows].flatMap(([file, rows]) => (file.endsWith('users.csv') ? rows : [])))
          .filter((row) => row.startsWith(`S${person.dcid},`));
      // The zone hands every message out once more after its ack (a ZIS that lost the ack).
      sif.context.injector.reconfigure(parseFaultSpec('duplicate=1,seed=3'));
      const changed = sif.changes.change('StudentPersonal', person.refId, { name: { ...person.name, lastName: 'Renamed-Once' } });
      const msgId = changed.events[0]?.msgId as string;
      await until('the rename in Canvas', async () => (await userRows()).length > 0, { timeoutMs: 3 * MINUTES });
      // The copy was handed out and acked too, and the district sync has nothing left to send.
      await until('the duplicate to be delivered and acked', () => {
        const queue = sif.state().agents[0]?.queue;
        return queue && queue.duplicatesInjected > 0 && queue.length === 0 ? true : undefined;
      });
      sif.context.injector.reconfigure(parseFaultSpec(''));
      await until('no events pending', async () => {
        const status = await world.client?.workflow.getHandle(districtSyncWorkflowId(ID)).query(districtSyncStatusQuery);
        return status && !status.eventsPendingSince && !status.holder ? true : undefined;
      });
      const pg = new PgClient({ connectionString: world.database?.url });
      await pg.connect();
      try {
        const stored = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM sif_ingest.sif_event WHERE msg_id = $1`, [msgId]);
        expect(Number(stored.rows[0]?.n)).toBe(1);
      } finally {
        await pg.end();
      }
      expect(await userRows()).toHaveLength(1);
      expect(world.canvasView(ID)).toEqual(world.expectedView(ID));
    },
    10 * MINUTES,
  );
});
