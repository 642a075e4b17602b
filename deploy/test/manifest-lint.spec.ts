import type { K8sObject } from './helm';
import { lintManifests } from './manifest-lint';

/** The linter the chart tests rely on must itself catch what it claims to: one broken thing at a time. */
function deployment(): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'sisbridge-ptp-gradebook', labels: { 'app.kubernetes.io/name': 'sisbridge' } },
    spec: {
      selector: { matchLabels: { app: 'x' } },
      template: {
        metadata: { labels: { app: 'x' } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
          volumes: [{ name: 'tmp', emptyDir: {} }],
          containers: [
            {
              name: 'ptp-gradebook',
              image: 'sisbridge/ptp-gradebook:0.1.0',
              ports: [{ name: 'http', containerPort: 3003 }],
              env: [
                { name: 'PORT', value: '3003' },
                { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'db', key: 'url' } } },
              ],
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' } },
              readinessProbe: { httpGet: { path: '/readyz', port: 'http' } },
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
        },
      },
    },
  };
}

type Mutation = (container: Record<string, unknown>, pod: Record<string, unknown>) => void;

function broken(mutate: Mutation): string[] {
  const object = deployment();
  const pod = (object['spec'] as { template: { spec: Record<string, unknown> } }).template.spec;
  const [container] = pod['containers'] as Array<Record<string, unknown>>;
  if (!container) throw new Error('fixture has no container');
  mutate(container, pod);
  return lintManifests([object]);
}

describe('lintManifests', () => {
  it('accepts a workload that gets the basics right', () => {
    expect(lintManifests([deployment()])).toEqual([]);
  });

  it.each<[string, Mutation, RegExp]>([
    ['no readiness probe', (c) => delete c['readinessProbe'], /no readinessProbe/],
    [
      'liveness on the wrong path',
      (c) => (c['livenessProbe'] = { httpGet: { path: '/readyz', port: 'http' } }),
      /livenessProbe does not ask \/healthz/,
    ],
    [
      'a probe on an undeclared port',
      (c) => (c['readinessProbe'] = { httpGet: { path: '/readyz', port: 'metrics' } }),
      /targets a port the container does not declare/,
    ],
    ['no memory limit', (c) => (c['resources'] = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1' } }), /no memory limits/],
    ['root allowed', (_c, pod) => (pod['securityContext'] = { runAsNonRoot: false }), /runAsNonRoot is not true/],
    [
      'user 0',
      (_c, pod) => (pod['securityContext'] = { runAsNonRoot: true, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } }),
      /runs as user 0/,
    ],
    [
      'privilege escalation',
      (c) => (c['securityContext'] = { readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } }),
      /allowPrivilegeEscalation is not false/,
    ],
    [
      'a writable root filesystem',
      (c) => (c['securityContext'] = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }),
      /root filesystem is writable/,
    ],
    [
      'capabilities kept',
      (c) => (c['securityContext'] = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true }),
      /does not drop ALL capabilities/,
    ],
    [
      'a plain-text secret',
      (c) => (c['env'] = [{ name: 'CANVAS_TOKEN_SPRINGFIELD', value: 'abc' }]),
      /CANVAS_TOKEN_SPRINGFIELD is a secret given as a plain value/,
    ],
    [
      'a password in a URL',
      (c) => (c['env'] = [{ name: 'UPSTREAM', value: 'postgres://u:hunter2@db/x' }]),
      /UPSTREAM holds a secret-looking value/,
    ],
    [
      'a secret from a ConfigMap',
      (c) => (c['env'] = [{ name: 'PTP_CLIENT_SECRET', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } }]),
      /PTP_CLIENT_SECRET does not come from a Secret/,
    ],
    [
      'a variable set twice',
      (c) =>
        (c['env'] = [
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
        ]),
      /A is set twice/,
    ],
    ['an undeclared volume', (c) => (c['volumeMounts'] = [{ name: 'config', mountPath: '/etc/x' }]), /mounts an undeclared volume config/],
    ['a mounted service account token', (_c, pod) => delete pod['automountServiceAccountToken'], /mounts a ServiceAccount token/],
  ])('reports %s', (_what, mutate, message) => {
    expect(broken(mutate).join('\n')).toMatch(message);
  });

  it('refuses rendered Secrets and secrets in ConfigMaps, including inside a districts file', () => {
    const secret: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } };
    const configMap: K8sObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: {
        API_TOKEN: 'x',
        'districts.yaml': 'districts:\n  - id: a\n    canvas: { tokenEnv: OK, token: "7~abcdefghijklmnopqrstuvwxyz" }\n',
      },
    };
    const problems = lintManifests([secret, configMap]).join('\n');
    expect(problems).toMatch(/Secret\/s: the chart must not render Secrets/);
    expect(problems).toMatch(/API_TOKEN looks like a secret in a ConfigMap/);
    expect(problems).toMatch(/districts\.yaml: \.districts\[0\]\.canvas\.token looks like a secret/);
    expect(problems).not.toMatch(/tokenEnv/);
  });

  it('applies the API server rules on names that the OpenAPI schemas leave out', () => {
    const long: K8sObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: `s-${'x'.repeat(70)}` } };
    const upper: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Config', labels: { a: 'not valid!' } } };
    const problems = lintManifests([long, upper]).join('\n');
    expect(problems).toMatch(/is not a DNS label/);
    expect(problems).toMatch(/ConfigMap\/Config: name is not a DNS subdomain/);
    expect(problems).toMatch(/label a has an invalid value/);
  });
});
