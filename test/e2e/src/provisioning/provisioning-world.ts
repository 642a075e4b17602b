import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import {
  PROVISION_DISTRICT_WORKFLOW,
  provisionWorkflowId,
  SearchAttributes,
  TaskQueues,
  type ProvisionDistrictInput,
  type ProvisionDistrictWorkflow,
} from '@sisbridge/contracts';
import { startCanvasSimulator, type CanvasSimulator } from '@sisbridge/canvas-simulator';
import type { RosterEntity, RosterSection, RosterUser } from '@sisbridge/roster';
import { DISTRICT_LIST_OF, generateDistrict, type DistrictSize, type SandboxDistrict } from '@sisbridge/sandbox-district';
import { startSifZoneSimulator, type SifZoneSimulator } from '@sisbridge/sif-zone-simulator';
import { freePort } from '@sisbridge/local-infra';
import { createTestDatabase, createTestNamespace, RunningSystem, testClient, testEnv, type TestDatabase } from '@sisbridge/test-support';
import { expectedRoster } from '../ingest/expected-roster';

export const TIME_ZONE = 'America/Chicago';

export interface DistrictSpec {
  id: string;
  size: DistrictSize;
  seed: number;
  courseMode: 'course-per-section' | 'course-per-offering';
  /** Faults on both the SIF zone and Canvas (the `--faults` syntax). */
  faults?: string;
  /** Canvas's leaky bucket, tight enough to throttle. */
  throttle?: boolean;
  /** How long Canvas takes to process an import (default 300 ms). */
  processingTimeMs?: number;
  /** More `sif` settings for the districts file (e.g. mode, push). */
  sif?: Record<string, unknown>;
  /** `schedules` for the districts file (e.g. intraday). */
  schedules?: Record<string, unknown>;
  /** More environment for the services (e.g. a push secret). */
  secrets?: Record<string, string>;
  /** Push mode: the secret the zone signs its pushes with (the district's `sif.push.secretEnv` names it for sif-ingest). */
  pushSecret?: string;
}

export interface SandboxWorld {
  spec: DistrictSpec;
  district: SandboxDistrict;
  sif: SifZoneSimulator;
  canvas: CanvasSimulator;
}

/** Canvas as SIS ids and names, what a district admin checks (only live objects). */
export interface CanvasView {
  accounts: string[];
  terms: string[];
  courses: string[];
  sections: string[];
  logins: string[];
  enrollments: string[];
}

/**
 * Everything provisioning needs, for real: the SIF zone and Canvas simulators per district, the
 * compiled services and workflow worker as processes, real Temporal and Postgres.
 */
export class ProvisioningWorld {
  readonly districts = new Map<string, SandboxWorld>();
  database?: TestDatabase;
  system?: RunningSystem;
  client?: Client;
  namespace = '';
  districtsFile = '';
  /** The environment an operator's `sisbridge` command needs to act on this world. */
  cliEnv: Record<string, string> = {};

  static async start(purpose: string, specs: DistrictSpec[]): Promise<ProvisioningWorld> {
    const world = new ProvisioningWorld();
    world.database = await createTestDatabase(purpose);
    const namespace = await createTestNamespace(purpose);
    world.namespace = namespace;
    const config = [];
    // A push-mode zone must know sif-ingest's address before sif-ingest starts.
    const sifIngestPort = await freePort();
    for (const spec of specs) {
      const district = generateDistrict({ size: spec.size, seed: spec.seed });
      const sif = await startSifZoneSimulator({
        district,
        zoneId: `zone-${spec.id}`,
        ...(spec.faults ? { faults: spec.faults } : {}),
        ...(spec.pushSecret ? { pushSecret: spec.pushSecret } : {}),
      });
      const canvas = await startCanvasSimulator({
        processingTimeMs: spec.processingTimeMs ?? 300,
        // Tight enough that polling an import every 200 ms is throttled within seconds.
        throttle: spec.throttle ? { highWaterMark: 24, maximum: 40, outflowPerSecond: 6, upFrontCost: 2, requestCost: 3 } : false,
        ...(spec.faults ? { faults: spec.faults } : {}),
      });
      world.districts.set(spec.id, { spec, district, sif, canvas });
      config.push({
        id: spec.id,
        name: district.lea.leaName,
        timeZone: TIME_ZONE,
        schoolYear: district.schoolYear,
        sif: {
          zoneUrl: sif.zoneUrl,
          sourceId: `sisbridge-${spec.id}`,
          pollIntervalSeconds: 0.2,
          missingPacketTimeoutSeconds: 15,
          maxBufferSize: 262_144,
          ...(spec.sif?.['mode'] === 'push' ? { pushUrl: `http://127.0.0.1:${sifIngestPort}/sif/push/${spec.id}` } : {}),
          ...spec.sif,
        },
        ...(spec.schedules ? { schedules: spec.schedules } : {}),
        canvas: {
          baseUrl: canvas.url,
          rootAccountId: canvas.rootAccountId,
          tokenEnv: `CANVAS_TOKEN_${spec.id.toUpperCase().replace(/-/g, '_')}`,
          courseMode: spec.courseMode,
        },
      });
    }
    const districtsFile = join(mkdtempSync(join(tmpdir(), `sisbridge-${purpose}-`)), 'districts.json');
    writeFileSync(districtsFile, JSON.stringify({ districts: config }));
    world.districtsFile = districtsFile;
    const secrets = Object.fromEntries([
      ...[...world.districts.values()].map((d) => [`CANVAS_TOKEN_${d.spec.id.toUpperCase().replace(/-/g, '_')}`, d.canvas.token]),
      ...specs.flatMap((spec) => Object.entries(spec.secrets ?? {})),
    ]);
    world.cliEnv = {
      TEMPORAL_ADDRESS: testEnv('temporalAddress'),
      TEMPORAL_NAMESPACE: namespace,
      DISTRICTS_FILE: districtsFile,
      ...secrets,
    };
    world.system = new RunningSystem({
      databaseUrl: world.database.url,
      namespace,
      extra: { DISTRICTS_FILE: districtsFile, CANVAS_POLL_INTERVAL_MS: '200', ...secrets },
    });
    await Promise.all([
      world.system.start('sif-ingest', { port: sifIngestPort }),
      world.system.start('canvas-provisioner'),
      world.system.start('ptp-gradebook'),
    ]);
    await world.system.start('workflow-worker');
    world.client = await testClient(namespace);
    return world;
  }

