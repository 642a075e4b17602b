import { districtSyncStatusQuery, districtSyncWorkflowId, type DistrictSyncStatus } from '@sisbridge/contracts';
import { ProvisioningWorld } from '../provisioning/provisioning-world';
import { canvasImports, enrolNewStudent, type NewStudent } from './intraday-world';
import { until } from './until';

const ID = 'intra-night';
const MINUTES = 60_000;

/**
 * One writer per district: the nightly run and the intra-day imports never overlap and never undo
 * each other, even when the services die in the middle of an intra-day import. Canvas ends as one
 * full run would leave it, and every change is sent once.
 */
describe('intra-day sync and the nightly run (pull mode): one writer to Canvas', () => {
  let world: ProvisioningWorld;

  beforeAll(async () => {
    world = await ProvisioningWorld.start('intraday_nightly', [
      {
        id: ID,
        size: 'tiny',
        seed: 9090,
        courseMode: 'course-per-offering',
        // Long enough that the nightly run below starts inside the window; Canvas slow enough to kill a service mid-import.
        schedules: { intraday: { enabled: true, windowSeconds: 30, drainSeconds: 20 } },
        processingTimeMs: 4_000,
      },
    ]);
    expect((await world.provision(ID)).outcome).toBe('applied');
  }, 600_000);

  afterAll(async () => {
    await world?.stop();
  });

  async function syncStatus(): Promise<DistrictSyncStatus | undefined> {
    return world.client?.workflow.getHandle(districtSyncWorkflowId(ID)).query(districtSyncStatusQuery);
  }

  /** Canvas never ran two of the district's imports at once: each began after the last one ended. */
  async function expectImportsOneAtATime(): Promise<void> {
    const imports = await canvasImports(world, ID);
    for (let i = 1; i < imports.length; i++) {
      const previous = imports[i - 1];
      expect(previous?.endedAt).not.toBeNull();
      expect((imports[i]?.createdAt.getTime() ?? 0) >= (previous?.endedAt?.getTime() ?? Infinity)).toBe(true);
    }
  }

  /** How many times a student's user row and enrollment rows were sent since `from` (each import counted). */
  async function timesSent(student: NewStudent, from: number): Promise<{ users: number; enrollments: number }> {
    const imports = (await canvasImports(world, ID)).slice(from);
    const rows = (suffix: string) => imports.flatMap((i) => [...i.rows].flatMap(([file, r]) => (file.endsWith(suffix) ? r : [])));
    return {
      users: rows('users.csv').filter((row) => row.startsWith(`${student.sisId},`)).length,
      enrollments: rows('enrollments.csv').filter((row) => row.split(',')[2] === student.sisId).length,
    };
  }

  async function settled(): Promise<void> {
    await until(
      'the district sync to have nothing pending and nothing running',
      async () => {
        const status = await syncStatus();
        return status && !status.eventsPendingSince && !status.holder && status.waiting.length === 0 ? true : undefined;
      },
      { timeoutMs: 4 * MINUTES },
    );
  }

  it(
    'a nightly run started while intra-day changes are pending waits its turn; Canvas ends as one full run would leave it; each change is sent once',
    async () => {
      const from = (await canvasImports(world, ID)).length;
      const student = enrolNewStudent(world, ID, 'NIGHT-1');
      await until('the events to be stored and pending', async () => (await syncStatus())?.eventsPendingSince);
      const nightly = await world.startProvisioning(ID, { trigger: 'schedule' });
      expect((await world.resultOf(nightly, 4 * MINUTES)).outcome).toMatch(/applied|unchanged/);
      await settled();
      expect(world.canvasView(ID)).toEqual(world.expectedView(ID));
      await expectImportsOneAtATime();
      expect(await timesSent(student, from)).toEqual({ users: 1, enrollments: 3 });
    },
    10 * MINUTES,
  );

  it(
    'the same when sif-ingest and canvas-provisioner are killed during an intra-day import',
    async () => {
      const system = world.system;
      if (!system) throw new Error('not started');
      const from = (await canvasImports(world, ID)).length;
      const student = enrolNewStudent(world, ID, 'NIGHT-2');
      // The intra-day import is in Canvas's hands (uploaded, processing for 4 s): both services die now.
      await until('the intra-day import to be uploaded', async () => (await canvasImports(world, ID)).length > from, {
        timeoutMs: 4 * MINUTES,
      });
      await Promise.all([system.get('sif-ingest').process.kill(), system.get('canvas-provisioner').process.kill()]);
      const nightly = await world.startProvisioning(ID, { trigger: 'schedule' });
      await Promise.all([system.start('sif-ingest'), system.start('canvas-provisioner')]);
      expect((await world.resultOf(nightly, 6 * MINUTES)).outcome).toMatch(/applied|unchanged/);
      await settled();
      expect(world.canvasView(ID)).toEqual(world.expectedView(ID));
      await expectImportsOneAtATime();
      expect(await timesSent(student, from)).toEqual({ users: 1, enrollments: 3 });
    },
    12 * MINUTES,
  );
});
