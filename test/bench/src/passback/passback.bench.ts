import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import {
  NIGHTLY_PASSBACK_WORKFLOW,
  PASSBACK_WORKFLOW,
  passbackStartOptions,
  TaskQueues,
  type NightlyPassbackWorkflow,
  type PassbackResult,
  type PassbackWorkflow,
} from '@sisbridge/contracts';
import { createServiceDataSource, dropDatabase, ensureDatabase, runMigrations } from '@sisbridge/persistence';
import {
  freePort,
  resolveTemporalCli,
  startComponent,
  startTemporalDevServer,
  waitForHttp,
  type ComponentName,
  type ManagedProcess,
} from '@sisbridge/local-infra';
import { ROSTER_STORE_MIGRATIONS, RosterSnapshots } from '@sisbridge/roster-store';
import { startCanvasSimulator, zipCsvs, type CanvasSimulator } from '@sisbridge/canvas-simulator';
import { startPtpSimulator } from '@sisbridge/ptp-simulator';
import { RecordingProxy } from '@sisbridge/test-support';
import { RssSampler } from '../rss-sampler';
import { benchDistrict, type BenchDistrict, type BenchTeacher } from './bench-district';
import { argument, inParallel, MiB, print, runBench, seconds } from '../bench-cli';

/**
 * `npm run bench:passback`: grade passback at the sizes the issue names, against the Canvas and
 * PTP simulators (PTP with 50 ms latency on every call), the compiled ptp-gradebook and workflow
 * worker as processes, a Temporal dev server and Postgres. Prints:
 * 1. one teacher, 6 sections × 35 students × 40 assignments (8,400 scores): wall time, PTP calls
 *    made against the fewest this design needs, scores/s; then the same run again (unchanged);
 * 2. a nightly passback of 500 teachers (the nightly workflow over `nightly_sync` courses): wall
 *    time, teachers/s, and the peak RSS of ptp-gradebook and the workflow worker.
 * Loopback only; bounded; asserts nothing.
 */
const LATENCY = 'latency=50ms';
const BIG = { teachers: 1, sectionsPerTeacher: 6, studentsPerSection: 35, assignmentsPerSection: 40 };
const NIGHT = { teachers: Number(argument('--teachers') ?? 500), sectionsPerTeacher: 1, studentsPerSection: 20, assignmentsPerSection: 3 };

