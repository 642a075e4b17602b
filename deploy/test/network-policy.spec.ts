import { COMPONENTS, EVERYTHING, isHook, named, ofKind, SELF_HOSTED, SERVICES } from './chart-objects';
import { renderChart, renderError, resolveHelm, type K8sObject } from './helm';
import { schemaErrors } from './k8s-schemas';
import { asArray, asObject, asString, at, podTemplates, type Json } from './manifest-lint';

/**
 * networkPolicy.enabled: each component may reach exactly what its work needs. The rendered
 * policies are evaluated the way a CNI would for addresses (ipBlock peers, ports), so "ptp-gradebook
 * reaches this district's PowerSchool" is checked as a connection, not as text.
 */

let policies: K8sObject[];
let list: K8sObject[];

beforeAll(async () => {
  await resolveHelm((line) => process.stdout.write(`${line}\n`));
  list = await renderChart({
    valuesFiles: [SELF_HOSTED, EVERYTHING],
    setJson: {
      // Springfield's PowerSchool on its own port, behind its own address (the district's networkPeers).
      'districts[0].config.ptp.baseUrl': 'https://ps.springfield.k12.example:8443',
      'districts[0].config.lti.jwksUrl': 'https://sso.canvaslms.com:8444/api/lti/security/jwks',
      'districts[0].networkPeers': { powerSchool: [{ ipBlock: { cidr: '198.51.100.20/32' } }] },
      // Shelbyville's zone and Canvas on ports no other system uses.
      'districts[1].config.sif.zoneUrl': 'http://zis.shelbyville.k12.example:8080/zone/main',
      'districts[1].config.canvas.baseUrl': 'https://canvas.shelbyville.k12.example:8445',
      'districts[1].networkPeers': { canvas: [{ ipBlock: { cidr: '192.0.2.0/28', except: ['192.0.2.8/29'] } }] },
    },
  });
  policies = ofKind(list, 'NetworkPolicy');
}, 15 * 60_000);

function ipv4(address: string): number {
  return address.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}
function inCidr(address: string, cidr: string): boolean {
  const [network = '', bits = '32'] = cidr.split('/');
  if (network.includes(':') || address.includes(':')) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4(address) / size) === Math.floor(ipv4(network) / size);
}
/** Whether a peer admits an address outside the cluster: only an ipBlock can. */
function admits(peer: Json, address: string): boolean {
  const block = at(peer, 'ipBlock');
  if (!block) return false;
  return inCidr(address, asString(at(block, 'cidr')) ?? '') && !asArray(at(block, 'except')).some((cidr) => inCidr(address, String(cidr)));
}
function portMatches(rule: Json, port: number | string, protocol: string): boolean {
  const ports = asArray(at(rule, 'ports'));
  return ports.length === 0 || ports.some((entry) => at(entry, 'port') === port && (asString(at(entry, 'protocol')) ?? 'TCP') === protocol);
}
/** Whether the policy lets its pods open a connection to address:port. */
function allowsEgress(policy: K8sObject, address: string, port: number, protocol = 'TCP'): boolean {
  return asArray(at(policy, 'spec', 'egress')).some((rule) => {
    if (!portMatches(rule, port, protocol)) return false;
    const peers = at(rule, 'to');
    return peers === undefined || asArray(peers).some((peer) => admits(peer, address));
  });
}
function selects(policy: K8sObject, labels: Record<string, string>): boolean {
  const selector = asObject(at(policy, 'spec', 'podSelector'));
  const byLabel = Object.entries(asObject(selector['matchLabels'])).every(([key, value]) => labels[key] === value);
  const byExpression = asArray(selector['matchExpressions']).every((expression) => {
    const values = asArray(at(expression, 'values')).map(String);
    const key = asString(at(expression, 'key')) ?? '';
    return asString(at(expression, 'operator')) === 'In' ? values.includes(labels[key] ?? '') : !values.includes(labels[key] ?? '');
  });
  return byLabel && byExpression;
}
function policyOf(component: string): K8sObject {
  return named(policies, 'NetworkPolicy', component);
}

