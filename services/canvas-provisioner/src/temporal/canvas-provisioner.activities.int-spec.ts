import { MockActivityEnvironment } from '@temporalio/testing';
import axios from 'axios';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DistrictCanvasClients } from '@sisbridge/canvas-client';
import type { CanvasProvisionerActivities, DistrictSyncLeaseActivities } from '@sisbridge/contracts';
import { DistrictRegistry, parseDistricts } from '@sisbridge/district-config';
import { createServiceDataSource, runMigrations } from '@sisbridge/persistence';
import type { RosterEnrollment, RosterEntity, RosterSection, RosterUser } from '@sisbridge/roster';
import { ROSTER_STORE_MIGRATIONS, RosterDiffs, RosterSnapshots } from '@sisbridge/roster-store';
import { startCanvasSimulator, type CanvasSimulator } from '@sisbridge/canvas-simulator';
import { createTestDatabase, type TestDatabase } from '@sisbridge/test-support';
import { AssignmentGroupSyncService } from '../assignment-groups/assignment-group-sync.service';
import { CategoryGroupLinks } from '../assignment-groups/category-group-links';
import type { CanvasProvisionerConfig } from '../canvas-provisioner.config';
import { canvasProvisionerPersistence } from '../persistence/canvas-provisioner.persistence';
import { ProvisioningStore } from '../provisioning/provisioning-store';
import { SnapshotIndexLoader } from '../sis-import/snapshot-index.loader';
import { UploadedImportFinder } from '../sis-import/uploaded-import-finder';
import { SisImportBuilderService } from '../sis-import/sis-import-builder.service';
import { SisImportMonitorService } from '../sis-import/sis-import-monitor.service';
import { SisImportRestorerService } from '../sis-import/sis-import-restorer.service';
import { SisImportUploaderService } from '../sis-import/sis-import-uploader.service';
import { CanvasProvisionerActivitiesService } from './canvas-provisioner.activities';

const DISTRICT = 'springfield';

const school: RosterEntity = { kind: 'school', sisId: 'SCH1', refId: 'R1', dcid: 1, name: 'Lincoln High' };
const term: RosterEntity = {
  kind: 'term',
  sisId: 'TRM10',
  refId: 'R10',
  dcid: 10,
  schoolSisId: 'SCH1',
  name: 'Semester 1',
  startDate: '2025-08-20',
  endDate: '2026-01-16',
  schoolYear: 2026,
};
const course: RosterEntity = {
  kind: 'course',
  sisId: 'CRS5',
  refId: 'R5',
  dcid: 5,
  schoolSisId: 'SCH1',
  courseCode: 'ALG1',
  title: 'Algebra I',
};
const section = (n: number, teacher = 'T7'): RosterSection => ({
  kind: 'section',
  sisId: `SEC${n}`,
  refId: `RS${n}`,
  dcid: n,
  courseSisId: 'CRS5',
  schoolSisId: 'SCH1',
  sectionCode: `ALG1-${n}`,
  termSisIds: ['TRM10'],
  teacherSisIds: [teacher],
});
const person = (sisId: string, personType: 'student' | 'staff', extra: Partial<RosterUser> = {}): RosterUser => ({
  kind: 'user',
  sisId,
  refId: `R${sisId}`,
  dcid: Number(sisId.slice(1)),
  personType,
  localId: `L${sisId}`,
  firstName: 'Zoë',
  lastName: "D'Angelo",
  schoolSisIds: ['SCH1'],
  ...extra,
});
const enrollment = (sectionSisId: string, userSisId: string, role: 'student' | 'teacher'): RosterEnrollment => ({
  kind: 'enrollment',
  sisId: `${sectionSisId}|${userSisId}|${role}`,
  sectionSisId,
  userSisId,
  role,
});

