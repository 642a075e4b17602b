import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import {
  PROVISION_DISTRICT_WORKFLOW,
  provisionWorkflowId,
  SYNC_DISTRICT_CATEGORIES_WORKFLOW,
  TaskQueues,
  type ProvisionDistrictWorkflow,
} from '@sisbridge/contracts';
import { startCanvasSimulator, type CanvasSimulator, type CanvasSimulatorOptions } from '@sisbridge/canvas-simulator';
import { startPtpSimulator, type PtpSimulator, type PtpSimulatorOptions } from '@sisbridge/ptp-simulator';
import { generateDistrict, toPtpDistrict, type DistrictSize, type PtpDistrict, type SandboxDistrict } from '@sisbridge/sandbox-district';
import { startSifZoneSimulator, type SifZoneSimulator } from '@sisbridge/sif-zone-simulator';
import {
  componentEnv,
  createTestDatabase,
  createTestNamespace,
  RecordingProxy,
  RunningSystem,
  testClient,
  testEnv,
  type TestDatabase,
} from '@sisbridge/test-support';
import { CanvasTeacher } from './canvas-teacher';

const REPO_ROOT = resolve(__dirname, '../../../..');
export const DISTRICT_ID = 'e2e';
export const TIME_ZONE = 'America/Chicago';

/** A teacher of the generated district with at least three sections of students this year. */
export interface TeacherUnderTest {
  sisId: string;
  dcid: number;
  sections: Array<{
    sisId: string;
    dcid: number;
    canvasCourseId: number;
    start: string;
    end: string;
    students: Array<{ userId: number; sisId: string; dcid: number }>;
  }>;
}

export interface WorldOptions {
  purpose: string;
  size?: DistrictSize;
  seed?: number;
  canvas?: Partial<CanvasSimulatorOptions>;
  ptp?: Partial<PtpSimulatorOptions>;
  /** The district's `ptp` settings (beyond baseUrl and credentials). */
  ptpSettings?: Record<string, unknown>;
  /** Extra environment for every service (e.g. PASSBACK_GIVE_UP_AFTER_SECONDS). */
  env?: Record<string, string>;
}

/**
 * The whole system against the simulators: a generated district served by the SIF zone simulator,
 * provisioned into the Canvas simulator by the real provisioning workflow (which then syncs every
 * teacher's categories), the PTP simulator behind a proxy that records what PTP is sent, and the
 * compiled services and workflow worker as processes on real Temporal and Postgres.
 */
export class PassbackWorld {
  district!: SandboxDistrict;
  ptpDistrict!: PtpDistrict;
  zone!: SifZoneSimulator;
  canvas!: CanvasSimulator;
  ptp!: PtpSimulator;
  proxy!: RecordingProxy;
  database!: TestDatabase;
  namespace!: string;
  system!: RunningSystem;
  client!: Client;
  pg!: PgClient;
  districtsFile!: string;
  teacherApi!: CanvasTeacher;

  constructor(readonly options: WorldOptions) {}

  async start(): Promise<this> {
    this.district = generateDistrict({ size: this.options.size ?? 'small', seed: this.options.seed ?? 41 });
    this.ptpDistrict = toPtpDistrict(this.district);
    this.database = await createTestDatabase(this.options.purpose);
    this.namespace = await createTestNamespace(this.options.purpose);
    this.zone = await startSifZoneSimulator({ district: this.district, zoneId: 'PassbackZone' });
    this.canvas = await startCanvasSimulator({ processingTimeMs: 200, ...this.options.canvas });
    this.ptp = await startPtpSimulator({ district: this.ptpDistrict, ...this.options.ptp });
    this.proxy = await new RecordingProxy(this.ptp.url).start();
    this.teacherApi = new CanvasTeacher(this.canvas.url, this.canvas.token);
    this.districtsFile = join(mkdtempSync(join(tmpdir(), 'sisbridge-passback-')), 'districts.json');
    writeFileSync(
      this.districtsFile,
      JSON.stringify({
        districts: [
          {
            id: DISTRICT_ID,
            name: 'Passback district',
            timeZone: TIME_ZONE,
            schoolYear: this.district.schoolYear,
            sif: { zoneUrl: this.zone.zoneUrl, pollIntervalSeconds: 0.2, missingPacketTimeoutSeconds: 20, maxBufferSize: 262_144 },
            canvas: { baseUrl: this.canvas.url, rootAccountId: this.canvas.rootAccountId, tokenEnv: 'CANVAS_TOKEN_E2E' },
            ptp: {
              baseUrl: this.proxy.url,
              clientIdEnv: 'PTP_CLIENT_ID_E2E',
              clientSecretEnv: 'PTP_CLIENT_SECRET_E2E',
              ...this.options.ptpSettings,
            },
          },
        ],
      }),
    );
    this.system = new RunningSystem({
      databaseUrl: this.database.url,
      namespace: this.namespace,
      extra: {
        DISTRICTS_FILE: this.districtsFile,
        CANVAS_TOKEN_E2E: this.canvas.token,
        PTP_CLIENT_ID_E2E: this.ptp.clientId,
        PTP_CLIENT_SECRET_E2E: this.ptp.clientSecret,
        CANVAS_POLL_INTERVAL_MS: '200',
        ...this.options.env,
      },
    });
    await Promise.all([this.system.start('sif-ingest'), this.system.start('canvas-provisioner'), this.system.start('ptp-gradebook')]);
    await this.system.start('workflow-worker');
    this.client = await testClient(this.namespace);
    this.pg = new PgClient({ connectionString: this.database.url });
    await this.pg.connect();
    return this;
  }

