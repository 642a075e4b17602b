import { SearchAttributes, type ProvisionDistrictResult, type WiringCheckWorkflowResult } from '@sisbridge/contracts';
import type { IngestRejections } from './ingest-rejections';
import type { Sandbox } from './sandbox-simulators';
import { provisionedAtStart, type StackDistrict, type StackDistricts } from './stack-districts';

/** What `npm start` knows once everything is up, for the lines it prints. */
export interface StackFacts {
  /** Temporal UI's address. */
  ui: string;
  temporalPort: number;
  databaseUrl: string;
  postgresSource: string;
  components: Array<{ name: string; ports: number[]; docs: boolean }>;
  wiringCheck: { workflowId: string; result: WiringCheckWorkflowResult };
  sandbox: Sandbox;
  sifData: string | undefined;
  /** The test LTI platform's Sync Grades page, when a district has its tool there. */
  syncGradesPage: string | undefined;
  districtsFile: string;
  districtsSource: string | undefined;
  districts: StackDistricts;
  publicUrl: string;
  provisionings: Array<{ district: StackDistrict; workflowId: string; result: ProvisionDistrictResult }>;
  /** sif-ingest's rejections, by ingest run id (the provisioning's snapshot id). */
  rejections: ReadonlyMap<string, IngestRejections>;
}

/**
 * The start-up summary: one line per component with its URL (and its replicas'), the simulators'
 * credentials and state pages, the districts, then where a person starts, then what each
 * provisioning did and what sif-ingest rejected.
 */