describe('the NetworkPolicies', () => {
  it('are rendered only when asked for', async () => {
    expect(ofKind(await renderChart({ valuesFiles: [SELF_HOSTED] }), 'NetworkPolicy')).toEqual([]);
    expect(policies.length).toBe(COMPONENTS.length + 1);
    expect(policies.flatMap(schemaErrors)).toEqual([]);
  });

  it('select every pod of the release, Deployments and hook Jobs, with exactly one policy each', () => {
    for (const template of podTemplates(list)) {
      const selecting = policies.filter((policy) => selects(policy, template.labels)).map((policy) => policy.metadata.name);
      expect([template.owner.metadata.name, selecting.length]).toEqual([template.owner.metadata.name, 1]);
    }
    // The Jobs' policy is a hook that exists before them: hooks run by weight.
    const hooks = named(policies, 'NetworkPolicy', 'hooks');
    expect(isHook(hooks)).toBe(true);
    for (const job of ofKind(list, 'Job'))
      expect(Number(hooks.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(
        Number(job.metadata.annotations?.['helm.sh/hook-weight']),
      );
  });

  it("let ptp-gradebook, and only ptp-gradebook, reach each district's PowerSchool: the port of ptp.baseUrl, through the district's peers", () => {
    expect(allowsEgress(policyOf('ptp-gradebook'), '198.51.100.20', 8443)).toBe(true);
    expect(allowsEgress(policyOf('ptp-gradebook'), '198.51.100.21', 8443)).toBe(false); // not springfield's PowerSchool
    expect(allowsEgress(policyOf('ptp-gradebook'), '203.0.113.7', 8443)).toBe(false); // networkPolicy.powerSchoolPeers, replaced for springfield
    for (const component of ['sif-ingest', 'canvas-provisioner', 'workflow-worker', 'hooks'])
      expect([component, allowsEgress(policyOf(component), '198.51.100.20', 8443)]).toEqual([component, false]);
  });

  it('let each component reach its own outside systems, on the ports of the districts’ URLs, and no other', () => {
    const reach = (address: string, port: number) =>
      [...COMPONENTS, 'hooks'].filter((component) => allowsEgress(policyOf(component), address, port));
    expect(reach('203.0.113.50', 8080)).toEqual(['sif-ingest']); // shelbyville's SIF zone (http, explicit port)
    expect(reach('192.0.2.3', 8445)).toEqual(['canvas-provisioner', 'ptp-gradebook']); // shelbyville's Canvas, its own peers
    expect(reach('192.0.2.9', 8445)).toEqual([]); // …minus the except range
    expect(reach('203.0.113.50', 8444)).toEqual(['ptp-gradebook']); // Canvas's LTI key set, for launches
    expect(reach('203.0.113.50', 443)).toEqual(['sif-ingest', 'canvas-provisioner', 'ptp-gradebook']); // the https URLs, canvasPeers and sifZonePeers being any address
  });

  it('let only the services and the hook Jobs reach Postgres, and every pod DNS and the Temporal frontend alone', () => {
    const services = [...SERVICES, 'hooks'];
    for (const component of [...COMPONENTS, 'hooks']) {
      const policy = policyOf(component);
      expect([component, allowsEgress(policy, '10.40.0.5', 6432)]).toEqual([component, services.includes(component)]);
      expect([component, allowsEgress(policy, '10.41.0.5', 6432)]).toEqual([component, false]);
      // DNS and Temporal by selector: the rules name the kube-dns pods and the temporal namespace, on their ports.
      const egress = asArray(at(policy, 'spec', 'egress'));
      expect(egress).toContainEqual(
        expect.objectContaining({
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
          to: [expect.objectContaining({ podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } })],
        }),
      );
      expect(egress).toContainEqual({
        ports: [{ port: 7233, protocol: 'TCP' }],
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'temporal' } } }],
      });
      expect(allowsEgress(policy, '203.0.113.50', 7233)).toBe(false);
      // networkPolicy.extraEgress (an egress proxy) reaches every pod.
      expect(allowsEgress(policy, '10.50.0.10', 3128)).toBe(true);
    }
    // The workflow worker does no I/O: DNS, Temporal and the extra rule, nothing else.
    expect(asArray(at(policyOf('workflow-worker'), 'spec', 'egress'))).toHaveLength(3);
  });

  it('let the Ingress controller reach only the http port of what the Ingresses publish, and Prometheus only the metrics port', () => {
    const rules = (component: string) =>
      asArray(at(policyOf(component), 'spec', 'ingress')).map((rule) => ({
        ports: at(rule, 'ports'),
        from: asArray(at(rule, 'from')).map((peer) =>
          asString(at(peer, 'namespaceSelector', 'matchLabels', 'kubernetes.io/metadata.name')),
        ),
      }));
    const metrics = { ports: [{ port: 'metrics', protocol: 'TCP' }], from: ['monitoring'] };
    const published = { ports: [{ port: 'http', protocol: 'TCP' }], from: ['ingress-nginx'] };
    expect(rules('ptp-gradebook')).toEqual(expect.arrayContaining([metrics, published]));
    expect(rules('ptp-gradebook')).toHaveLength(2);
    expect(rules('sif-ingest')).toEqual(expect.arrayContaining([metrics, published]));
    expect(rules('sif-ingest')).toHaveLength(2);
    expect(rules('canvas-provisioner')).toEqual([metrics]);
    expect(rules('workflow-worker')).toEqual([metrics]);
    // Every ingress rule names its sources: none admits any address.
    for (const component of COMPONENTS)
      for (const rule of asArray(at(policyOf(component), 'spec', 'ingress'))) expect(asArray(at(rule, 'from')).length).toBeGreaterThan(0);
    // The hook Jobs take no connection at all.
    expect(at(named(policies, 'NetworkPolicy', 'hooks'), 'spec', 'ingress')).toBeUndefined();
    expect(at(named(policies, 'NetworkPolicy', 'hooks'), 'spec', 'policyTypes')).toEqual(['Ingress', 'Egress']);
  });

  it('render no open rule by default: with no metricsPeers nothing reaches the metrics port, and nothing reaches an unpublished http port', async () => {
    // networkPolicy.enabled and nothing else: every other value the chart's default.
    const closed = ofKind(await renderChart({ setJson: { 'networkPolicy.enabled': true } }), 'NetworkPolicy');
    expect(closed).toHaveLength(COMPONENTS.length + 1);
    expect(closed.flatMap(schemaErrors)).toEqual([]);
    for (const policy of closed) {
      expect([policy.metadata.name, at(policy, 'spec', 'ingress')]).toEqual([policy.metadata.name, undefined]);
      expect(at(policy, 'spec', 'policyTypes')).toEqual(['Ingress', 'Egress']);
    }
  });

  it('refuse to render a rule that would admit any source: an Ingress without ingressControllerPeers, a ServiceMonitor without metricsPeers', async () => {
    expect(
      await renderError({
        valuesFiles: [SELF_HOSTED],
        setJson: { 'networkPolicy.enabled': true, 'networkPolicy.metricsPeers': [{ podSelector: {} }], 'ingress.canvas.enabled': true },
      }),
    ).toMatch(/networkPolicy\.ingressControllerPeers must name the Ingress controller's pods .*publishes ptp-gradebook/);
    expect(
      await renderError({
        valuesFiles: [SELF_HOSTED],
        setJson: {
          'networkPolicy.enabled': true,
          'networkPolicy.ingressControllerPeers': [{ podSelector: {} }],
          'metrics.serviceMonitor.enabled': true,
        },
      }),
    ).toMatch(/metrics\.serviceMonitor is enabled but networkPolicy\.metricsPeers is empty/);
  });
});