  /** Tonight's provisioning, then the category sync of every teacher it starts. */
  async provision(): Promise<void> {
    const result = await this.client.workflow.execute<ProvisionDistrictWorkflow>(PROVISION_DISTRICT_WORKFLOW, {
      taskQueue: TaskQueues.orchestration,
      workflowId: provisionWorkflowId(DISTRICT_ID, new Date()),
      args: [{ districtId: DISTRICT_ID, trigger: 'operator' }],
    });
    if (result.outcome !== 'applied') throw new Error(`provisioning ended ${result.outcome}: ${result.reason ?? ''}`);
    for (const deadline = Date.now() + 60_000; ;) {
      const executions = [];
      for await (const execution of this.client.workflow.list({ query: `WorkflowType = '${SYNC_DISTRICT_CATEGORIES_WORKFLOW}'` }))
        executions.push(execution);
      if (executions[0]) {
        await this.client.workflow.getHandle(executions[0].workflowId).result();
        return;
      }
      if (Date.now() > deadline) throw new Error('provisioning started no category sync');
      await sleep(250);
    }
  }

  /** A teacher with at least `sections` sections of at least `students` students each, their courses published. */
  async teacher(sections = 3, students = 8, except: readonly string[] = []): Promise<TeacherUnderTest> {
    const rows = await this.pg.query<{ data: { sisId: string; dcid: number; teacherSisIds: string[]; termSisIds: string[] } }>(
      `SELECT e.data FROM roster.entity e JOIN roster.snapshot s ON s.id = e.snapshot_id WHERE s.status = 'complete' AND e.kind = 'section' ORDER BY e.sis_id`,
    );
    const byTeacher = new Map<string, Array<{ sisId: string; dcid: number; termSisIds: string[]; teacherSisIds: string[] }>>();
    for (const { data } of rows.rows)
      for (const teacher of data.teacherSisIds) byTeacher.set(teacher, [...(byTeacher.get(teacher) ?? []), data]);
    for (const [teacherSisId, taught] of [...byTeacher].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (taught.length < sections || except.includes(teacherSisId)) continue;
      const chosen: TeacherUnderTest['sections'] = [];
      // Sections shared with an excepted teacher hold that teacher's assignments too.
      for (const section of taught.filter((s) => !s.teacherSisIds.some((t) => except.includes(t)))) {
        const course = await this.teacherApi.publish(`sis_course_id:${section.sisId}`);
        const enrolled = (await this.teacherApi.students(course.id)).filter((e) => e.sis_user_id);
        if (enrolled.length < students) continue;
        const term = await this.pg.query<{ start: string; end: string }>(
          `SELECT min(e.data->>'startDate') AS start, max(e.data->>'endDate') AS end FROM roster.entity e WHERE e.kind = 'term' AND e.sis_id = ANY($1::text[])`,
          [section.termSisIds],
        );
        chosen.push({
          sisId: section.sisId,
          dcid: section.dcid,
          canvasCourseId: course.id,
          start: term.rows[0]?.start ?? '',
          end: term.rows[0]?.end ?? '',
          students: enrolled.map((e) => ({
            userId: e.user_id,
            sisId: e.sis_user_id as string,
            dcid: Number((e.sis_user_id as string).slice(1)),
          })),
        });
        if (chosen.length === sections) break;
      }
      const dcid = Number(teacherSisId.slice(1));
      if (chosen.length === sections && this.ptpDistrict.teachers.some((t) => t.users_dcid === dcid)) {
        // Every course of the teacher published, as a teacher's courses are once school starts: a
        // passback of all their courses reads each one (an unpublished one is a reported problem).
        for (const section of taught) await this.teacherApi.publish(`sis_course_id:${section.sisId}`);
        return { sisId: teacherSisId, dcid, sections: chosen };
      }
    }
    throw new Error(`no teacher with ${sections} sections of ${students}+ students`);
  }

