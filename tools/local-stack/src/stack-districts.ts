import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { ConfigError, type ConfigProblem } from '@sisbridge/config';
import { parseDistricts, type DistrictConfig } from '@sisbridge/district-config';

/** What the local stack runs in place of a district's own systems. */
export interface SimulatedSystems {
  sif: { zoneUrl: string; schoolYear: number; districtName: string };
  canvas: { url: string; rootAccountId: number; token: string };
  ptp: { url: string; clientId: string; clientSecret: string };
  /** The test LTI platform's `lti` settings for a tool key held in the named variable; absent: no `lti` block is added. */
  lti?: (toolPrivateKeyEnv: string) => Record<string, unknown>;
  /** sif-ingest as the simulated zone reaches it, for push-mode districts: `/sif/push/{district}` goes after it. */
  sifIngestUrl: string;
}

/** One district of the stack, and which of its systems are the simulators. */
export interface StackDistrict {
  config: DistrictConfig;
  simulated: { sif: boolean; canvas: boolean; ptp: boolean };
  /** The district's `lti` block is the test LTI platform's (the Sync Grades page drives it). */
  ltiOnTestPlatform: boolean;
  /** The passback API's credentials the stack made for it (the district's own are in the caller's environment). */
  api?: { bearerToken: string; hmacSecret: string };
}

export interface StackDistricts {
  /** The districts file the services read. */
  document: { districts: Array<Record<string, unknown>> };
  /** The secrets the document names that the stack made: simulators' credentials, generated keys and tokens. */
  secrets: Record<string, string>;
  districts: StackDistrict[];
}

/** The sandbox district: the simulators' district, with the passback API and the LTI tool on the test platform. */
export const SANDBOX_DISTRICTS = { districts: [{ id: 'sandbox' }] };

/**
 * A districts file for the local stack: the district's own (`npm start -- --districts FILE`) or
 * the sandbox's, with the simulators filled in wherever a district names no system of its own.
 * - `sif` without `zoneUrl`: the SIF zone simulator (its own SourceId per district, the simulated
 *   district's SchoolYear unless one is set, no "far fewer objects than last time" check, as the
 *   simulator can serve another district at every start, and push to sif-ingest in push mode);
 * - `canvas` without `baseUrl`: the Canvas simulator and its token; then `api` and `lti`, when the
 *   district has none, get credentials made for this start and the test LTI platform;
 * - `ptp` without `baseUrl`: the PowerTeacher Pro simulator and its plugin credentials;
 * - `name` and `timeZone` when absent: the simulated district's name, America/Chicago.
 * A district that names its own systems keeps them, and the secrets its `…Env` settings name come
 * from the caller's environment. The result is validated as the services will validate it, so a
 * mistake in the file stops `npm start` with the services' own words.
 */
