import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { K8sObject } from './helm';
import { asArray, asObject, asString, at, containersOf, type JsonObject } from './manifest-lint';

/** Reading rendered chart objects: the values files the chart suites render, and lookups. */

export const SELF_HOSTED = 'examples/values-self-hosted.yaml';
export const CLOUD = 'examples/values-temporal-cloud.yaml';
export const EVERYTHING = join(__dirname, 'fixtures/values-everything.yaml');

export const COMPONENTS = ['sif-ingest', 'canvas-provisioner', 'ptp-gradebook', 'workflow-worker'];
export const SERVICES = ['sif-ingest', 'canvas-provisioner', 'ptp-gradebook'];

export function ofKind(list: K8sObject[], kind: string): K8sObject[] {
  return list.filter((object) => object.kind === kind);
}
export function named(list: K8sObject[], kind: string, suffix: string): K8sObject {
  const found = list.find((object) => object.kind === kind && object.metadata.name.endsWith(`-${suffix}`));
  if (!found) throw new Error(`no ${kind} named *-${suffix} in ${list.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}
export function isHook(object: K8sObject): boolean {
  return Boolean(object.metadata.annotations?.['helm.sh/hook']);
}
export function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels[key] === value);
}
export function container(object: K8sObject, name?: string): JsonObject {
  const all = containersOf(asObject(at(object, 'spec', 'template', 'spec')));
  const found = name ? all.find((c) => c['name'] === name) : all[all.length - 1];
  if (!found) throw new Error(`${object.metadata.name} has no container ${name ?? ''}`);
  return found;
}
export function envOf(entry: JsonObject): Map<string, JsonObject> {
  return new Map(asArray(entry['env']).map((item) => [asString(at(item, 'name')) ?? '', asObject(item)]));
}
/** The plain environment a Deployment's container sees: its ConfigMap(s) through envFrom, then env. */
export function plainEnv(list: K8sObject[], deployment: K8sObject): Record<string, string> {
  const main = container(deployment);
  const env: Record<string, string> = {};
  for (const source of asArray(main['envFrom'])) {
    const configMap = list.find((o) => o.kind === 'ConfigMap' && o.metadata.name === at(source, 'configMapRef', 'name'));
    if (!configMap) throw new Error(`${deployment.metadata.name} reads a ConfigMap that is not rendered`);
    Object.assign(env, asObject(configMap['data']));
  }
  for (const [name, entry] of envOf(main)) if (typeof entry['value'] === 'string') env[name] = entry['value'];
  return env;
}
export function secretRef(entry: JsonObject | undefined): { name?: string; key?: string } | undefined {
  const ref = at(entry, 'valueFrom', 'secretKeyRef');
  return ref === undefined ? undefined : { name: asString(at(ref, 'name')), key: asString(at(ref, 'key')) };
}
/** The districts file a ConfigMap carries, parsed (not yet validated). */
export function districtsFile(configMap: K8sObject): unknown {
  return parseYaml(asString(at(configMap, 'data', 'districts.yaml')) ?? '') as unknown;
}
