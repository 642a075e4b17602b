import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseDistricts } from '@sisbridge/district-config';
import {
  CLOUD,
  COMPONENTS,
  container,
  districtsFile,
  envOf,
  EVERYTHING,
  isHook,
  matches,
  named,
  ofKind,
  plainEnv,
  secretRef,
  SELF_HOSTED,
  SERVICES,
} from './chart-objects';
import {
  CHART_DIR,
  HELM_VERSION,
  helmFromPath,
  helmVersion,
  lintChart,
  renderChart,
  renderError,
  resolveHelm,
  type K8sObject,
  type RenderOptions,
} from './helm';
import { schemaErrors } from './k8s-schemas';
import {
  asArray,
  asObject,
  asString,
  at,
  containersOf,
  lintManifests,
  podTemplates,
  SECRET_NAME,
  SECRET_VALUE,
  secretsInTree,
} from './manifest-lint';

/**
 * Renders the chart with Helm (built with `go install` when missing) for each values file,
 * validates every object against the Kubernetes OpenAPI schemas, lints the basics, and checks
 * that the objects fit together the way the architecture needs.
 */

const SCENARIOS: Record<string, RenderOptions> = {
  'default values': {},
  'the Temporal Cloud example': { valuesFiles: [CLOUD] },
  'the self-hosted example': { valuesFiles: [SELF_HOSTED] },
  'every optional feature': { valuesFiles: [SELF_HOSTED, EVERYTHING] },
};

const rendered: Record<string, K8sObject[]> = {};

beforeAll(async () => {
  // The first run on a machine without helm builds it (a minute or two); later runs reuse the cache.
  await resolveHelm((line) => process.stdout.write(`${line}\n`));
  for (const [name, options] of Object.entries(SCENARIOS)) rendered[name] = await renderChart(options);
}, 15 * 60_000);

function objects(scenario: string): K8sObject[] {
  const list = rendered[scenario];
  if (!list) throw new Error(`scenario ${scenario} was not rendered`);
  return list;
}

it('is rendered by the pinned Helm 4 release unless a helm is on PATH', async () => {
  const version = await helmVersion();
  if (helmFromPath()) expect(version).toMatch(/^v[34]\./);
  else expect(version).toBe(HELM_VERSION);
  expect(HELM_VERSION).toMatch(/^v4\./);
});