export function stackDistricts(
  raw: unknown,
  source: string,
  systems: SimulatedSystems,
  environment: Record<string, string | undefined>,
): StackDistricts {
  const secrets: Record<string, string> = {};
  const file = isRecord(raw) ? raw : {};
  const districts = Array.isArray(file['districts']) ? file['districts'] : [];
  const facts: Array<Omit<StackDistrict, 'config'>> = [];
  const merged = districts.map((entry: unknown) => {
    const district: Record<string, unknown> = isRecord(entry) ? { ...entry } : {};
    const names = secretNames(typeof district['id'] === 'string' ? district['id'] : 'district');
    const sif = isRecord(district['sif']) ? district['sif'] : undefined;
    const canvas = isRecord(district['canvas']) ? district['canvas'] : undefined;
    const ptp = isRecord(district['ptp']) ? district['ptp'] : undefined;
    const simulated = { sif: !sif?.['zoneUrl'], canvas: !canvas?.['baseUrl'], ptp: !ptp?.['baseUrl'] };
    district['name'] ??= systems.sif.districtName;
    district['timeZone'] ??= 'America/Chicago';
    if (simulated.sif) {
      district['schoolYear'] ??= systems.sif.schoolYear;
      const push =
        sif?.['mode'] === 'push' && !sif['pushUrl'] ? { pushUrl: `${systems.sifIngestUrl}/sif/push/${String(district['id'])}` } : {};
      district['sif'] = {
        sourceId: `sisbridge-${String(district['id'])}`,
        minShareOfLastSnapshot: 0,
        ...sif,
        ...push,
        zoneUrl: systems.sif.zoneUrl,
      };
    }
    if (simulated.canvas) {
      district['canvas'] = {
        rootAccountId: systems.canvas.rootAccountId,
        ...canvas,
        baseUrl: systems.canvas.url,
        tokenEnv: names.canvasToken,
      };
      secrets[names.canvasToken] = systems.canvas.token;
    }
    if (simulated.ptp) {
      district['ptp'] = { ...ptp, baseUrl: systems.ptp.url, clientIdEnv: names.ptpClientId, clientSecretEnv: names.ptpClientSecret };
      secrets[names.ptpClientId] = systems.ptp.clientId;
      secrets[names.ptpClientSecret] = systems.ptp.clientSecret;
    }
    let api: StackDistrict['api'];
    let ltiOnTestPlatform = false;
    if (simulated.canvas && district['api'] === undefined) {
      api = { bearerToken: `sandbox-${randomBytes(12).toString('hex')}`, hmacSecret: randomBytes(24).toString('hex') };
      district['api'] = { bearerTokenEnv: names.apiToken, hmacSecretEnv: names.apiHmac };
      secrets[names.apiToken] = api.bearerToken;
      secrets[names.apiHmac] = api.hmacSecret;
    }
    if (simulated.canvas && district['lti'] === undefined && systems.lti) {
      district['lti'] = systems.lti(names.toolKey);
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      secrets[names.toolKey] = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      ltiOnTestPlatform = true;
    }
    facts.push({ simulated, ltiOnTestPlatform, ...(api ? { api } : {}) });
    return district;
  });
  const document = { ...file, districts: merged };
  const configs = parseDistricts('npm start', source, document);
  assertSecrets(configs, { ...environment, ...secrets }, source);
  return {
    document,
    secrets,
    districts: configs.map((config, index) => ({ config, ...(facts[index] as Omit<StackDistrict, 'config'>) })),
  };
}

/** A district is provisioned at start-up only when both its SIF zone and its Canvas are the simulators: never into a real Canvas unasked. */
export function provisionedAtStart(district: StackDistrict): boolean {
  return district.simulated.sif && district.simulated.canvas;
}

/** The districts file as written (relative to where npm was run), for the stack to fill in: YAML or JSON, read but not yet validated. */
export function readDistrictsSource(path: string): unknown {
  const absolute = resolve(process.env['INIT_CWD'] ?? process.cwd(), path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${absolute}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    throw new Error(`${absolute} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0] ?? ''}`, { cause: error });
  }
}

/** Writes the districts file the services read (DISTRICTS_FILE); the secrets stay in their environment. */
export function writeStackDistricts(path: string, districts: StackDistricts, source: string): void {
  writeFileSync(
    path,
    `# Written by the local stack from ${source}, with the simulators where a district names no system of its own.\n# The secrets it names are in the services' environment, never here.\n${stringify(districts.document)}`,
  );
}

/** The variables holding the secrets the stack makes for a district: `CANVAS_TOKEN_SANDBOX`, … */
function secretNames(districtId: string) {
  const suffix = districtId.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return {
    canvasToken: `CANVAS_TOKEN_${suffix}`,
    ptpClientId: `PTP_CLIENT_ID_${suffix}`,
    ptpClientSecret: `PTP_CLIENT_SECRET_${suffix}`,
    apiToken: `PASSBACK_TOKEN_${suffix}`,
    apiHmac: `PASSBACK_HMAC_${suffix}`,
    toolKey: `LTI_TOOL_KEY_${suffix}`,
  };
}

/** Every `…Env` setting must name a variable that is set: checked here, so `npm start` names them all at once. */
function assertSecrets(configs: readonly DistrictConfig[], environment: Record<string, string | undefined>, source: string): void {
  const problems: ConfigProblem[] = [];
  const visit = (value: unknown, path: string) => {
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (key.endsWith('Env') && typeof child === 'string' && !environment[child])
        problems.push({ variable: child, expected: `set in the environment of npm start (${source}: ${path}.${key} names it)` });
      else visit(child, `${path}.${key}`);
    }
  };
  configs.forEach((config, index) => visit(config, `districts[${index}]`));
  if (problems.length > 0) throw new ConfigError('npm start', problems);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