async function main(): Promise<void> {
  const databaseUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/sisbridge_bench_passback';
  await dropDatabase(databaseUrl).catch(() => undefined);
  await ensureDatabase(databaseUrl);
  const schoolYear = new Date().getUTCMonth() >= 6 ? new Date().getUTCFullYear() + 1 : new Date().getUTCFullYear();
  const district = benchDistrict(
    [
      { layout: BIG, idBase: 1000 },
      { layout: NIGHT, idBase: 5000 },
    ],
    schoolYear,
  );
  print(
    `district: ${district.teachers.length} teachers, ${district.ptp.sections.length} sections, ${district.ptp.students.length} students (SchoolYear ${schoolYear})`,
  );

  const source = await resolveTemporalCli({ allowBuild: true, allowDownload: false, log: print });
  const temporal = await startTemporalDevServer({ source });
  const canvas = await startCanvasSimulator({ throttle: false, processingTimeMs: 100 });
  const ptp = await startPtpSimulator({ district: district.ptp, faults: LATENCY });
  const proxy = await new RecordingProxy(ptp.url).start();
  const components = new Map<ComponentName, ManagedProcess>();
  const sampler = new RssSampler(() => [...components.entries()].map(([name, p]) => ({ name, pid: p.child.pid })));
  try {
    await publishRoster(databaseUrl, district);
    await importIntoCanvas(canvas, district);
    const districtsFile = join(mkdtempSync(join(tmpdir(), 'sisbridge-bench-passback-')), 'districts.json');
    writeFileSync(
      districtsFile,
      JSON.stringify({
        districts: [
          {
            id: 'bench',
            name: 'Bench',
            timeZone: 'America/Chicago',
            schoolYear,
            sif: { zoneUrl: 'http://127.0.0.1:1/zone/unused' },
            canvas: { baseUrl: canvas.url, rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN_BENCH' },
            ptp: { baseUrl: proxy.url, clientIdEnv: 'PTP_ID_BENCH', clientSecretEnv: 'PTP_SECRET_BENCH' },
            schedules: { passback: { enabled: true, at: '21:00', maxConcurrentTeachers: 10 } },
          },
        ],
      }),
    );
    const env = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      DISTRICTS_FILE: districtsFile,
      CANVAS_TOKEN_BENCH: canvas.token,
      PTP_ID_BENCH: ptp.clientId,
      PTP_SECRET_BENCH: ptp.clientSecret,
      RUN_MIGRATIONS_ON_START: 'true',
      LOG_LEVEL: 'warn',
      WORKER_MAX_CONCURRENT_ACTIVITIES: '40',
    };
    for (const name of ['ptp-gradebook', 'workflow-worker'] as const) {
      const port = await freePort();
      const component = startComponent(name, { port, env });
      components.set(name, component);
      await waitForHttp(`http://127.0.0.1:${port}/readyz`, { timeoutMs: 120_000, process: component });
    }
    sampler.start();
    const client = new Client({ connection: await Connection.connect({ address: temporal.address }) });

    // 1. One big teacher.
    const big = district.teachers[0] as BenchTeacher;
    let started = Date.now();
    await seedGradebooks(canvas, district, [big], BIG.assignmentsPerSection, false);
    print(
      `\none teacher, ${BIG.sectionsPerTeacher} sections × ${BIG.studentsPerSection} students × ${BIG.assignmentsPerSection} assignments: gradebook seeded in Canvas in ${seconds(Date.now() - started)}`,
    );
    for (const [index, label] of ['first run', 'second run (nothing changed)'].entries()) {
      const from = proxy.mark();
      started = Date.now();
      const result = await client.workflow.execute<PassbackWorkflow>(
        PASSBACK_WORKFLOW,
        passbackStartOptions({ districtId: 'bench', teacherSisId: big.sisId, trigger: 'cli' }),
      );
      const wall = Date.now() - started;
      report(label, result, wall, proxy.tally(from), index === 0);
    }

    // 2. A night of 500 teachers.
    const night = district.teachers.slice(1);
    started = Date.now();
    await seedGradebooks(canvas, district, night, NIGHT.assignmentsPerSection, true);
    print(
      `\nnightly passback of ${night.length} teachers (${NIGHT.studentsPerSection} students × ${NIGHT.assignmentsPerSection} assignments each): seeded in ${seconds(Date.now() - started)}`,
    );
    const from = proxy.mark();
    started = Date.now();
    const nightly = await client.workflow.execute<NightlyPassbackWorkflow>(NIGHTLY_PASSBACK_WORKFLOW, {
      taskQueue: TaskQueues.orchestration,
      workflowId: `passback-nightly-bench-${Date.now()}`,
      args: [{ districtId: 'bench' }],
    });
    const wall = Date.now() - started;
    const calls = proxy.tally(from);
    print(
      `  ${nightly.totals.teachersDone} teachers done (${nightly.totals.completed} completed, ${nightly.totals.completedWithErrors} with errors, ${nightly.totals.failed} failed, ${nightly.totals.alreadyRunning} already running)`,
    );
    print(
      `  wall time ${seconds(wall)}: ${(nightly.totals.teachersDone / (wall / 1000)).toFixed(2)} teachers/s, ${((night.length * NIGHT.studentsPerSection * NIGHT.assignmentsPerSection) / (wall / 1000)).toFixed(0)} scores/s`,
    );
    print(`  PTP calls: ${total(calls)} (${describe(calls)})`);
    for (const name of components.keys())
      print(`  peak RSS of ${name} during the night: ${(sampler.peak(name, started, Date.now()) / MiB).toFixed(0)} MiB`);
    await client.connection.close();
  } finally {
    sampler.stop();
    for (const component of components.values()) await component.stop(30_000);
    await Promise.all([canvas.close(), ptp.close(), proxy.close()]);
    await temporal.teardown();
  }
}

function report(label: string, result: PassbackResult, wall: number, calls: Record<string, number>, firstCall: boolean): void {
  const t = result.totals;
  const scores = t.scoresWritten + t.scoresUnchanged + t.scoresFailed;
  // The fewest calls this design needs: a token (once per process), one category read, one look at
  // PTP's own assignments per section that already has linked ones (what was deleted there is made
  // again), one create per new assignment section (one replace per changed one), one PUT per 200
  // changed scores.
  const sections = result.ptpAssignmentSections ?? { created: 0, updated: 0, unchanged: 0, failed: 0 };
  const listed = firstCall ? 0 : BIG.sectionsPerTeacher;
  const minimum = (firstCall ? 1 : 0) + 1 + listed + sections.created + sections.updated + Math.ceil(t.scoresWritten / 200);
  print(
    `  ${label}: ${result.outcome} in ${seconds(wall)}; assignments ${t.assignmentsCreated} created, ${t.assignmentsUnchanged} unchanged; scores ${t.scoresWritten} written, ${t.scoresUnchanged} unchanged, ${t.scoresFailed} failed`,
  );
  print(
    `    ${(scores / (wall / 1000)).toFixed(0)} scores/s; PTP calls ${total(calls)} against a minimum of ${minimum} (${describe(calls)})`,
  );
}