  /** `npx sisbridge …` as an operator runs it: the compiled CLI, with this world's environment. */
  async cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = {
      ...componentEnv({ databaseUrl: this.database.url, namespace: this.namespace }),
      DISTRICTS_FILE: this.districtsFile,
      PATH: process.env['PATH'] ?? '',
      TEMPORAL_ADDRESS: testEnv('temporalAddress'),
    };
    return new Promise((done) => {
      execFile(
        process.execPath,
        [join(REPO_ROOT, 'tools/cli/bin/sisbridge.js'), ...args],
        { env, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
        },
      );
    });
  }

  /** The PTP gradebook of the teacher's sections, as the simulator holds it (scores without ids or dates that change). */
  gradebook(
    sectionDcids: readonly number[],
  ): Array<{ section: number; name: string; duedate: unknown; points: unknown; extra: unknown; category: unknown; scores: string[] }> {
    return sectionDcids.flatMap((dcid) =>
      ((this.ptp.gradebook({ sectionsdcid: dcid }).sections[0]?.['assignments'] ?? []) as Array<Record<string, unknown>>).map(
        (assignment) => ({
          section: dcid,
          name: String(assignment['name']),
          duedate: assignment['duedate'],
          points: assignment['scoreentrypoints'],
          extra: assignment['extracreditpoints'],
          category: (assignment['categories'] as Array<{ teachercategoryid: number }>)[0]?.teachercategoryid,
          scores: (assignment['scores'] as Array<Record<string, unknown>>)
            .map(
              (s) =>
                `${String(s['studentsdcid'])}=${String(s['actualscoreentered'])}${s['isexempt'] ? '/exempt' : ''}${s['islate'] ? '/late' : ''}${s['ismissing'] ? '/missing' : ''}`,
            )
            .sort(),
        }),
      ),
    );
  }

  /** What a teacher does in PowerTeacher Pro itself, through the XTE API (straight to the simulator, not through the recording proxy). */
  async inPtp(method: string, path: string, body?: unknown): Promise<number> {
    const token = await fetch(`${this.ptp.url}/oauth/access_token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${this.ptp.clientId}:${this.ptp.clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
      },
      body: 'grant_type=client_credentials',
    });
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    const response = await fetch(`${this.ptp.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${accessToken}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return response.status;
  }

  /** The PTP ids of the assignment of that name in that section. */
  ptpAssignment(sectionDcid: number, name: string): { assignmentid: number; assignmentsectionid: number } | undefined {
    const assignments = (this.ptp.gradebook({ sectionsdcid: sectionDcid }).sections[0]?.['assignments'] ?? []) as Array<
      Record<string, unknown>
    >;
    const found = assignments.find((assignment) => assignment['name'] === name);
    return found ? { assignmentid: Number(found['assignmentid']), assignmentsectionid: Number(found['assignmentsectionid']) } : undefined;
  }

  async close(): Promise<void> {
    // SISBRIDGE_E2E_LOGS=dir keeps each component's last lines, to read after a failure.
    const logs = process.env['SISBRIDGE_E2E_LOGS'];
    if (logs)
      for (const [name, component] of this.system?.components ?? [])
        writeFileSync(join(logs, `${this.options.purpose}-${name}.log`), component.process.output(5_000));
    await this.system?.stopAll();
    await this.client?.connection.close();
    await this.pg?.end();
    await Promise.all([this.zone?.close(), this.canvas?.close(), this.ptp?.close(), this.proxy?.close()]);
    await this.database?.drop();
  }
}
