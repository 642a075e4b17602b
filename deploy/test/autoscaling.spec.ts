import { container, EVERYTHING, named, ofKind, plainEnv, SELF_HOSTED } from './chart-objects';
import { renderChart, resolveHelm, type K8sObject } from './helm';
import { kedaSchemaErrors } from './keda-schemas';
import { schemaErrors } from './k8s-schemas';
import { asArray, asObject, at } from './manifest-lint';

/**
 * components.<name>.autoscaling.keda: a KEDA ScaledObject scales the Deployment on its Temporal
 * task queue's backlog, authenticated to Temporal as the pods are, in place of the CPU-only HPA.
 */

let everything: K8sObject[];

beforeAll(async () => {
  await resolveHelm((line) => process.stdout.write(`${line}\n`));
  everything = await renderChart({
    valuesFiles: [SELF_HOSTED, EVERYTHING],
    setJson: { 'components.workflowWorker.autoscaling.keda': { enabled: true, targetQueueSize: 5 } },
  });
}, 15 * 60_000);

type Trigger = { type: string; metadata: Record<string, string>; metricType?: string; authenticationRef?: { name: string } };
const triggersOf = (object: K8sObject) => asArray(at(object, 'spec', 'triggers')) as unknown as Trigger[];

describe('KEDA autoscaling', () => {
  it('is off by default: every component has its CPU HorizontalPodAutoscaler and no ScaledObject', async () => {
    const list = await renderChart({ valuesFiles: [SELF_HOSTED] });
    expect(ofKind(list, 'ScaledObject')).toEqual([]);
    expect(ofKind(list, 'TriggerAuthentication')).toEqual([]);
    expect(ofKind(list, 'HorizontalPodAutoscaler')).toHaveLength(4);
  });

  it('replaces the HPA of each component that asks for it with a ScaledObject on its task queue’s backlog', () => {
    const scaled = ofKind(everything, 'ScaledObject').map((object) => object.metadata.name.replace(/^sisbridge-prod-/, ''));
    expect(scaled.sort()).toEqual(['canvas-provisioner', 'ptp-gradebook', 'workflow-worker']);
    const hpas = ofKind(everything, 'HorizontalPodAutoscaler').map((object) => object.metadata.name);
    expect(hpas).toEqual([]); // sif-ingest scales by hand in this fixture
    for (const component of scaled) {
      const object = named(everything, 'ScaledObject', component);
      const deployment = named(everything, 'Deployment', component);
      expect(at(object, 'spec', 'scaleTargetRef')).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
      expect(at(deployment, 'spec', 'replicas')).toBeUndefined();
      const [temporal] = triggersOf(object);
      const env = plainEnv(everything, deployment);
      // The queue the Deployment's worker polls, on the Temporal the pods reach.
      expect(temporal?.type).toBe('temporal');
      expect(temporal?.metadata).toMatchObject({
        endpoint: env['TEMPORAL_ADDRESS'],
        namespace: env['TEMPORAL_NAMESPACE'],
        taskQueue: deployment.metadata.labels?.['sisbridge.io/task-queue'],
        queueTypes: component === 'workflow-worker' ? 'workflow' : 'activity',
      });
      expect(container(deployment)['name']).toBe(component);
    }
    expect(triggersOf(named(everything, 'ScaledObject', 'canvas-provisioner'))[0]?.metadata['targetQueueSize']).toBe('50');
    expect(triggersOf(named(everything, 'ScaledObject', 'ptp-gradebook'))[0]?.metadata['activationTargetQueueSize']).toBe('2');
  });

  it('keeps the autoscaling values: replicas, behavior, CPU and memory targets as triggers', () => {
    const ptp = named(everything, 'ScaledObject', 'ptp-gradebook');
    expect(at(ptp, 'spec', 'minReplicaCount')).toBe(2);
    expect(at(ptp, 'spec', 'maxReplicaCount')).toBe(6);
    expect(at(ptp, 'spec', 'advanced', 'horizontalPodAutoscalerConfig', 'behavior', 'scaleDown', 'stabilizationWindowSeconds')).toBe(600);
    expect(triggersOf(ptp).slice(1)).toEqual([
      { type: 'cpu', metricType: 'Utilization', metadata: { value: '70' } },
      { type: 'memory', metricType: 'Utilization', metadata: { value: '75' } },
    ]);
  });

  it('authenticates KEDA to Temporal with the Secrets the pods use: the API key and the mTLS client certificate', () => {
    const [auth] = ofKind(everything, 'TriggerAuthentication');
    expect(auth).toBeDefined();
    for (const object of ofKind(everything, 'ScaledObject'))
      expect(triggersOf(object)[0]?.authenticationRef).toEqual({ name: auth?.metadata.name });
    expect(at(auth, 'spec', 'secretTargetRef')).toEqual([
      { parameter: 'apiKey', name: 'sisbridge-temporal-api-key', key: 'api-key' },
      { parameter: 'cert', name: 'sisbridge-temporal-client', key: 'tls.crt' },
      { parameter: 'key', name: 'sisbridge-temporal-client', key: 'tls.key' },
    ]);
  });

  it('renders objects that pass the check of the fields KEDA documents', () => {
    const keda = [...ofKind(everything, 'ScaledObject'), ...ofKind(everything, 'TriggerAuthentication')];
    expect(keda.length).toBe(4);
    expect(keda.flatMap(schemaErrors)).toEqual([]);
  });

  it('has a check that fails on what KEDA would refuse', () => {
    const object = structuredClone(named(everything, 'ScaledObject', 'canvas-provisioner'));
    const [temporal] = triggersOf(object);
    if (!temporal) throw new Error('no temporal trigger');
    (temporal.metadata as Record<string, unknown>)['targetQueueSize'] = 50; // a number, where KEDA wants a string
    temporal.metadata['taskQueues'] = 'typo';
    temporal.metadata['endpoint'] = 'temporal-frontend';
    asObject(at(object, 'spec'))['maxReplicaCount'] = 1;
    const problems = kedaSchemaErrors(object).join('\n');
    expect(problems).toMatch(/targetQueueSize/);
    expect(problems).toMatch(/taskQueues/);
    expect(problems).toMatch(/endpoint/);
    expect(problems).toMatch(/minReplicaCount must not exceed maxReplicaCount/);
  });
});