/** The roster as sif-ingest would have published it: one complete snapshot. */
async function publishRoster(databaseUrl: string, district: BenchDistrict): Promise<void> {
  const dataSource = createServiceDataSource({
    url: databaseUrl,
    schema: 'sif_ingest',
    entities: [],
    migrations: ROSTER_STORE_MIGRATIONS,
    applicationName: 'bench',
  });
  await runMigrations(dataSource);
  await dataSource.initialize();
  try {
    const snapshots = new RosterSnapshots(dataSource);
    const id = crypto.randomUUID();
    await snapshots.begin({ id, districtId: 'bench', schoolYear: district.schoolYear });
    await snapshots.write(id, district.roster);
    await snapshots.complete(id);
  } finally {
    await dataSource.destroy();
  }
}

/** Accounts, term, courses, sections, users and enrollments, as provisioning would have made them. */
async function importIntoCanvas(canvas: CanvasSimulator, district: BenchDistrict): Promise<void> {
  const response = await fetch(`${canvas.url}/api/v1/accounts/1/sis_imports?import_type=instructure_csv&extension=zip`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${canvas.token}`, 'Content-Type': 'application/zip' },
    body: await zipCsvs(district.canvasCsvs),
  });
  const created = (await response.json()) as { id: number };
  for (;;) {
    const state = (await call<{ workflow_state: string }>(canvas, 'GET', `/api/v1/accounts/1/sis_imports/${created.id}`)).workflow_state;
    if (state === 'imported' || state === 'imported_with_messages') return;
    if (/failed|aborted/.test(state)) throw new Error(`the bench roster import ended ${state}`);
    await sleep(200);
  }
}

/** What the teachers do in Canvas: publish, make groups from their categories, assignments, grades. */
async function seedGradebooks(
  canvas: CanvasSimulator,
  district: BenchDistrict,
  teachers: readonly BenchTeacher[],
  assignmentsPerSection: number,
  nightly: boolean,
): Promise<void> {
  const day = 86_400_000;
  const start = new Date(`${district.term.start}T12:00:00Z`).getTime();
  await inParallel(
    16,
    teachers.flatMap((teacher) =>
      teacher.sections.map((section) => async () => {
        const course = await call<{ id: number }>(canvas, 'PUT', `/api/v1/courses/sis_course_id:${section.sisId}`, {
          'course[event]': 'offer',
          ...(nightly ? { 'course[grade_passback_setting]': 'nightly_sync' } : {}),
        });
        const groups: number[] = [];
        for (const [i, id] of teacher.categoryIds.entries()) {
          groups.push(
            (
              await call<{ id: number }>(canvas, 'POST', `/api/v1/courses/${course.id}/assignment_groups`, {
                name: ['Homework', 'Quiz', 'Test'][i] ?? 'Other',
                sis_source_id: `ptp-category-${id}`,
                integration_data: JSON.stringify({ ptp_teacher_category_id: String(id) }),
              })
            ).id,
          );
        }
        for (let n = 0; n < assignmentsPerSection; n++) {
          const points = [10, 20, 50, 100][n % 4] as number;
          const assignment = await call<{ id: number }>(canvas, 'POST', `/api/v1/courses/${course.id}/assignments`, {
            'assignment[name]': `Assignment ${n + 1}`,
            'assignment[points_possible]': String(points),
            'assignment[assignment_group_id]': String(groups[n % groups.length]),
            'assignment[post_to_sis]': 'true',
            'assignment[published]': 'true',
            'assignment[due_at]': new Date(start + (10 + n) * day).toISOString(),
            'assignment[submission_types][]': 'on_paper',
          });
          await inParallel(
            8,
            section.students.map(
              (student, k) => () =>
                call(canvas, 'PUT', `/api/v1/courses/${course.id}/assignments/${assignment.id}/submissions/sis_user_id:${student.sisId}`, {
                  'submission[posted_grade]': String(Math.round(points * (0.5 + ((k * 7 + n * 3) % 50) / 100))),
                }).then(() => undefined),
            ),
          );
        }
      }),
    ),
  );
}

async function call<T>(canvas: CanvasSimulator, method: string, path: string, fields?: Record<string, string>): Promise<T> {
  const response = await fetch(`${canvas.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${canvas.token}`,
      Accept: 'application/json',
      ...(fields ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: fields ? new URLSearchParams(fields).toString() : undefined,
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`Canvas ${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

function total(calls: Record<string, number>): number {
  return Object.values(calls).reduce((sum, n) => sum + n, 0);
}

function describe(calls: Record<string, number>): string {
  return Object.entries(calls)
    .sort(([, a], [, b]) => b - a)
    .map(([key, n]) => `${n} ${key}`)
    .join(', ');
}

runBench('passback', main);
