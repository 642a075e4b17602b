import { setTimeout as sleep } from 'node:timers/promises';
import { zipCsvs, type CanvasSimulator } from '@sisbridge/canvas-simulator';
import { createServiceDataSource, runMigrations } from '@sisbridge/persistence';
import { ROSTER_STORE_MIGRATIONS, RosterSnapshots } from '@sisbridge/roster-store';
import { inParallel } from '../bench-cli';
import type { BenchDistrict, BenchTeacher } from './bench-district';

/* What the passback benchmarks set up before they time anything: the roster, Canvas's courses, the teachers' gradebooks. */

/** The roster as sif-ingest would have published it: one complete snapshot. */
export async function publishRoster(databaseUrl: string, district: BenchDistrict): Promise<void> {
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
export async function importIntoCanvas(canvas: CanvasSimulator, district: BenchDistrict): Promise<void> {
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
export async function seedGradebooks(
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
