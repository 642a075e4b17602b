import { PrometheusRule, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { K8sObject } from './helm';
import { kedaSchemaErrors } from './keda-schemas';

interface Validatable {
  validate(): void;
}
// Each model takes its own typed data; `never` accepts them all, and the object is checked at run time.
type ModelClass = new (data: never) => Validatable;

/**
 * The OpenAPI schemas (offline, from the kubernetes-models packages) of every kind the chart may
 * render. A kind missing here fails validation, so a new kind is added to this table on purpose.
 */
const MODELS: Record<string, ModelClass> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

/** Schema violations of one object, as "Kind/name: path message" lines (empty when valid). */
export function schemaErrors(object: K8sObject): string[] {
  const id = `${object.kind}/${object.metadata.name}`;
  if (object.apiVersion === 'keda.sh/v1alpha1') return kedaSchemaErrors(object);
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) return [`${id}: no schema for ${object.apiVersion} ${object.kind}`];
  try {
    new Model(object as never).validate();
    return [];
  } catch (error) {
    const details = (error as { errors?: Array<{ instancePath?: string; message?: string }> }).errors;
    if (Array.isArray(details) && details.length > 0)
      return details.map((detail) => `${id}: ${detail.instancePath || '/'} ${detail.message ?? 'is invalid'}`);
    return [`${id}: ${error instanceof Error ? error.message : String(error)}`];
  }
}