export function stackSummary(facts: StackFacts): string[] {
  const { ui, sandbox } = facts;
  const lines = [
    '',
    'sisbridge local stack is up:',
    `  ${pad('Temporal UI')}${ui}`,
    `  ${pad('Temporal frontend')}127.0.0.1:${facts.temporalPort} (namespace default)`,
    `  ${pad('Postgres')}${redact(facts.databaseUrl)} (${facts.postgresSource})`,
  ];
  for (const { name, ports, docs } of facts.components) {
    const [port, ...others] = ports;
    const replicas = others.length > 0 ? `  (${others.length + 1} replicas: also ${others.map((other) => `:${other}`).join(', ')})` : '';
    lines.push(`  ${pad(name)}http://127.0.0.1:${port}${docs ? '/docs' : '/readyz'}${replicas}`);
  }
  const receipts = facts.wiringCheck.result.receipts.map((receipt) => `${receipt.service} → ${receipt.schema}`).join(', ');
  lines.push(`  ${pad('wiring check')}completed (${receipts}): ${ui}/namespaces/default/workflows/${facts.wiringCheck.workflowId}`);
  lines.push(
    `  ${pad('SIF zone (sim)')}${sandbox.sif.zoneUrl}  (${sandbox.district.lea.leaName}, SchoolYear ${sandbox.district.schoolYear}${facts.sifData ? `, from ${facts.sifData}` : ''})  state: ${sandbox.sif.url}/__admin/state`,
  );
  for (const note of sandbox.sifDataNotes) lines.push(`  ${pad('')}${note}`);
  lines.push(`  ${pad('Canvas (sim)')}${sandbox.canvas.url}  token ${sandbox.canvas.token}  (state: ${sandbox.canvas.url}/__admin/state)`);
  lines.push(
    `  ${pad('PowerTeacher Pro (sim)')}${sandbox.ptp.url}  client id ${sandbox.ptp.clientId}  secret ${sandbox.ptp.clientSecret}  (teachers: ${sandbox.ptp.url}/__admin/teachers)`,
  );
  if (facts.syncGradesPage) lines.push(`  ${pad('Sync Grades (test LTI)')}${facts.syncGradesPage}  (Canvas's side of an LTI launch)`);
  lines.push(`  ${pad('districts file')}${facts.districtsFile}${facts.districtsSource ? ` (from ${facts.districtsSource})` : ''}`);
  lines.push(...districtLines(facts.districts, facts.publicUrl).map((line) => `  ${line}`));

  lines.push('', 'Where to start:');
  if (facts.syncGradesPage)
    lines.push(`  ${pad("a teacher's page")}${facts.syncGradesPage}: "Sync Grades" next to any course opens that teacher's page`);
  lines.push(`  ${pad('what Canvas holds')}${sandbox.canvas.url}/__admin/state`);
  for (const district of facts.districts.districts) {
    const query = encodeURIComponent(`${SearchAttributes.district.name}="${district.config.id}"`);
    lines.push(`  ${pad(`${district.config.id}'s runs`)}${ui}/namespaces/default/workflows?query=${query}`);
  }
  lines.push(
    `  ${pad("an operator's commands")}npx sisbridge runs | provision --wait | passback --teacher <SIS id> --wait (in this checkout: they find this stack)`,
    '',
  );

  for (const { district, workflowId, result } of facts.provisionings) {
    lines.push(...provisioningSummary(district.config.id, workflowId, result, ui));
    const rejected = result.snapshotId ? facts.rejections.get(result.snapshotId) : undefined;
    if (rejected && rejected.total > 0) {
      lines.push(
        `  ${pad('rejected by sif-ingest')}${rejected.total} objects (all in sif_ingest.rejected_object, run_id ${result.snapshotId}):`,
      );
      for (const object of rejected.first)
        lines.push(`  ${pad('')}${object.objectName} ${object.refId ?? '(no RefId)'}: ${object.problem}`);
      if (rejected.total > rejected.first.length) lines.push(`  ${pad('')}… and ${rejected.total - rejected.first.length} more`);
    }
  }
  for (const district of facts.districts.districts.filter((candidate) => !provisionedAtStart(candidate))) {
    lines.push(
      `Not provisioned at start-up, and its schedules paused: ${district.config.id} names its own ${district.simulated.sif ? 'Canvas' : 'SIF zone'}; run \`npx sisbridge provision --district ${district.config.id} --wait\` when you mean to.`,
    );
  }
  return lines;
}

const CANVAS_KINDS = ['accounts', 'terms', 'courses', 'sections', 'users', 'enrollments'] as const;

function provisioningSummary(districtId: string, workflowId: string, result: ProvisionDistrictResult, ui: string): string[] {
  const lines = [
    `Provisioning ${districtId}: ${result.outcome}${result.reason ? ` — ${result.reason}` : ''} (${ui}/namespaces/default/workflows/${workflowId})`,
  ];
  for (const kind of CANVAS_KINDS) {
    const count = result.counts?.[kind];
    if (count) lines.push(`  ${pad(kind)}created ${count.created}, updated ${count.updated}, deleted ${count.deleted}`);
  }
  if (result.canvasImportIds.length > 0) {
    lines.push(
      `  ${pad('Canvas SIS import')}${result.canvasImportIds.join(', ')}: ${result.canvasMessages?.errors ?? 0} errors, ${result.canvasMessages?.warnings ?? 0} warnings`,
    );
  }
  return lines;
}

/** Per district: which systems are simulated, and the passback API's credentials the stack made. */
function districtLines(districts: StackDistricts, publicUrl: string): string[] {
  const lines: string[] = [];
  for (const district of districts.districts) {
    const systems = (['sif', 'canvas', 'ptp'] as const).map(
      (system) => `${system} ${district.simulated[system] ? 'simulated' : 'its own'}`,
    );
    lines.push(
      `${pad(`  district ${district.config.id}`)}${systems.join(', ')}${district.ltiOnTestPlatform ? ', LTI on the test platform' : ''}`,
    );
    if (district.api)
      lines.push(
        `${pad('')}passback API: POST ${publicUrl}/passback with Authorization: Bearer ${district.api.bearerToken} (HMAC secret ${district.api.hmacSecret})`,
      );
  }
  return lines;
}

function pad(label: string): string {
  return label.padEnd(24);
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
