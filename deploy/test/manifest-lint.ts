import { parse as parseYaml } from 'yaml';
import type { K8sObject } from './helm';

/**
 * The basics every rendered workload must get right, beyond what the OpenAPI schemas check:
 * probes, resources, a non-root security context, no secret outside a Secret reference, and the
 * API server's own rules on names that the schemas do not carry.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}
export function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
/** Follows a path of keys; missing steps give undefined. */
export function at(value: unknown, ...path: string[]): Json | undefined {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as JsonObject)[key];
  }
  return current as Json | undefined;
}

/** Names of variables and settings that carry secrets (the chart's own rule, mirrored). */
export const SECRET_NAME = /(token|secret|passw(or)?d|api_?key|private_?key|credential|database_url)/i;
/** Values that are secrets whatever their name: a Canvas access token, a URL with a password, a PEM key. */
export const SECRET_VALUE = /(^[0-9]+~[A-Za-z0-9]{20,}$)|(^[a-z][a-z0-9+.-]*:\/\/[^/@:\s]+:[^/@\s]+@)|(-----BEGIN [A-Z ]*PRIVATE KEY-----)/;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** The pod template of a workload, with where it came from. */
export interface PodTemplate {
  owner: K8sObject;
  labels: Record<string, string>;
  spec: JsonObject;
  longRunning: boolean;
}

export function podTemplates(objects: K8sObject[]): PodTemplate[] {
  return objects
    .filter((object) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(object.kind))
    .map((owner) => ({
      owner,
      labels: asObject(at(owner, 'spec', 'template', 'metadata', 'labels')) as Record<string, string>,
      spec: asObject(at(owner, 'spec', 'template', 'spec')),
      longRunning: owner.kind !== 'Job',
    }));
}

export function containersOf(spec: JsonObject): JsonObject[] {
  return [...asArray(spec['initContainers']), ...asArray(spec['containers'])].map(asObject);
}

export function lintManifests(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const object of objects) {
    const id = `${object.kind}/${object.metadata.name}`;
    if (seen.has(id)) problems.push(`${id}: rendered twice`);
    seen.add(id);
    if (!DNS_SUBDOMAIN.test(object.metadata.name)) problems.push(`${id}: name is not a DNS subdomain`);
    if (['Service', 'Ingress'].includes(object.kind) && !DNS_LABEL.test(object.metadata.name))
      problems.push(`${id}: name is not a DNS label (at most 63 characters)`);
    for (const [key, value] of Object.entries(object.metadata.labels ?? {})) {
      if (!LABEL_VALUE.test(String(value))) problems.push(`${id}: label ${key} has an invalid value "${value}"`);
    }
    if (object.kind === 'Secret') problems.push(`${id}: the chart must not render Secrets (secrets are referenced, never held in values)`);
    if (object.kind === 'ConfigMap') problems.push(...configMapProblems(id, asObject(object['data'])));
  }
  for (const template of podTemplates(objects)) problems.push(...podProblems(template));
  return problems;
}

function configMapProblems(id: string, data: JsonObject): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    const text = asString(value) ?? '';
    if (/\.(ya?ml|json)$/.test(key)) {
      problems.push(...secretsInTree(`${id}: ${key}`, parseYaml(text) as unknown));
    } else {
      if (SECRET_NAME.test(key)) problems.push(`${id}: ${key} looks like a secret in a ConfigMap`);
      if (SECRET_VALUE.test(text)) problems.push(`${id}: ${key} holds a secret-looking value`);
    }
  }
  return problems;
}

