import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { z } from 'zod';
import type { K8sObject } from './helm';

/**
 * An offline check of the KEDA objects the chart renders (keda.sh/v1alpha1 ScaledObject and
 * TriggerAuthentication), for the fields it renders: KEDA's CRDs are not in kubernetes-models, so
 * this is written from KEDA's documentation of ScaledObject and of the `temporal` scaler's trigger
 * metadata and authentication parameters (KEDA 2.17+). Unknown fields are errors, as a CRD's
 * structural schema would prune or refuse them.
 */

/** Trigger metadata is a map of strings in KEDA, numbers included. */
const intString = (minimum: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number written as a string')
    .refine((v) => Number(v) >= minimum);

/** The `temporal` scaler's metadata (KEDA docs: Scalers › Temporal, "Parameter list"). */
const temporalMetadata = z
  .object({
    endpoint: z.string().regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be <hostname>:<port> of the Temporal frontend'),
    namespace: z.string().min(1).optional(),
    taskQueue: z.string().min(1),
    targetQueueSize: intString(1).optional(),
    activationTargetQueueSize: intString(0).optional(),
    queueTypes: z
      .string()
      .regex(/^(workflow|activity|nexus)(,(workflow|activity|nexus))*$/, 'must list workflow, activity or nexus, comma-separated')
      .optional(),
    workerDeploymentName: z.string().optional(),
    workerDeploymentBuildId: z.string().optional(),
    minConnectTimeout: intString(0).optional(),
    unsafeSsl: z.enum(['true', 'false']).optional(),
    tlsServerName: z.string().min(1).optional(),
  })
  .strict();

const resourceMetadata = z.object({ value: z.string().regex(/^\d+(\.\d+)?$/, 'must be a number written as a string') }).strict();

const trigger = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('temporal'),
      name: z.string().optional(),
      metadata: temporalMetadata,
      authenticationRef: z
        .object({ name: z.string().min(1), kind: z.enum(['TriggerAuthentication', 'ClusterTriggerAuthentication']).optional() })
        .strict()
        .optional(),
    })
    .strict(),
  z.object({ type: z.literal('cpu'), metricType: z.enum(['Utilization', 'AverageValue']), metadata: resourceMetadata }).strict(),
  z.object({ type: z.literal('memory'), metricType: z.enum(['Utilization', 'AverageValue']), metadata: resourceMetadata }).strict(),
]);

const metadata = z
  .object({ name: z.string().min(1), namespace: z.string().optional(), labels: z.record(z.string(), z.string()).optional() })
  .strict();

const scaledObject = z
  .object({
    apiVersion: z.literal('keda.sh/v1alpha1'),
    kind: z.literal('ScaledObject'),
    metadata,
    spec: z
      .object({
        scaleTargetRef: z.object({ apiVersion: z.string().optional(), kind: z.string().optional(), name: z.string().min(1) }).strict(),
        minReplicaCount: z.number().int().min(0).optional(),
        maxReplicaCount: z.number().int().min(1).optional(),
        pollingInterval: z.number().int().min(1).optional(),
        cooldownPeriod: z.number().int().min(0).optional(),
        advanced: z
          .object({
            restoreToOriginalReplicaCount: z.boolean().optional(),
            horizontalPodAutoscalerConfig: z.object({ name: z.string().optional(), behavior: z.unknown().optional() }).strict().optional(),
          })
          .strict()
          .optional(),
        triggers: z.array(trigger).min(1),
      })
      .strict(),
  })
  .strict();

/** The `temporal` scaler's authentication parameters (apiKey; or mTLS: cert, key, keyPassword, ca). */
const triggerAuthentication = z
  .object({
    apiVersion: z.literal('keda.sh/v1alpha1'),
    kind: z.literal('TriggerAuthentication'),
    metadata,
    spec: z
      .object({
        secretTargetRef: z
          .array(
            z
              .object({
                parameter: z.enum(['apiKey', 'cert', 'key', 'keyPassword', 'ca']),
                name: z.string().min(1),
                key: z.string().min(1),
              })
              .strict(),
          )
          .min(1),
      })
      .strict(),
  })
  .strict();

/** Schema violations of a KEDA object, as "Kind/name: path message" lines. */
export function kedaSchemaErrors(object: K8sObject): string[] {
  const id = `${object.kind}/${object.metadata.name}`;
  const schema =
    object.kind === 'ScaledObject' ? scaledObject : object.kind === 'TriggerAuthentication' ? triggerAuthentication : undefined;
  if (!schema) return [`${id}: no schema for ${object.apiVersion} ${object.kind}`];
  const result = schema.safeParse(object);
  const problems = result.success ? [] : result.error.issues.map((issue) => `${id}: /${issue.path.join('/')} ${issue.message}`);
  const spec = (object['spec'] ?? {}) as { minReplicaCount?: unknown; maxReplicaCount?: unknown };
  if (typeof spec.minReplicaCount === 'number' && typeof spec.maxReplicaCount === 'number' && spec.minReplicaCount > spec.maxReplicaCount)
    problems.push(`${id}: /spec minReplicaCount must not exceed maxReplicaCount`);
  // The HPA behavior KEDA hands to the HorizontalPodAutoscaler it creates: Kubernetes' own schema.
  const behavior = (object['spec'] as { advanced?: { horizontalPodAutoscalerConfig?: { behavior?: unknown } } } | undefined)?.advanced
    ?.horizontalPodAutoscalerConfig?.behavior;
  if (behavior !== undefined) {
    try {
      new HorizontalPodAutoscaler({
        metadata: { name: 'behavior' },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, maxReplicas: 1, behavior } as never,
      }).validate();
    } catch (error) {
      problems.push(
        `${id}: /spec/advanced/horizontalPodAutoscalerConfig/behavior ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return problems;
}