describe('canvas-provisioner activities against the Canvas simulator (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let canvas: CanvasSimulator;
  let activities: Omit<CanvasProvisionerActivities, keyof DistrictSyncLeaseActivities>;
  let store: ProvisioningStore;
  let snapshots: RosterSnapshots;
  let diffs: RosterDiffs;
  const environment = new MockActivityEnvironment();
  /** Runs one activity as Temporal would (with its Context), typed. */
  const run = <Input, Output>(activity: (input: Input) => Promise<Output>, input: Input): Promise<Output> =>
    environment.run(activity, input) as Promise<Output>;

  beforeAll(async () => {
    database = await createTestDatabase('canvas_activities');
    await runMigrations(
      createServiceDataSource({
        url: database.url,
        schema: 'sif_ingest',
        entities: [],
        migrations: ROSTER_STORE_MIGRATIONS,
        applicationName: 'test',
      }),
    );
    dataSource = createServiceDataSource({ url: database.url, applicationName: 'test', ...canvasProvisionerPersistence });
    await runMigrations(dataSource);
    await dataSource.initialize();
    canvas = await startCanvasSimulator({ processingTimeMs: 100, throttle: false });
    const districts = new DistrictRegistry(
      parseDistricts('test', 'inline', {
        districts: [
          {
            id: DISTRICT,
            name: 'Springfield',
            timeZone: 'America/Chicago',
            schoolYear: 2026,
            sif: { zoneUrl: 'http://127.0.0.1:1/zone/x' },
            canvas: { baseUrl: canvas.url, rootAccountId: 1, tokenEnv: 'CANVAS_TOKEN' },
          },
        ],
      }),
      { CANVAS_TOKEN: canvas.token },
    );
    const config = {
      CANVAS_POLL_INTERVAL_MS: 50,
      GUARD_TIMEOUT_HOURS: 20,
      CANVAS_UPLOAD_RECOGNITION_SECONDS: 30,
    } as CanvasProvisionerConfig;
    store = new ProvisioningStore(dataSource);
    snapshots = new RosterSnapshots(dataSource);
    diffs = new RosterDiffs(dataSource, snapshots);
    const clients = new DistrictCanvasClients(districts, { axios: axios.create() });
    activities = new CanvasProvisionerActivitiesService(
      dataSource,
      districts,
      store,
      new SisImportBuilderService(districts, store, new SnapshotIndexLoader(), snapshots, diffs),
      new SisImportUploaderService(clients, store, new UploadedImportFinder(clients, config)),
      new SisImportMonitorService(clients, store, config),
      new SisImportRestorerService(clients, store, new UploadedImportFinder(clients, config), config),
      config,
      new AssignmentGroupSyncService(clients, new CategoryGroupLinks(dataSource)),
      snapshots,
      diffs,
    ).asActivities();
  });

  afterAll(async () => {
    await canvas?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  async function snapshotOf(entities: RosterEntity[]): Promise<string> {
    const id = randomUUID();
    await snapshots.begin({ id, districtId: DISTRICT, schoolYear: 2026 });
    await snapshots.write(id, entities);
    await snapshots.complete(id);
    return id;
  }

  /** Build → upload → await → record, as the workflow does; returns the Canvas import id. */
  async function provision(fromSnapshotId: string | undefined, toSnapshotId: string): Promise<number> {
    const { diff } = await diffs.compute(DISTRICT, fromSnapshotId, toSnapshotId);
    const runId = randomUUID();
    const build = await run(activities.buildSisImport, { runId, districtId: DISTRICT, diffId: diff.id, dryRun: false });
    const { canvasImportId } = await run(activities.uploadSisImport, { runId, districtId: DISTRICT, buildId: build.buildId });
    const result = await run(activities.awaitSisImport, { runId, districtId: DISTRICT, canvasImportId });
    expect(result).toMatchObject({ applied: true, errors: 0 });
    await run(activities.markSnapshotApplied, { runId, districtId: DISTRICT, snapshotId: toSnapshotId, diffId: diff.id });
    return canvasImportId;
  }

  /** Canvas as SIS ids: what a district admin would check. */
  function canvasBySisId() {
    const state = canvas.state;
    const sisOfCourse = (id: number) => state.courses.get(id)?.sisCourseId;
    const sisOfSection = (id: number) => state.sections.get(id)?.sisSectionId;
    const sisOfUser = (id: number) => [...state.logins.values()].find((l) => l.userId === id)?.sisUserId;
    return {
      accounts: [...state.accounts.values()]
        .filter((a) => a.sisAccountId)
        .map((a) => `${a.sisAccountId}:${a.name}:${a.workflowState}`)
        .sort(),
      courses: [...state.courses.values()].map((c) => `${c.sisCourseId}:${c.name}:${c.workflowState}`).sort(),
      sections: [...state.sections.values()]
        .filter((s) => s.sisSectionId)
        .map((s) => `${s.sisSectionId}@${sisOfCourse(s.courseId)}:${s.workflowState}`)
        .sort(),
      logins: [...state.logins.values()].map((l) => `${l.sisUserId}:${l.uniqueId}:${l.workflowState}`).sort(),
      enrollments: [...state.enrollments.values()]
        .map((e) => `${sisOfUser(e.userId)}@${sisOfSection(e.sectionId)}:${e.type}:${e.workflowState}`)
        .sort(),
    };
  }

  it('provisions a first run, then only what changed, and restores a run with Canvas restore_states', async () => {
    const first = await snapshotOf([
      school,
      term,
      course,
      section(1),
      section(2),
      person('T7', 'staff'),
      person('S1', 'student'),
      person('S2', 'student'),
      enrollment('SEC1', 'T7', 'teacher'),
      enrollment('SEC2', 'T7', 'teacher'),
      enrollment('SEC1', 'S1', 'student'),
      enrollment('SEC2', 'S2', 'student'),
    ]);
    expect((await run(activities.lastAppliedSnapshot, { districtId: DISTRICT, schoolYear: 2026 })).snapshotId).toBeUndefined();
    await provision(undefined, first);
    expect(await run(activities.lastAppliedSnapshot, { districtId: DISTRICT, schoolYear: 2026 })).toEqual({ snapshotId: first });
    expect(canvasBySisId()).toEqual({
      accounts: ['SCH1:Lincoln High:active'],
      courses: ['SEC1:Algebra I (ALG1-1):claimed', 'SEC2:Algebra I (ALG1-2):claimed'],
      sections: ['SEC1@SEC1:active', 'SEC2@SEC2:active'],
      logins: ['S1:LS1:active', 'S2:LS2:active', 'T7:LT7:active'],
      enrollments: [
        'S1@SEC1:StudentEnrollment:active',
        'S2@SEC2:StudentEnrollment:active',
        'T7@SEC1:TeacherEnrollment:active',
        'T7@SEC2:TeacherEnrollment:active',
      ],
    });

    // A new student, a dropped enrollment, a changed teacher.
    const second = await snapshotOf([
      school,
      term,
      course,
      section(1),
      section(2, 'T8'),
      person('T7', 'staff'),
      person('T8', 'staff'),
      person('S1', 'student'),
      person('S2', 'student'),
      person('S3', 'student'),
      enrollment('SEC1', 'T7', 'teacher'),
      enrollment('SEC2', 'T8', 'teacher'),
      enrollment('SEC1', 'S1', 'student'),
      enrollment('SEC1', 'S3', 'student'),
    ]);
    const importId = await provision(first, second);
    const after = canvasBySisId();
    expect(after.logins).toEqual(['S1:LS1:active', 'S2:LS2:active', 'S3:LS3:active', 'T7:LT7:active', 'T8:LT8:active']);
    expect(after.enrollments).toEqual([
      'S1@SEC1:StudentEnrollment:active',
      'S2@SEC2:StudentEnrollment:completed',
      'S3@SEC1:StudentEnrollment:active',
      'T7@SEC1:TeacherEnrollment:active',
      'T7@SEC2:TeacherEnrollment:completed',
      'T8@SEC2:TeacherEnrollment:active',
    ]);
    const runId: string = (
      await dataSource.query(
        'SELECT run_id FROM canvas_provisioner.sis_import WHERE district_id = $1 AND canvas_import_id = $2 ORDER BY upload_started_at DESC LIMIT 1',
        [DISTRICT, importId],
      )
    )[0].run_id;
    // Rows per changed row: 2 users, 4 enrollments, 1 teacher user; SEC2 itself is unchanged in Canvas.
    expect((await store.buildOfRun(runId))?.totalRows).toBe(6);

    // Compensation: restore_states undoes exactly that run's changes.
    const restored = await run(activities.restoreRunImports, { runId, districtId: DISTRICT });
    expect(restored).toEqual({ restored: [importId], failed: [] });
    const back = canvasBySisId();
    expect(back.enrollments.filter((e) => e.endsWith(':active'))).toEqual([
      'S1@SEC1:StudentEnrollment:active',
      'S2@SEC2:StudentEnrollment:active',
      'T7@SEC1:TeacherEnrollment:active',
      'T7@SEC2:TeacherEnrollment:active',
    ]);
    // Restoring again is a no-op, not a second restore.
    expect(await run(activities.restoreRunImports, { runId, districtId: DISTRICT })).toEqual({ restored: [importId], failed: [] });
  });

  it('never uploads a build twice: a retried upload finds the import Canvas already has', async () => {
    const base = await snapshotOf([school, term, course, section(40), person('S40', 'student'), enrollment('SEC40', 'S40', 'student')]);
    const { diff } = await diffs.compute(DISTRICT, undefined, base);
    const runId = randomUUID();
    const build = await run(activities.buildSisImport, { runId, districtId: DISTRICT, diffId: diff.id, dryRun: false });
    // The same activity retried: same build, not a second one.
    expect(await run(activities.buildSisImport, { runId, districtId: DISTRICT, diffId: diff.id, dryRun: false })).toEqual(build);

    const importsBefore = canvas.state.sisImports.size;
    const first = await run(activities.uploadSisImport, { runId, districtId: DISTRICT, buildId: build.buildId });
    // A worker that died after Canvas took the file but before the id was stored:
    await dataSource.query('UPDATE canvas_provisioner.sis_import SET canvas_import_id = NULL WHERE build_id = $1', [build.buildId]);
    const retried = await run(activities.uploadSisImport, { runId, districtId: DISTRICT, buildId: build.buildId });
    expect(retried).toEqual(first);
    expect(canvas.state.sisImports.size).toBe(importsBefore + 1);
  });

  it('refuses to upload a dry run', async () => {
    const base = await snapshotOf([school]);
    const { diff } = await diffs.compute(DISTRICT, undefined, base);
    const runId = randomUUID();
    const build = await run(activities.buildSisImport, { runId, districtId: DISTRICT, diffId: diff.id, dryRun: true });
    await expect(run(activities.uploadSisImport, { runId, districtId: DISTRICT, buildId: build.buildId })).rejects.toThrow(
      'is a dry run and is never uploaded',
    );
  });

  it('says which kinds a mass removal would hit', async () => {
    const full = await snapshotOf([
      school,
      term,
      course,
      section(50),
      section(51),
      person('S50', 'student'),
      person('S51', 'student'),
      enrollment('SEC50', 'S50', 'student'),
      enrollment('SEC51', 'S51', 'student'),
    ]);
    const truncated = await snapshotOf([
      school,
      term,
      course,
      section(50),
      person('S50', 'student'),
      enrollment('SEC50', 'S50', 'student'),
    ]);
    const { diff } = await diffs.compute(DISTRICT, full, truncated);
    const verdict = await run(activities.evaluateDeleteGuard, { districtId: DISTRICT, diffId: diff.id });
    expect(verdict).toEqual({
      tripped: true,
      threshold: 0.1,
      kinds: [
        { kind: 'section', removing: 1, existing: 2, share: 0.5, over: true },
        { kind: 'user', removing: 1, existing: 2, share: 0.5, over: true },
        { kind: 'enrollment', removing: 1, existing: 2, share: 0.5, over: true },
      ],
    });
  });
});
