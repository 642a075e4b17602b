import { performance } from 'node:perf_hooks';
import { PASSBACK_WORKFLOW, passbackStartOptions, type PassbackWorkflow } from '@sisbridge/contracts';
import { DISTRICT_ID, PassbackWorld, type TeacherUnderTest } from './passback-world';
import { seedTeacherGradebook } from './teacher-gradebook';

/** PowerSchool's minimum interval between the plugin's requests, in the simulator and in the districts file. */
const INTERVAL_MS = 60;
const MARGIN_MS = 400;
const REPLICAS = 3;

/**
 * PowerSchool's minimum interval is the plugin's, not a process's: three ptp-gradebook replicas
 * (processes, as pods) passing back three teachers at once must together never send PTP two
 * requests closer than the interval. The simulator judges every request on arrival, as PowerSchool
 * does, and refuses one that comes too early; the test keeps the simulator's own log of arrivals.
 */
describe('one PowerSchool request interval across ptp-gradebook replicas, end to end', () => {
  /** When each plugin request reached the simulator's interval check, on its clock (ms, with a fraction). */
  const arrivals: number[] = [];
  let accepted = 0;
  const world = new PassbackWorld({
    purpose: 'passback_interval',
    // A small district keeps it short: the interval, not the size, is what is under test.
    size: 'tiny',
    seed: 44,
    ptp: {
      minIntervalMs: INTERVAL_MS,
      minIntervalNow: () => {
        const at = performance.now();
        arrivals.push(at);
        return at;
      },
      // Called for the requests the interval check let through, so arrivals − accepted = refusals.
      holdRequest: async () => void accepted++,
    },
    // The interval is PowerSchool's. The margin is what two requests' arrivals may bunch by on
    // their way after they start in their slots: here each replica's and the simulator's event
    // loops (the simulator shares this test process with the Canvas and SIF simulators and a
    // recording proxy) on a busy two-core machine, where stalls of 70 ms have been seen (so the
    // test leaves several times that, for CI sharing the cores with other work); in production a
    // few ms of network jitter (the default).
    ptpSettings: { minIntervalMs: INTERVAL_MS, minIntervalMarginMs: MARGIN_MS, maxConcurrentRequests: 4 },
    ptpGradebookReplicas: REPLICAS,
  });
  const teachers: TeacherUnderTest[] = [];

  beforeAll(async () => {
    await world.start();
    await world.provision();
    for (let i = 0; i < 3; i++) {
      const teacher = await world.teacher(
        2,
        4,
        teachers.map((t) => t.sisId),
      );
      teachers.push(teacher);
      const categoryIds = new Set(
        world.ptp.state
          .categoriesOf(teacher.dcid)
          .filter((c) => c.isactive)
          .map((c) => c.teachercategoryid),
      );
      await seedTeacherGradebook(world.teacherApi, teacher, () => undefined, { count: 6, invalid: false, categoryIds });
    }
  }, 400_000);

  afterAll(async () => world.close(), 60_000);

  it('three replicas passing back three teachers at once: no request refused as too early, none closer than the interval', async () => {
    const handles = await Promise.all(
      teachers.map((teacher) =>
        world.client.workflow.start<PassbackWorkflow>(PASSBACK_WORKFLOW, {
          ...passbackStartOptions({ districtId: DISTRICT_ID, teacherSisId: teacher.sisId, trigger: 'cli' }),
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      ),
    );
    const results = await Promise.all(handles.map((handle) => handle.result()));
    expect(results.map((result) => result.outcome)).toEqual(['completed', 'completed', 'completed']);
    expect(results.every((result) => result.totals.scoresWritten > 0)).toBe(true);

    // The replicas shared the work (each counts its own PTP exchanges in /metrics).
    const metrics = await Promise.all(
      (world.ptpGradebooks?.replicas ?? []).map(async (replica) => await (await fetch(replica.metricsUrl())).text()),
    );
    const sum = (text: string, metric: string) =>
      [...text.matchAll(new RegExp(`^${metric}\\{[^}]*\\} (\\d+)`, 'gm'))].reduce((total, match) => total + Number(match[1]), 0);
    const perReplica = metrics.map((text) => sum(text, 'sisbridge_ptp_requests_total'));
    const gapsUnder = arrivals
      .slice(1)
      .map((at, i) => ({ index: i + 1, gap: at - (arrivals[i] as number) }))
      .filter(({ gap }) => gap < INTERVAL_MS + MARGIN_MS)
      .sort((a, b) => a.gap - b.gap)
      .slice(0, 5)
      .map(({ index, gap }) => `#${index}: ${gap.toFixed(1)} ms`);
    process.stderr.write(
      `PTP requests per replica: ${perReplica.join(', ')}; slots given up per replica: ${metrics.map((text) => sum(text, 'sisbridge_ptp_missed_request_slots_total')).join(', ')}; ` +
        `${arrivals.length} arrived at the simulator, ${accepted} accepted; closest gaps under interval + margin: ${gapsUnder.join(', ') || 'none'}\n`,
    );
    expect(perReplica.filter((count) => count > 0).length).toBeGreaterThan(1);

    // Everything the replicas sent PTP (the category sync after provisioning, then the three
    // passbacks), as the simulator saw it arrive.
    expect(arrivals.length).toBeGreaterThan(30);
    expect({ refusedAsTooEarly: arrivals.length - accepted }).toEqual({ refusedAsTooEarly: 0 });
    expect(world.proxy.exchanges.filter((exchange) => exchange.status === 429)).toEqual([]);
    const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] as number));
    const closest = Math.min(...gaps);
    process.stderr.write(`closest two PTP requests: ${closest.toFixed(1)} ms apart (interval ${INTERVAL_MS} ms)\n`);
    expect(closest).toBeGreaterThanOrEqual(INTERVAL_MS);
  }, 300_000);
});
