import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { loadConfig } from '@sisbridge/config';
import { DistrictRegistry, parseDistricts } from '@sisbridge/district-config';
import { canvasProvisionerConfigSchema } from '../../services/canvas-provisioner/src/canvas-provisioner.config';
import { ApiCredentials } from '../../services/ptp-gradebook/src/canvas-entry/passback-api/api-credentials';
import { ToolKeys } from '../../services/ptp-gradebook/src/canvas-entry/tool-identity/tool-keys';
import { ToolUrls } from '../../services/ptp-gradebook/src/canvas-entry/tool-identity/tool-urls';
import { ptpGradebookConfigSchema } from '../../services/ptp-gradebook/src/ptp-gradebook.config';
import { sifIngestConfigSchema } from '../../services/sif-ingest/src/sif-ingest.config';
import { workflowWorkerConfigSchema } from '../../workflows/worker/src/workflow-worker.config';
import { CLOUD, COMPONENTS, container, districtsFile, envOf, EVERYTHING, named, plainEnv, secretRef, SELF_HOSTED } from './chart-objects';
import { CHART_DIR, renderChart, resolveHelm, type K8sObject, type RenderOptions } from './helm';
import { asArray, asObject, asString, at } from './manifest-lint';

/**
 * What the services themselves make of the rendered chart: each Deployment's environment (its
 * ConfigMap, its own variables, its Secrets filled with stand-ins) goes through the service's own
 * configuration schema and, for ptp-gradebook, through the start-up checks of the passback API
 * and the LTI tool (PUBLIC_URL, every district's key and credentials). So the chart sets only what
 * a service reads, in a form it accepts, and a pod the chart renders would start.
 */

const SCHEMAS: Record<string, z.ZodObject> = {
  'sif-ingest': sifIngestConfigSchema,
  'canvas-provisioner': canvasProvisionerConfigSchema,
  'ptp-gradebook': ptpGradebookConfigSchema,
  'workflow-worker': workflowWorkerConfigSchema,
};

const SCENARIOS: Record<string, RenderOptions> = {
  'default values': {},
  'the Temporal Cloud example': { valuesFiles: [CLOUD] },
  'the self-hosted example': { valuesFiles: [SELF_HOSTED] },
  'every optional feature': { valuesFiles: [SELF_HOSTED, EVERYTHING] },
};

const rendered: Record<string, K8sObject[]> = {};
/** The RSA key every district's LTI tool Secret holds here (ptp-gradebook checks it is one of at least 2048 bits). */
const TOOL_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

beforeAll(async () => {
  await resolveHelm((line) => process.stdout.write(`${line}\n`));
  for (const [name, options] of Object.entries(SCENARIOS)) rendered[name] = await renderChart(options);
}, 15 * 60_000);

function objects(scenario: string): K8sObject[] {
  const list = rendered[scenario];
  if (!list) throw new Error(`scenario ${scenario} was not rendered`);
  return list;
}

/** A stand-in for the value of a Secret's key, of the shape the service expects. */
function secretValue(name: string, key: string): string {
  if (key === 'lti-tool-private-key') return TOOL_KEY;
  if (name.startsWith('sisbridge-database')) return `postgres://sisbridge@db.internal:5432/sisbridge`;
  return `${name}/${key}`;
}

/** Everything the container's process sees: ConfigMap, plain variables, Secrets (stand-ins). */
function podEnvironment(list: K8sObject[], deployment: K8sObject): Record<string, string> {
  const env = plainEnv(list, deployment);
  for (const [name, entry] of envOf(container(deployment))) {
    const ref = secretRef(entry);
    if (ref?.name && ref.key) env[name] = secretValue(ref.name, ref.key);
  }
  return env;
}

/** Variables the values files ask for themselves (components.<c>.env, .extraEnv): not the chart's to justify. */
function userVariables(options: RenderOptions): Set<string> {
  const names = new Set<string>();
  for (const file of options.valuesFiles ?? []) {
    const values = parseYaml(readFileSync(resolve(CHART_DIR, file), 'utf8')) as unknown;
    for (const component of Object.values(asObject(at(values, 'components')))) {
      for (const name of Object.keys(asObject(at(component, 'env')))) names.add(name);
      for (const entry of asArray(at(component, 'extraEnv'))) names.add(asString(at(entry, 'name')) ?? '');
    }
  }
  return names;
}

function schemaOf(component: string): z.ZodObject {
  const schema = SCHEMAS[component];
  if (!schema) throw new Error(`no configuration schema for ${component}`);
  return schema;
}

describe.each(Object.keys(SCENARIOS))('the services configured by the chart with %s', (scenario) => {
  it.each(COMPONENTS)('gives %s an environment its own configuration schema accepts', (component) => {
    const list = objects(scenario);
    const env = podEnvironment(list, named(list, 'Deployment', component));
    // loadConfig is what the service runs first: it throws the one line a crash-looping pod would print.
    expect(() => loadConfig(component, schemaOf(component), env)).not.toThrow();
  });

  it.each(COMPONENTS)('sets in the %s container only variables that service reads', (component) => {
    const list = objects(scenario);
    const deployment = named(list, 'Deployment', component);
    const configMapOf = (name: string) => list.find((o) => o.kind === 'ConfigMap' && o.metadata.name.endsWith(`-${name}`));
    const districtVariables = new Set<string>();
    const districts = configMapOf('districts');
    if (districts) {
      for (const district of parseDistricts('chart test', 'districts.yaml', districtsFile(districts))) {
        for (const name of [
          district.canvas.tokenEnv,
          district.ptp?.clientIdEnv,
          district.ptp?.clientSecretEnv,
          district.api?.bearerTokenEnv,
          district.api?.hmacSecretEnv,
          district.lti?.toolPrivateKeyEnv,
        ]) {
          if (name) districtVariables.add(name);
        }
      }
    }
    const own = userVariables(SCENARIOS[scenario] ?? {});
    const known = new Set(Object.keys(schemaOf(component).shape));
    const unread = [...envOf(container(deployment)).keys()].filter(
      (name) => name !== 'NODE_OPTIONS' && !districtVariables.has(name) && !own.has(name) && !known.has(name),
    );
    expect(unread).toEqual([]);
  });
});