/** Secret-looking keys (other than `…Env` references to variables) or values anywhere in a tree. */
export function secretsInTree(where: string, tree: unknown): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}[${index}]`));
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (SECRET_NAME.test(key) && !key.endsWith('Env')) problems.push(`${where}: ${path}.${key} looks like a secret`);
        walk(child, `${path}.${key}`);
      }
    } else if (typeof value === 'string' && SECRET_VALUE.test(value)) problems.push(`${where}: ${path} holds a secret-looking value`);
  };
  walk(tree, '');
  return problems;
}

function podProblems({ owner, spec, longRunning }: PodTemplate): string[] {
  const id = `${owner.kind}/${owner.metadata.name}`;
  const problems: string[] = [];
  const pod = asObject(spec['securityContext']);
  if (spec['automountServiceAccountToken'] !== false) problems.push(`${id}: mounts a ServiceAccount token it does not need`);
  if (spec['hostNetwork'] === true || spec['hostPID'] === true || spec['hostIPC'] === true) problems.push(`${id}: shares a host namespace`);
  const volumes = new Set(asArray(spec['volumes']).map((volume) => asString(at(volume, 'name'))));
  const containerNames = new Set<string>();

  for (const container of containersOf(spec)) {
    const name = asString(container['name']) ?? '(unnamed)';
    const where = `${id} container ${name}`;
    if (!DNS_LABEL.test(name)) problems.push(`${where}: name is not a DNS label`);
    if (containerNames.has(name)) problems.push(`${where}: two containers share this name`);
    containerNames.add(name);

    // Resources: requests and limits for both CPU and memory.
    for (const kind of ['requests', 'limits']) {
      for (const resource of ['cpu', 'memory']) {
        if (at(container, 'resources', kind, resource) === undefined) problems.push(`${where}: no ${resource} ${kind}`);
      }
    }

    // Non-root, no escalation, read-only root filesystem, no capabilities.
    const security = asObject(container['securityContext']);
    const runAsNonRoot = security['runAsNonRoot'] ?? pod['runAsNonRoot'];
    const runAsUser = security['runAsUser'] ?? pod['runAsUser'];
    if (runAsNonRoot !== true) problems.push(`${where}: runAsNonRoot is not true`);
    if (runAsUser === 0) problems.push(`${where}: runs as user 0`);
    if (security['allowPrivilegeEscalation'] !== false) problems.push(`${where}: allowPrivilegeEscalation is not false`);
    if (security['privileged'] === true) problems.push(`${where}: is privileged`);
    if (security['readOnlyRootFilesystem'] !== true) problems.push(`${where}: root filesystem is writable`);
    if (!asArray(at(security, 'capabilities', 'drop')).includes('ALL')) problems.push(`${where}: does not drop ALL capabilities`);
    if (asArray(at(security, 'capabilities', 'add')).length > 0) problems.push(`${where}: adds capabilities`);
    const seccomp = at(security, 'seccompProfile', 'type') ?? at(pod, 'seccompProfile', 'type');
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${where}: no seccomp profile`);

    // Probes on the long-running ones: liveness on /healthz, readiness on /readyz, on a declared port.
    const ports = asArray(container['ports']).map(asObject);
    const portNames = new Set(ports.map((port) => asString(port['name'])));
    const portNumbers = new Set(ports.map((port) => port['containerPort']));
    const isInit = asArray(spec['initContainers']).includes(container);
    if (longRunning && !isInit) {
      for (const [probe, path] of [
        ['livenessProbe', '/healthz'],
        ['readinessProbe', '/readyz'],
      ] as const) {
        const httpGet = at(container, probe, 'httpGet');
        if (!httpGet) {
          problems.push(`${where}: no ${probe}`);
          continue;
        }
        if (at(httpGet, 'path') !== path) problems.push(`${where}: ${probe} does not ask ${path}`);
        const port = at(httpGet, 'port');
        if (!(typeof port === 'string' ? portNames.has(port) : portNumbers.has(port ?? null)))
          problems.push(`${where}: ${probe} targets a port the container does not declare`);
      }
    }

    // Environment: unique names; secrets only through secretKeyRef; no secret-looking plain value.
    const envNames = new Set<string>();
    for (const entry of asArray(container['env']).map(asObject)) {
      const envName = asString(entry['name']) ?? '';
      if (envNames.has(envName)) problems.push(`${where}: ${envName} is set twice`);
      envNames.add(envName);
      const value = asString(entry['value']);
      if (value !== undefined && SECRET_NAME.test(envName)) problems.push(`${where}: ${envName} is a secret given as a plain value`);
      if (value !== undefined && SECRET_VALUE.test(value)) problems.push(`${where}: ${envName} holds a secret-looking value`);
      if (entry['valueFrom'] !== undefined && SECRET_NAME.test(envName) && at(entry, 'valueFrom', 'secretKeyRef') === undefined) {
        problems.push(`${where}: ${envName} does not come from a Secret`);
      }
    }
    for (const mount of asArray(container['volumeMounts'])) {
      if (!volumes.has(asString(at(mount, 'name')))) problems.push(`${where}: mounts an undeclared volume ${String(at(mount, 'name'))}`);
    }
  }
  return problems;
}