  get(id: string): SandboxWorld {
    const world = this.districts.get(id);
    if (!world) throw new Error(`no district ${id}`);
    return world;
  }

  async startProvisioning(
    districtId: string,
    input: Partial<ProvisionDistrictInput> = {},
  ): Promise<WorkflowHandle<ProvisionDistrictWorkflow>> {
    if (!this.client) throw new Error('not started');
    return this.client.workflow.start<ProvisionDistrictWorkflow>(PROVISION_DISTRICT_WORKFLOW, {
      taskQueue: TaskQueues.orchestration,
      workflowId: `${provisionWorkflowId(districtId, new Date())}-${Math.random().toString(36).slice(2, 6)}`,
      args: [{ districtId, trigger: 'operator', ...input }],
      typedSearchAttributes: new TypedSearchAttributes([{ key: SearchAttributes.district, value: districtId }]),
    });
  }

  /** Runs one provisioning to its end; on a time-out, says where it is stuck and what the services said. */
  async provision(districtId: string, input: Partial<ProvisionDistrictInput> = {}, timeoutMs = 90_000) {
    return this.resultOf(await this.startProvisioning(districtId, input), timeoutMs);
  }

  /** A started provisioning's result; on a time-out, says where it is stuck and what the services said. */
  async resultOf(handle: WorkflowHandle<ProvisionDistrictWorkflow>, timeoutMs: number) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void this.diagnose(handle).then((why) =>
          reject(new Error(`provisioning ${handle.workflowId} did not finish in ${timeoutMs} ms: ${why}`)),
        );
      }, timeoutMs);
    });
    try {
      return await Promise.race([handle.result(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async diagnose(handle: WorkflowHandle): Promise<string> {
    const description = await handle.describe();
    const pending = (description.raw.pendingActivities ?? []).map(
      (a) => `${a.activityType?.name} attempt ${a.attempt}: ${a.lastFailure?.message ?? 'no failure'}`,
    );
    const logs = (['sif-ingest', 'canvas-provisioner', 'workflow-worker'] as const).map(
      (name) => `--- ${name}\n${this.system?.get(name).process.output(20)}`,
    );
    return [`status ${description.status.name}`, ...pending, ...logs].join('\n');
  }

  /** What Canvas holds now, by SIS id. */
  canvasView(districtId: string): CanvasView {
    const { state } = this.get(districtId).canvas;
    const account = (id: number) => state.accounts.get(id)?.sisAccountId ?? `#${id}`;
    const term = (id: number) => state.terms.get(id)?.sisTermId ?? `#${id}`;
    const course = (id: number) => state.courses.get(id)?.sisCourseId ?? `#${id}`;
    const section = (id: number) => state.sections.get(id)?.sisSectionId ?? `#${id}`;
    const userSis = (id: number) => [...state.logins.values()].find((l) => l.userId === id && l.sisUserId)?.sisUserId ?? `#${id}`;
    return {
      accounts: [...state.accounts.values()]
        .filter((a) => a.sisAccountId && a.workflowState === 'active')
        .map((a) => `${a.sisAccountId}:${a.name}`)
        .sort(),
      terms: [...state.terms.values()]
        .filter((t) => t.sisTermId && t.workflowState === 'active')
        .map((t) => `${t.sisTermId}:${t.name}`)
        .sort(),
      courses: [...state.courses.values()]
        .filter((c) => c.sisCourseId && c.workflowState !== 'deleted')
        .map((c) => `${c.sisCourseId}:${c.name}:${account(c.accountId)}:${term(c.termId)}`)
        .sort(),
      sections: [...state.sections.values()]
        .filter((s) => s.sisSectionId && s.workflowState === 'active')
        .map((s) => `${s.sisSectionId}@${course(s.courseId)}`)
        .sort(),
      logins: [...state.logins.values()]
        .filter((l) => l.sisUserId && l.workflowState === 'active')
        .map((l) => `${l.sisUserId}:${l.uniqueId}`)
        .sort(),
      enrollments: [...state.enrollments.values()]
        .filter((e) => e.workflowState === 'active')
        .map((e) => `${userSis(e.userId)}@${section(e.sectionId)}:${e.type}`)
        .sort(),
    };
  }

  /** The district as the zone serves it now (its model, with every change made since through the zone's admin). */
  currentDistrict(districtId: string): SandboxDistrict {
    const { district, sif } = this.get(districtId);
    const dataset = sif.context.dataset;
    const current: SandboxDistrict = { ...district };
    for (const [objectName, list] of Object.entries(DISTRICT_LIST_OF)) {
      (current as unknown as Record<string, unknown>)[list] = [...dataset.list(objectName as keyof typeof DISTRICT_LIST_OF)];
    }
    return current;
  }

  /** What Canvas must hold for this district as the zone serves it now, by the mission's rules (not the builders). */
  expectedView(districtId: string): CanvasView {
    const { spec } = this.get(districtId);
    const district = this.currentDistrict(districtId);
    const asOf = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
      new Date(),
    );
    return canvasViewOf(expectedRoster(district, { asOf, exitDateMeaning: 'day-after-last' }), spec.courseMode);
  }

  async stop(): Promise<void> {
    await this.system?.stopAll();
    await this.client?.connection.close();
    for (const world of this.districts.values()) await Promise.all([world.sif.close(), world.canvas.close()]);
    await this.database?.drop();
  }
}

/** Canvas as a roster must become in it: a sub-account per school, a term per school term, … */
export function canvasViewOf(roster: RosterEntity[], courseMode: DistrictSpec['courseMode']): CanvasView {
  const schools = new Map<string, string>();
  const courses = new Map<string, { title: string; code?: string }>();
  for (const entity of roster) {
    if (entity.kind === 'school') schools.set(entity.sisId, entity.name);
    if (entity.kind === 'course') courses.set(entity.sisId, { title: entity.title, code: entity.courseCode });
  }
  const sections = roster.filter((e): e is RosterSection => e.kind === 'section');
  const canvasCourseOf = (s: RosterSection) => (courseMode === 'course-per-section' ? s.sisId : `${s.courseSisId}-${s.termSisIds[0]}`);
  const courseRows = new Set<string>();
  for (const s of sections) {
    const course = courses.get(s.courseSisId);
    const name = courseMode === 'course-per-section' ? `${course?.title} (${s.sectionCode ?? s.sisId})` : `${course?.title}`;
    courseRows.add(`${canvasCourseOf(s)}:${name}:${s.schoolSisId}:${s.termSisIds[0]}`);
  }
  return {
    accounts: [...schools].map(([sisId, name]) => `${sisId}:${name}`).sort(),
    terms: roster.flatMap((e) => (e.kind === 'term' ? [`${e.sisId}:${e.name} (${schools.get(e.schoolSisId)})`] : [])).sort(),
    courses: [...courseRows].sort(),
    sections: sections.map((s) => `${s.sisId}@${canvasCourseOf(s)}`).sort(),
    logins: roster
      .filter((e): e is RosterUser => e.kind === 'user')
      .map((u) => `${u.sisId}:${u.localId}`)
      .sort(),
    enrollments: roster
      .flatMap((e) =>
        e.kind === 'enrollment'
          ? [`${e.userSisId}@${e.sectionSisId}:${e.role === 'student' ? 'StudentEnrollment' : 'TeacherEnrollment'}`]
          : [],
      )
      .sort(),
  };
}

/** Entries added and removed between two views (what one run changed in Canvas). */
export function viewChanges(before: CanvasView, after: CanvasView): Record<keyof CanvasView, { added: string[]; removed: string[] }> {
  const changes = {} as Record<keyof CanvasView, { added: string[]; removed: string[] }>;
  for (const key of Object.keys(before) as Array<keyof CanvasView>) {
    const was = new Set(before[key]);
    const is = new Set(after[key]);
    changes[key] = { added: after[key].filter((x) => !was.has(x)), removed: before[key].filter((x) => !is.has(x)) };
  }
  return changes;
}