describe("the chart's defaults", () => {
  it.each(COMPONENTS)("are %s's own defaults, for every setting the chart renders", (component) => {
    const list = objects('default values');
    const deployment = named(list, 'Deployment', component);
    const schema = schemaOf(component);
    const env = podEnvironment(list, deployment);
    const settings = [...envOf(container(deployment))].filter(
      ([name, entry]) => typeof entry['value'] === 'string' && name in schema.shape,
    );
    expect(settings.length).toBeGreaterThan(0);
    const withoutThem = Object.fromEntries(Object.entries(env).filter(([name]) => !settings.some(([setting]) => setting === name)));
    const defaults = loadConfig(component, schema, withoutThem) as Record<string, unknown>;
    for (const [name, entry] of settings) expect([name, entry['value']]).toEqual([name, String(defaults[name])]);
  });
});

describe('ptp-gradebook, started as the chart configures it', () => {
  const start = async (list: K8sObject[]) => {
    const deployment = named(list, 'Deployment', 'ptp-gradebook');
    const env = podEnvironment(list, deployment);
    const config = loadConfig('ptp-gradebook', ptpGradebookConfigSchema, env);
    const registry = new DistrictRegistry(
      parseDistricts('ptp-gradebook', env['DISTRICTS_FILE'] ?? '', districtsFile(named(list, 'ConfigMap', 'districts'))),
      env,
    );
    // The service's own start-up checks, in the order its module runs them.
    const urls = ToolUrls.load(config, registry);
    const keys = await ToolKeys.load(registry);
    const api = new ApiCredentials(registry);
    return { env, registry, urls, keys, api };
  };

  it.each([
    ['the self-hosted example', 'https://sisbridge.example.org'],
    ['the Temporal Cloud example', 'https://sisbridge.riverdale.k12.example'],
    ['every optional feature', 'https://grades.sisbridge.example.org'],
  ])('with %s: the LTI tool lives at PUBLIC_URL, with every district key and API credential in place', async (scenario, base) => {
    const { env, registry, urls, keys, api } = await start(objects(scenario));
    expect(env['PUBLIC_URL']).toBe(base);
    const withLti = registry.districts.filter((district) => district.lti);
    const withApi = registry.districts.filter((district) => district.api);
    expect(withLti.length).toBeGreaterThan(0);
    expect(withApi.length).toBeGreaterThan(0);
    for (const district of withLti) {
      // What the runbook tells an administrator to paste into the developer key.
      expect(urls.configuration(district.id)).toBe(`${base}/lti/${district.id}/config.json`);
      expect(urls.launch(district.id)).toBe(`${base}/lti/${district.id}/launch`);
      expect(keys.keySet(district.id).keys).toHaveLength(1);
    }
    for (const district of withApi) {
      const credentials = api.of(district.id);
      const secret = `sisbridge-district-${district.id}`;
      expect(credentials?.bearerToken).toBe(district.api?.bearerTokenEnv ? `${secret}/passback-bearer-token` : undefined);
      expect(credentials?.hmacSecret).toBe(district.api?.hmacSecretEnv ? `${secret}/passback-hmac-secret` : undefined);
    }
    // The nightly passback and the categories read PowerSchool with the district's plugin credentials.
    for (const district of registry.districts.filter((d) => d.ptp)) {
      expect(registry.secret(district.id, 'ptp.clientSecretEnv', district.ptp?.clientSecretEnv ?? '')).toBe(
        `sisbridge-district-${district.id}/ptp-client-secret`,
      );
    }
  });

  it('would stop at start-up, as the chart refuses to render, when an LTI district has no PUBLIC_URL or a plain-http one', async () => {
    const list = objects('the self-hosted example');
    const deployment = named(list, 'Deployment', 'ptp-gradebook');
    const registry = new DistrictRegistry(
      parseDistricts('ptp-gradebook', 'districts.yaml', districtsFile(named(list, 'ConfigMap', 'districts'))),
      {},
    );
    const env = podEnvironment(list, deployment);
    const without = { ...env, PUBLIC_URL: undefined };
    expect(() => ToolUrls.load(loadConfig('ptp-gradebook', ptpGradebookConfigSchema, without), registry)).toThrow(/PUBLIC_URL/);
    expect(() =>
      ToolUrls.load(
        loadConfig('ptp-gradebook', ptpGradebookConfigSchema, { ...env, PUBLIC_URL: 'http://sisbridge.example.org' }),
        registry,
      ),
    ).toThrow(/PUBLIC_URL/);
    // A key the Secret lacks stops it too, naming the variable.
    const noKey = new DistrictRegistry(registry.districts, { ...env, LTI_TOOL_KEY_SPRINGFIELD: undefined });
    await expect(ToolKeys.load(noKey)).rejects.toThrow(/LTI_TOOL_KEY_SPRINGFIELD/);
  });
});