describe.each(Object.keys(SCENARIOS))('the chart with %s', (scenario) => {
  it('passes helm lint --strict', async () => {
    await expect(lintChart(SCENARIOS[scenario])).resolves.toContain('0 chart(s) failed');
  });

  it('renders only objects that validate against the Kubernetes OpenAPI schemas', () => {
    expect(objects(scenario).length).toBeGreaterThan(10);
    expect(objects(scenario).flatMap(schemaErrors)).toEqual([]);
  });

  it('gives every container probes (Deployments), limits, a non-root security context, and no plain secret', () => {
    expect(lintManifests(objects(scenario))).toEqual([]);
  });

  it('runs each component as a Deployment with a Service whose selector picks its pods alone', () => {
    const list = objects(scenario);
    const pods = podTemplates(list);
    for (const component of COMPONENTS) {
      const deployment = named(list, 'Deployment', component);
      const service = named(list, 'Service', component);
      const selector = asObject(at(service, 'spec', 'selector')) as Record<string, string>;
      const selected = pods.filter((pod) => matches(selector, pod.labels));
      expect(selected.map((pod) => pod.owner)).toEqual([deployment]);
      expect(at(deployment, 'spec', 'selector', 'matchLabels')).toEqual(selector);
      // The API and probes on `http`; /metrics alone on `metrics`, the port METRICS_PORT names.
      expect(asArray(at(service, 'spec', 'ports'))).toEqual([
        expect.objectContaining({ name: 'http', targetPort: 'http' }),
        expect.objectContaining({ name: 'metrics', targetPort: 'metrics', port: 9464 }),
      ]);
      const ports = asArray(container(deployment)['ports']);
      expect(ports).toEqual([expect.objectContaining({ name: 'http' }), expect.objectContaining({ name: 'metrics', containerPort: 9464 })]);
      expect(plainEnv(list, deployment)['METRICS_PORT']).toBe('9464');
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'])
        expect(at(container(deployment), probe, 'httpGet', 'port')).toBe('http');
    }
  });

  it('points autoscalers and disruption budgets at the right pods, and lets the autoscaler own replicas', () => {
    const list = objects(scenario);
    for (const hpa of ofKind(list, 'HorizontalPodAutoscaler')) {
      const target = list.find((o) => o.kind === 'Deployment' && o.metadata.name === at(hpa, 'spec', 'scaleTargetRef', 'name'));
      expect(target).toBeDefined();
      expect(at(target, 'spec', 'replicas')).toBeUndefined();
      expect(Number(at(hpa, 'spec', 'minReplicas'))).toBeLessThanOrEqual(Number(at(hpa, 'spec', 'maxReplicas')));
      expect(asArray(at(hpa, 'spec', 'metrics')).length).toBeGreaterThan(0);
    }
    for (const deployment of ofKind(list, 'Deployment')) {
      // An HPA, or KEDA's ScaledObject (which creates one), owns replicas: never both.
      const scalers = [...ofKind(list, 'HorizontalPodAutoscaler'), ...ofKind(list, 'ScaledObject')].filter(
        (scaler) => at(scaler, 'spec', 'scaleTargetRef', 'name') === deployment.metadata.name,
      );
      expect(scalers.length).toBeLessThanOrEqual(1);
      if (scalers.length === 0) expect(Number(at(deployment, 'spec', 'replicas'))).toBeGreaterThan(0);
      else expect(at(deployment, 'spec', 'replicas')).toBeUndefined();
    }
    const pods = podTemplates(list);
    for (const pdb of ofKind(list, 'PodDisruptionBudget')) {
      const selector = asObject(at(pdb, 'spec', 'selector', 'matchLabels')) as Record<string, string>;
      const covered = pods.filter((pod) => matches(selector, pod.labels));
      expect(covered.map((pod) => pod.owner.kind)).toEqual(['Deployment']);
      expect(at(pdb, 'spec', 'maxUnavailable')).toBe(1);
    }
  });

  it('lets a draining worker finish: the grace period outlasts SHUTDOWN_GRACE_SECONDS and the preStop pause', () => {
    const list = objects(scenario);
    for (const deployment of ofKind(list, 'Deployment')) {
      const env = plainEnv(list, deployment);
      const pause = asArray(at(container(deployment), 'lifecycle', 'preStop', 'exec', 'command'));
      const pauseSeconds = pause.length ? Number(pause[1]) : 0;
      expect(Number(at(deployment, 'spec', 'template', 'spec', 'terminationGracePeriodSeconds'))).toBeGreaterThan(
        Number(env['SHUTDOWN_GRACE_SECONDS']) + pauseSeconds,
      );
      expect(at(deployment, 'spec', 'strategy', 'rollingUpdate', 'maxUnavailable')).toBe(0);
    }
  });

  it('gives the services DATABASE_URL from a Secret, and never migrates at start-up', () => {
    const list = objects(scenario);
    for (const component of COMPONENTS) {
      const deployment = named(list, 'Deployment', component);
      const ref = secretRef(envOf(container(deployment)).get('DATABASE_URL'));
      if (SERVICES.includes(component)) expect(ref?.name).toMatch(/^sisbridge-database/);
      else expect(ref).toBeUndefined(); // the workflow worker does no I/O
      expect(plainEnv(list, deployment)['RUN_MIGRATIONS_ON_START']).toBe('false');
    }
  });

  it('migrates each service in a pre-install/pre-upgrade hook Job with that service image and its migrate entry', () => {
    const list = objects(scenario);
    for (const service of SERVICES) {
      const job = named(list, 'Job', `migrate-${service}`);
      expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      const migrate = container(job, 'migrate');
      expect(migrate['command']).toEqual(['node', `services/${service}/dist/migrate.js`]);
      expect(migrate['image']).toBe(container(named(list, 'Deployment', service))['image']);
      expect(secretRef(envOf(migrate).get('DATABASE_URL'))?.name).toMatch(/^sisbridge-database/);
      expect(at(job, 'spec', 'template', 'spec', 'restartPolicy')).toBe('Never');
    }
  });

  it('gives hook Jobs only what exists before the release does (a first install creates hooks before everything else)', () => {
    const list = objects(scenario);
    const hookNames = new Set(list.filter(isHook).map((o) => `${o.kind}/${o.metadata.name}`));
    const releaseNames = new Set(list.filter((o) => !isHook(o)).map((o) => `${o.kind}/${o.metadata.name}`));
    for (const job of ofKind(list, 'Job')) {
      expect(isHook(job)).toBe(true);
      const spec = asObject(at(job, 'spec', 'template', 'spec'));
      const account = asString(spec['serviceAccountName']) ?? 'default';
      expect(releaseNames.has(`ServiceAccount/${account}`)).toBe(false);
      for (const volume of asArray(spec['volumes'])) {
        const configMap = asString(at(volume, 'configMap', 'name'));
        if (configMap) expect(hookNames.has(`ConfigMap/${configMap}`)).toBe(true);
      }
      for (const entry of containersOf(spec)) expect(entry['envFrom']).toBeUndefined();
      // Hooks run in weight order: accounts and their ConfigMap first, then migrations, then Temporal setup.
      const weight = Number(job.metadata.annotations?.['helm.sh/hook-weight']);
      for (const other of list.filter((o) => isHook(o) && o.kind !== 'Job')) {
        expect(Number(other.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(weight);
      }
    }
    const setup = list.find((o) => o.kind === 'Job' && o.metadata.name.endsWith('-temporal-setup'));
    for (const migration of list.filter((o) => o.kind === 'Job' && o.metadata.name.includes('-migrate-'))) {
      if (setup)
        expect(Number(setup.metadata.annotations?.['helm.sh/hook-weight'])).toBeGreaterThan(
          Number(migration.metadata.annotations?.['helm.sh/hook-weight']),
        );
    }
  });

  it('never lets a Service or a disruption budget pick a Job pod', () => {
    const list = objects(scenario);
    const jobPods = podTemplates(list).filter((pod) => pod.owner.kind === 'Job');
    for (const selectorOwner of [...ofKind(list, 'Service'), ...ofKind(list, 'PodDisruptionBudget')]) {
      const selector = asObject(at(selectorOwner, 'spec', 'selector', 'matchLabels') ?? at(selectorOwner, 'spec', 'selector')) as Record<
        string,
        string
      >;
      expect(jobPods.filter((pod) => matches(selector, pod.labels))).toEqual([]);
    }
  });

  it('routes every Ingress path to a rendered Service port, and never publishes /metrics, /docs or the probes', () => {
    const list = objects(scenario);
    for (const ingress of ofKind(list, 'Ingress')) {
      for (const rule of asArray(at(ingress, 'spec', 'rules'))) {
        for (const path of asArray(at(rule, 'http', 'paths'))) {
          const service = list.find((o) => o.kind === 'Service' && o.metadata.name === at(path, 'backend', 'service', 'name'));
          expect(service).toBeDefined();
          const portName = at(path, 'backend', 'service', 'port', 'name');
          expect(asArray(at(service, 'spec', 'ports')).map((port) => at(port, 'name'))).toContain(portName);
          expect(String(at(path, 'path'))).not.toMatch(/^\/($|metrics|docs|healthz|readyz)/);
        }
      }
    }
  });

  it('scrapes /metrics of every component on its metrics port when a ServiceMonitor is rendered', () => {
    const list = objects(scenario);
    for (const monitor of ofKind(list, 'ServiceMonitor')) {
      const selector = asObject(at(monitor, 'spec', 'selector', 'matchLabels')) as Record<string, string>;
      const scraped = ofKind(list, 'Service').filter((service) => matches(selector, service.metadata.labels ?? {}));
      expect(scraped).toHaveLength(COMPONENTS.length);
      expect(asArray(at(monitor, 'spec', 'endpoints'))).toEqual([expect.objectContaining({ port: 'metrics', path: '/metrics' })]);
    }
  });
});

describe('Temporal connection', () => {
  it('Temporal Cloud: every process gets the API key from its Secret, and no mTLS files', () => {
    const list = objects('the Temporal Cloud example');
    for (const component of COMPONENTS) {
      const deployment = named(list, 'Deployment', component);
      expect(secretRef(envOf(container(deployment)).get('TEMPORAL_API_KEY'))).toEqual({
        name: 'sisbridge-temporal-api-key',
        key: 'api-key',
      });
      const env = plainEnv(list, deployment);
      expect(env['TEMPORAL_ADDRESS']).toBe('us-east-1.aws.api.temporal.io:7233');
      expect(env['TEMPORAL_NAMESPACE']).toBe('sisbridge-prod.a1b2c');
      expect(Object.keys(env).filter((name) => name.startsWith('TEMPORAL_TLS_'))).toEqual([]);
    }
    // Temporal Cloud search attributes come from tcld: the setup Job only applies the schedules.
    const setup = named(list, 'Job', 'temporal-setup');
    const spec = asObject(at(setup, 'spec', 'template', 'spec'));
    expect(containersOf(spec).map((entry) => entry['command'])).toEqual([['node', 'tools/cli/dist/main.js', 'schedules', 'apply']]);
    expect(secretRef(envOf(container(setup)).get('TEMPORAL_API_KEY'))).toEqual({ name: 'sisbridge-temporal-api-key', key: 'api-key' });
  });

  it('self-hosted with mTLS: the TLS files named in the environment are the mounted Secret items', () => {
    const list = objects('the self-hosted example');
    const targets = [...COMPONENTS.map((component) => named(list, 'Deployment', component)), named(list, 'Job', 'temporal-setup')];
    for (const workload of targets) {
      const entry = container(workload);
      const env =
        workload.kind === 'Job'
          ? Object.fromEntries([...envOf(entry)].map(([name, item]) => [name, asString(item['value']) ?? '']))
          : plainEnv(list, workload);
      expect(envOf(entry).has('TEMPORAL_API_KEY')).toBe(false);
      expect(env['TEMPORAL_TLS_SERVER_NAME']).toBe('temporal-frontend.temporal.svc.cluster.local');
      const mount = asArray(entry['volumeMounts']).find((m) => at(m, 'name') === 'temporal-tls');
      const volume = asArray(at(workload, 'spec', 'template', 'spec', 'volumes')).find((v) => at(v, 'name') === 'temporal-tls');
      expect(at(volume, 'secret', 'secretName')).toBe('sisbridge-temporal-client');
      const items = asArray(at(volume, 'secret', 'items')).map((item) => `${String(at(mount, 'mountPath'))}/${String(at(item, 'path'))}`);
      for (const variable of ['TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE', 'TEMPORAL_TLS_CA_FILE'])
        expect(items).toContain(env[variable]);
      expect(at(mount, 'readOnly')).toBe(true);
    }
  });
});

describe('districts', () => {
  const list = () => objects('the self-hosted example');

  it("writes a districts file that the services' own validator accepts, mounted where DISTRICTS_FILE points", () => {
    const configMap = named(list(), 'ConfigMap', 'districts');
    const districts = parseDistricts('chart test', 'districts.yaml', districtsFile(configMap));
    expect(districts.map((district) => district.id)).toEqual(['springfield', 'shelbyville']);
    // The passback settings survive the chart as written: the API, the LTI tool, the nightly passback.
    const springfield = districts[0];
    expect(springfield?.api).toEqual({
      bearerTokenEnv: 'PASSBACK_TOKEN_SPRINGFIELD',
      hmacSecretEnv: 'PASSBACK_HMAC_SPRINGFIELD',
      hmacToleranceSeconds: 300,
    });
    expect(springfield?.lti).toEqual(
      expect.objectContaining({ clientId: '10000000000123', toolPrivateKeyEnv: 'LTI_TOOL_KEY_SPRINGFIELD', launchScope: 'course' }),
    );
    expect(springfield?.schedules.passback).toEqual({ enabled: true, at: '21:00', maxConcurrentTeachers: 5 });
    expect(districts[1]?.schedules.passback.enabled).toBe(false);
    for (const component of COMPONENTS) {
      const deployment = named(list(), 'Deployment', component);
      const file = plainEnv(list(), deployment)['DISTRICTS_FILE'];
      const mount = asArray(container(deployment)['volumeMounts']).find((m) => at(m, 'name') === 'config');
      expect(file).toBe(`${String(at(mount, 'mountPath'))}/districts.yaml`);
      const volume = asArray(at(deployment, 'spec', 'template', 'spec', 'volumes')).find((v) => at(v, 'name') === 'config');
      expect(at(volume, 'configMap', 'name')).toBe(configMap.metadata.name);
    }
    // The setup Job (schedules) reads the same file from its own hook ConfigMap.
    expect(districtsFile(named(list(), 'ConfigMap', 'setup-districts'))).toEqual(districtsFile(configMap));
    expect(secretsInTree('districts.yaml', districtsFile(configMap))).toEqual([]);
  });

  it.each(['the self-hosted example', 'the Temporal Cloud example'])(
    'fills each secret the districts file names from the district Secret, only in the components that need it (%s)',
    (scenario) => {
      const rendered = objects(scenario);
      const districts = parseDistricts('chart test', 'districts.yaml', districtsFile(named(rendered, 'ConfigMap', 'districts')));
      const needs: Record<string, string[]> = { 'sif-ingest': [], 'canvas-provisioner': [], 'ptp-gradebook': [], 'workflow-worker': [] };
      const secretOf: Record<string, { name: string; key: string }> = {};
      const need = (variable: string | undefined, key: string, secret: string, components: string[]) => {
        if (!variable) return;
        for (const component of components) needs[component]?.push(variable);
        secretOf[variable] = { name: secret, key };
      };
      for (const district of districts) {
        const secret = `sisbridge-district-${district.id}`;
        need(district.canvas.tokenEnv, 'canvas-token', secret, ['canvas-provisioner', 'ptp-gradebook']);
        need(district.ptp?.clientIdEnv, 'ptp-client-id', secret, ['ptp-gradebook']);
        need(district.ptp?.clientSecretEnv, 'ptp-client-secret', secret, ['ptp-gradebook']);
        need(district.api?.bearerTokenEnv, 'passback-bearer-token', secret, ['ptp-gradebook']);
        need(district.api?.hmacSecretEnv, 'passback-hmac-secret', secret, ['ptp-gradebook']);
        need(district.lti?.toolPrivateKeyEnv, 'lti-tool-private-key', secret, ['ptp-gradebook']);
        need(district.sif.push?.secretEnv, 'sif-push-secret', secret, ['sif-ingest']);
      }
      // Not vacuous: each example passes back through the API and the LTI tool.
      expect(districts.some((district) => district.api) && districts.some((district) => district.lti)).toBe(true);
      for (const component of COMPONENTS) {
        const env = envOf(container(named(rendered, 'Deployment', component)));
        const districtSecrets = [...env.keys()].filter((name) => name in secretOf);
        expect(districtSecrets.sort()).toEqual([...(needs[component] ?? [])].sort());
        for (const name of districtSecrets) expect(secretRef(env.get(name))).toEqual(secretOf[name]);
      }
    },
  );

  it('rolls the pods when a district changes', async () => {
    const checksum = (objectsList: K8sObject[]) => named(objectsList, 'Deployment', 'ptp-gradebook').spec;
    const changed = await renderChart({ valuesFiles: [SELF_HOSTED], setJson: { 'districts[0].config.canvas.deleteThreshold': 0.05 } });
    expect(at(checksum(changed), 'template', 'metadata', 'annotations', 'checksum/config')).not.toEqual(
      at(checksum(list()), 'template', 'metadata', 'annotations', 'checksum/config'),
    );
  });
});

describe('the Temporal setup Job', () => {
  const commandsOf = (list: K8sObject[]) => {
    const job = list.find((object) => object.kind === 'Job' && object.metadata.name.endsWith('-temporal-setup'));
    return job
      ? containersOf(asObject(at(job, 'spec', 'template', 'spec'))).map((entry) => asArray(entry['command']).slice(2).join(' '))
      : [];
  };
  const oneDistrict = { districts: [{ secretName: 'sisbridge-district-a', config: { id: 'a', canvas: { tokenEnv: 'CANVAS_TOKEN_A' } } }] };

  it('applies the schedules (provisioning and nightly passback) by default once a district is configured, and not before', async () => {
    expect(commandsOf(objects('default values'))).toEqual(['setup-temporal']);
    expect(commandsOf(objects('the self-hosted example'))).toEqual(['setup-temporal', 'schedules apply']);
    expect(commandsOf(await renderChart({ setJson: oneDistrict }))).toEqual(['setup-temporal', 'schedules apply']);
    expect(commandsOf(await renderChart({ setJson: { ...oneDistrict, 'temporalSetup.applySchedules': false } }))).toEqual([
      'setup-temporal',
    ]);
    expect(
      commandsOf(
        await renderChart({
          setJson: { ...oneDistrict, 'temporalSetup.registerSearchAttributes': false, 'temporalSetup.applySchedules': false },
        }),
      ),
    ).toEqual([]);
    // `schedules apply` is the CLI command that creates both schedules of every district.
    const source = readFileSync(join(CHART_DIR, '../../../tools/cli/src/schedules/schedules.command.ts'), 'utf8');
    expect(source).toContain(".command('apply')");
    expect(source).toMatch(/provisioningSchedule\(district\), nightlyPassbackSchedule\(district\)/);
  });

  it('registers search attributes, then runs the configured CLI commands in order, one container each', () => {
    const job = named(objects('every optional feature'), 'Job', 'temporal-setup');
    const spec = asObject(at(job, 'spec', 'template', 'spec'));
    const steps = containersOf(spec).map((entry) => entry['command']);
    expect(steps).toEqual([
      ['node', 'tools/cli/dist/main.js', 'setup-temporal'],
      ['node', 'tools/cli/dist/main.js', 'schedules', 'apply', '--prune'],
      ['node', 'tools/cli/dist/main.js', 'schedule', 'trigger', '--district', 'springfield'],
    ]);
    expect(asArray(spec['containers'])).toHaveLength(1);
    expect(containersOf(spec).map((entry) => entry['name'])).toEqual([
      'setup-temporal',
      'schedules-apply-prune',
      'schedule-trigger-district-springfield',
    ]);
    expect(containersOf(spec)[0]?.['image']).toBe(
      container(named(objects('every optional feature'), 'Deployment', 'workflow-worker'))['image'],
    );
    // setup-temporal is the CLI's command of that name.
    expect(readFileSync(join(CHART_DIR, '../../../tools/cli/src/commands/setup-temporal.command.ts'), 'utf8')).toContain(
      ".command('setup-temporal')",
    );
  });

  it('gives the setup commands the Temporal settings and the districts file, and no database', () => {
    const list = objects('the self-hosted example');
    const setup = container(named(list, 'Job', 'temporal-setup'));
    const env = envOf(setup);
    expect(asString(env.get('TEMPORAL_ADDRESS')?.['value'])).toBe('temporal-frontend.temporal.svc.cluster.local:7233');
    expect(asString(env.get('DISTRICTS_FILE')?.['value'])).toBe('/etc/sisbridge/config/districts.yaml');
    expect(env.has('DATABASE_URL')).toBe(false);
  });
});

describe('values', () => {
  const valueOf = (list: K8sObject[], component: string, variable: string) =>
    asString(envOf(container(named(list, 'Deployment', component))).get(variable)?.['value']);

  it('sets worker tuning from values: concurrency, the task queue rate limit, workflow task slots', () => {
    const list = objects('every optional feature');
    expect(valueOf(list, 'canvas-provisioner', 'WORKER_MAX_ACTIVITIES_PER_SECOND')).toBe('12.5');
    expect(valueOf(list, 'canvas-provisioner', 'WORKER_MAX_CONCURRENT_ACTIVITIES')).toBe('20');
    expect(valueOf(list, 'workflow-worker', 'MAX_CONCURRENT_WORKFLOW_TASKS')).toBe('40');
    expect(valueOf(list, 'workflow-worker', 'WORKER_MAX_CONCURRENT_ACTIVITIES')).toBeUndefined();
    // null leaves the service's own default.
    expect(valueOf(list, 'ptp-gradebook', 'WORKER_MAX_CONCURRENT_ACTIVITIES')).toBeUndefined();
    expect(valueOf(objects('default values'), 'ptp-gradebook', 'WORKER_MAX_CONCURRENT_ACTIVITIES')).toBe('20');
  });

  it("sets the services' own settings from values: poll interval, guard timeout, LTI session, passback timeouts", () => {
    const list = objects('every optional feature');
    expect(valueOf(list, 'canvas-provisioner', 'CANVAS_POLL_INTERVAL_MS')).toBe('10000');
    expect(valueOf(list, 'canvas-provisioner', 'GUARD_TIMEOUT_HOURS')).toBe('12');
    expect(valueOf(list, 'canvas-provisioner', 'CANVAS_UPLOAD_RECOGNITION_SECONDS')).toBeUndefined();
    expect(valueOf(list, 'ptp-gradebook', 'LTI_SESSION_MINUTES')).toBe('45');
    expect(valueOf(list, 'ptp-gradebook', 'PASSBACK_ACCEPT_TIMEOUT_SECONDS')).toBe('10');
    expect(valueOf(list, 'ptp-gradebook', 'PASSBACK_GIVE_UP_AFTER_SECONDS')).toBe('1800');
    expect(valueOf(objects('the Temporal Cloud example'), 'ptp-gradebook', 'LTI_SESSION_MINUTES')).toBe('60');
  });

  it("derives ptp-gradebook's PUBLIC_URL from the Canvas-facing Ingress, lets publicUrl override it, and sets it nowhere else", async () => {
    expect(valueOf(objects('the self-hosted example'), 'ptp-gradebook', 'PUBLIC_URL')).toBe('https://sisbridge.example.org');
    expect(valueOf(objects('the Temporal Cloud example'), 'ptp-gradebook', 'PUBLIC_URL')).toBe('https://sisbridge.riverdale.k12.example');
    expect(valueOf(objects('every optional feature'), 'ptp-gradebook', 'PUBLIC_URL')).toBe('https://grades.sisbridge.example.org');
    expect(valueOf(objects('default values'), 'ptp-gradebook', 'PUBLIC_URL')).toBeUndefined();
    // https even with TLS ended in front of the Ingress: LTI 1.3 needs it, and Canvas sees that address.
    const noTls = await renderChart({ valuesFiles: [SELF_HOSTED], setJson: { 'ingress.canvas.tls.enabled': false } });
    expect(valueOf(noTls, 'ptp-gradebook', 'PUBLIC_URL')).toBe('https://sisbridge.example.org');
    for (const scenario of ['the self-hosted example', 'every optional feature']) {
      for (const component of COMPONENTS.filter((name) => name !== 'ptp-gradebook'))
        expect(plainEnv(objects(scenario), named(objects(scenario), 'Deployment', component))['PUBLIC_URL']).toBeUndefined();
    }
  });

  it('builds image names from registry, repository, component and tag or digest', () => {
    const list = objects('every optional feature');
    expect(container(named(list, 'Deployment', 'ptp-gradebook'))['image']).toBe(
      'registry.internal.example/platform/sisbridge/ptp-gradebook:0.1.0',
    );
    expect(container(named(list, 'Deployment', 'sif-ingest'))['image']).toBe(
      'registry.internal.example/platform/sisbridge/sif-ingest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    );
    expect(container(named(objects('default values'), 'Deployment', 'workflow-worker'))['image']).toBe('sisbridge/workflow-worker:0.1.0');
  });

  it('documents every setting of values.yaml with a comment', () => {
    // Each top-level key, and each setting inside one, has a comment above it (a map may instead
    // open with one). The component settings are documented once, in the block above `components`.
    const lines = readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8').split('\n');
    const isComment = (line: string | undefined) => /^\s*#/.test(line ?? '');
    const undocumented: string[] = [];
    const path: string[] = [];
    lines.forEach((line, index) => {
      const match = /^(\s*)([A-Za-z][\w-]*):(.*)$/.exec(line);
      if (!match || isComment(line)) return;
      const depth = (match[1] ?? '').length / 2;
      path.length = depth;
      path.push(match[2] ?? '');
      if (depth > 1 || (path[0] === 'components' && depth > 0)) return;
      let above = index - 1;
      while (above >= 0 && (lines[above] ?? '').trim() === '') above -= 1;
      const opensWithComment = (match[3] ?? '').trim() === '' && isComment(lines[index + 1]);
      if (!isComment(lines[above]) && !opensWithComment) undocumented.push(path.join('.'));
    });
    expect(undocumented).toEqual([]);
  });

  it('holds no secret in values.yaml or the examples: only references to Secrets', () => {
    const problems: string[] = [];
    const walk = (file: string, value: unknown, trail: string[]) => {
      if (typeof value === 'string') {
        const key = trail[trail.length - 1] ?? '';
        const isReference =
          key === 'secretName' || key.endsWith('Env') || trail.includes('districtSecretKeys') || trail.includes('districtSecretAccess');
        if (value && SECRET_NAME.test(key) && !isReference)
          problems.push(`${file}: ${trail.join('.')} is a plain value under a secret's name`);
        if (SECRET_VALUE.test(value)) problems.push(`${file}: ${trail.join('.')} holds a secret-looking value`);
      } else if (Array.isArray(value)) value.forEach((item, index) => walk(file, item, [...trail, String(index)]));
      else if (typeof value === 'object' && value !== null)
        for (const [key, child] of Object.entries(value)) walk(file, child, [...trail, key]);
    };
    for (const file of ['values.yaml', SELF_HOSTED, CLOUD])
      walk(file, parseYaml(readFileSync(join(CHART_DIR, file), 'utf8')) as unknown, []);
    expect(problems).toEqual([]);
  });
});

describe('refusals: the chart stops on values it must not deploy', () => {
  const refuse = (setJson: Record<string, unknown>, valuesFiles: string[] = []) => renderError({ setJson, valuesFiles });

  it.each([
    ['a Temporal API key given inline', { 'temporal.apiKey': 'tcld-abc' }, /temporal\/apiKey.*want object/],
    [
      'a database URL given inline',
      { 'database.url': 'postgres://sisbridge:hunter2@db:5432/sisbridge' },
      /additional properties 'url' not allowed/,
    ],
    ['a typo in a setting', { 'components.sifIngest.replcas': 3 }, /additional properties 'replcas' not allowed/],
    ['a component allowed to run as root', { 'podSecurityContext.runAsNonRoot': false }, /runAsNonRoot/],
    [
      'a container without a memory limit',
      { 'components.ptpGradebook.resources.limits.memory': null },
      /ptpGradebook\/resources\/limits.*memory/,
    ],
    [
      'schedules to apply but no district',
      { 'temporalSetup.extraCommands': [['schedules', 'apply']] },
      /needs at least one entry in districts/,
    ],
    [
      'worker settings sif-ingest does not read',
      { 'components.sifIngest.worker': { maxConcurrentActivities: 8 } },
      /sifIngest.*additional properties 'worker' not allowed/,
    ],
    [
      'a task-queue rate limit ptp-gradebook does not read',
      { 'components.ptpGradebook.worker.maxTaskQueueActivitiesPerSecond': 5 },
      /additional properties 'maxTaskQueueActivitiesPerSecond' not allowed/,
    ],
    [
      'a plain-http PUBLIC_URL',
      { 'components.ptpGradebook.publicUrl': 'http://sisbridge.example.org' },
      /publicUrl.*does not match pattern/,
    ],
    [
      'a PUBLIC_URL with credentials in it',
      { 'components.ptpGradebook.publicUrl': 'https://admin:hunter2@sisbridge.example.org' },
      /publicUrl.*does not match pattern/,
    ],
    ['a zero LTI session', { 'components.ptpGradebook.lti.sessionMinutes': 0 }, /sessionMinutes.*minimum/],
    [
      'more nightly teachers at once than the services allow',
      {
        districts: [
          { secretName: 's', config: { id: 'a', canvas: { tokenEnv: 'T' }, schedules: { passback: { maxConcurrentTeachers: 80 } } } },
        ],
      },
      /maxConcurrentTeachers/,
    ],
    [
      'an API block that names no credential',
      { districts: [{ secretName: 's', config: { id: 'a', canvas: { tokenEnv: 'T' }, api: { hmacToleranceSeconds: 60 } } }] },
      /api/,
    ],
    [
      'a district id that cannot be a workflow id',
      { districts: [{ secretName: 's', config: { id: 'Spring Field', canvas: { tokenEnv: 'T' } } }] },
      /id/,
    ],
  ])('%s', async (_what, setJson, message) => {
    expect(await refuse(setJson)).toMatch(message);
  });

  it.each([
    [
      'a Canvas token inside a district config',
      { 'districts[0].config.canvas.token': '7~abcdefghijklmnopqrstuvwxyz0123456789' },
      /districts\[0\]\.config\.canvas\.token looks like a secret/,
    ],
    [
      'a secret-looking value under an innocent name',
      { 'districts[0].config.sif.note': '7~abcdefghijklmnopqrstuvwxyz0123456789' },
      /districts\[0\]\.config\.sif\.note holds what looks like a secret value/,
    ],
    [
      'a secret as a plain component variable',
      { 'components.ptpGradebook.env': { CANVAS_TOKEN_EXTRA: 'x' } },
      /components\.ptpGradebook\.env\.CANVAS_TOKEN_EXTRA looks like a secret/,
    ],
    [
      'a secret as a plain extraEnv value',
      { 'components.sifIngest.extraEnv': [{ name: 'SIF_PASSWORD', value: 'x' }] },
      /extraEnv\[0\] \(SIF_PASSWORD\) looks like a secret/,
    ],
    ['two districts with one id', { 'districts[1].config.id': 'springfield' }, /"springfield" is used by two districts/],
    [
      'two districts naming one token variable',
      { 'districts[1].config.canvas.tokenEnv': 'CANVAS_TOKEN_SPRINGFIELD' },
      /CANVAS_TOKEN_SPRINGFIELD is already named by districts\[0\]/,
    ],
    [
      'a passback bearer token inside a district config',
      { 'districts[0].config.api.bearerToken': 'k3y-abc' },
      /districts\[0\]\.config\.api\.bearerToken looks like a secret/,
    ],
    [
      'an HMAC secret inside a district config',
      { 'districts[0].config.api.hmacSecret': 'abc' },
      /districts\[0\]\.config\.api\.hmacSecret looks like a secret/,
    ],
    [
      'an LTI tool key inside a district config',
      { 'districts[0].config.lti.toolPrivateKey': '-----BEGIN PRIVATE KEY-----\nMIIE…' },
      /districts\[0\]\.config\.lti\.toolPrivateKey looks like a secret/,
    ],
    [
      'a PEM key under an innocent name',
      { 'districts[0].config.lti.title': '-----BEGIN RSA PRIVATE KEY-----' },
      /districts\[0\]\.config\.lti\.title holds what looks like a secret value/,
    ],
    [
      'one variable for two kinds of secret',
      { 'districts[0].config.api.hmacSecretEnv': 'LTI_TOOL_KEY_SPRINGFIELD' },
      /lti\.toolPrivateKeyEnv: the environment variable LTI_TOOL_KEY_SPRINGFIELD is already named by districts\[0\]\.config\.api\.hmacSecretEnv/,
    ],
    [
      'two districts sharing an LTI key variable',
      {
        'districts[1].config.lti': {
          issuer: 'https://canvas.instructure.com',
          clientId: '1',
          deploymentIds: ['1:a'],
          jwksUrl: 'https://sso.canvaslms.com/api/lti/security/jwks',
          authorizationEndpoint: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
          toolPrivateKeyEnv: 'LTI_TOOL_KEY_SPRINGFIELD',
        },
      },
      /LTI_TOOL_KEY_SPRINGFIELD is already named by districts\[0\]\.config\.lti\.toolPrivateKeyEnv/,
    ],
    [
      'an LTI tool with no address for Canvas to reach',
      { 'ingress.canvas.enabled': false },
      /districts springfield have an LTI tool \(lti\), so ptp-gradebook needs PUBLIC_URL/,
    ],
    [
      'PUBLIC_URL set as a plain variable too',
      { 'components.ptpGradebook.env': { PUBLIC_URL: 'https://x.example.org' } },
      /components\.ptpGradebook\.env\.PUBLIC_URL is set by the chart: use components\.ptpGradebook\.publicUrl/,
    ],
    [
      'a chart-managed setting in extraEnv',
      { 'components.canvasProvisioner.extraEnv': [{ name: 'GUARD_TIMEOUT_HOURS', value: '4' }] },
      /extraEnv\[0\] \(GUARD_TIMEOUT_HOURS\) is set by the chart: use components\.canvasProvisioner\.guard\.timeoutHours/,
    ],
    [
      'schedules apply twice in the setup Job',
      { 'temporalSetup.extraCommands': [['schedules', 'apply', '--prune']] },
      /extraCommands\[0\] runs `sisbridge schedules apply --prune`, which the setup Job already runs \(temporalSetup\.applySchedules\)/,
    ],
  ])('%s', async (_what, setJson, message) => {
    expect(await refuse(setJson, [SELF_HOSTED])).toMatch(message);
  });
});
