import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as contracts from '@sisbridge/contracts';
import { EVERYTHING, named, ofKind, SELF_HOSTED } from './chart-objects';
import { exportedSeriesNames, metricNamesIn } from './exported-metrics';
import { renderChart, resolveHelm, type K8sObject } from './helm';
import { schemaErrors } from './k8s-schemas';
import { asArray, asString, at } from './manifest-lint';
import { REPO_ROOT } from './paths';

/**
 * The alerts (PrometheusRule) and the Grafana dashboard the chart ships: rendered, valid, and
 * naming only metrics the components really export, collected from the code's registrations,
 * prom-client's defaults and the Temporal SDK's own metric names.
 */

let list: K8sObject[];
let exported: Set<string>;

beforeAll(async () => {
  await resolveHelm((line) => process.stdout.write(`${line}\n`));
  list = await renderChart({ valuesFiles: [SELF_HOSTED, EVERYTHING] });
  exported = await exportedSeriesNames();
}, 15 * 60_000);

function alertRules(): Array<{ alert: string; expr: string }> {
  return asArray(at(ofKind(list, 'PrometheusRule')[0], 'spec', 'groups')).flatMap((group) =>
    asArray(at(group, 'rules')).map((rule) => ({ alert: asString(at(rule, 'alert')) ?? '', expr: asString(at(rule, 'expr')) ?? '' })),
  );
}

interface Dashboard {
  panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
  templating: { list: Array<{ name: string; definition?: string }> };
}
function dashboard(): Dashboard {
  const configMap = named(list, 'ConfigMap', 'dashboard');
  return JSON.parse(asString(at(configMap, 'data', 'sisbridge-runs.json')) ?? '{}') as Dashboard;
}

describe('the metrics the components export', () => {
  it("are collected from the code, prom-client's defaults and the Temporal SDK", () => {
    for (const name of [
      'sisbridge_activity_duration_seconds_bucket',
      'sisbridge_activity_failures_total',
      'sisbridge_ptp_requests_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'temporal_activity_schedule_to_start_latency_bucket',
      'temporal_workflow_task_schedule_to_start_latency_bucket',
      'temporal_workflow_failed',
      'temporal_request_failure',
    ])
      expect([name, exported.has(name)]).toEqual([name, true]);
  });

  it('are what the check holds a query to: an unknown name or a query that is not PromQL fails it', () => {
    const unknown = (expr: string) => metricNamesIn(expr).filter((name) => !exported.has(name));
    expect(unknown('sum(rate(sisbridge_activity_failures_total[5m])) / sum(rate(sisbridge_activities_total[5m]))')).toEqual([
      'sisbridge_activities_total',
    ]);
    expect(unknown('temporal_activity_schedule_to_start_latency_seconds_bucket')).toEqual([
      'temporal_activity_schedule_to_start_latency_seconds_bucket',
    ]);
    expect(() => metricNamesIn('sum(rate(sisbridge_activity_failures_total[5m])')).toThrow(/not valid PromQL/);
  });
});

describe('the PrometheusRule', () => {
  it('is rendered only when asked for, and validates against the Prometheus Operator schema', async () => {
    expect(
      ofKind(await renderChart({ valuesFiles: [SELF_HOSTED], setJson: { 'metrics.prometheusRule.enabled': false } }), 'PrometheusRule'),
    ).toEqual([]);
    const rules = ofKind(list, 'PrometheusRule');
    expect(rules).toHaveLength(1);
    expect(rules.flatMap(schemaErrors)).toEqual([]);
  });

  it('alerts on what the runbook says to watch, with the thresholds of values', () => {
    const rules = alertRules();
    expect(rules.map((rule) => rule.alert).sort()).toEqual([
      'SisbridgeActivityFailing',
      'SisbridgeActivityScheduleToStartSlow',
      'SisbridgeEventLoopLagging',
      'SisbridgeIntradaySlow',
      'SisbridgePtpErrors',
      'SisbridgePtpRefused',
      'SisbridgePtpThrottling',
      'SisbridgeSifEventsPiling',
      'SisbridgeSifPushRefused',
      'SisbridgeTemporalRequestsFailing',
      'SisbridgeWorkflowTaskScheduleToStartSlow',
      'SisbridgeWorkflowsFailing',
    ]);
    const expr = (alert: string) => rules.find((rule) => rule.alert === alert)?.expr ?? '';
    expect(expr('SisbridgeActivityScheduleToStartSlow')).toMatch(
      /temporal_activity_schedule_to_start_latency_bucket\{namespace="sisbridge"\}.*> 45\s*$/s,
    );
    expect(expr('SisbridgeActivityFailing')).toMatch(/> 0\.2\s*$/);
  });

  it('names only metrics the components export, in valid PromQL', () => {
    const problems = alertRules().flatMap(({ alert, expr }) =>
      metricNamesIn(expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${alert}: ${name}`),
    );
    expect(problems).toEqual([]);
    expect(alertRules().every(({ expr }) => metricNamesIn(expr).length > 0)).toBe(true);
  });

  it('has each alert explained in the runbook', () => {
    const runbook = readFileSync(join(REPO_ROOT, 'docs/operations.md'), 'utf8');
    expect(
      alertRules()
        .filter(({ alert }) => !runbook.includes(`\`${alert}\``))
        .map(({ alert }) => alert),
    ).toEqual([]);
  });
});

describe('the Grafana dashboard', () => {
  it('is a ConfigMap the dashboard sidecar picks up, only when asked for', async () => {
    expect(ofKind(await renderChart({ valuesFiles: [SELF_HOSTED] }), 'ConfigMap').map((c) => c.metadata.name)).not.toContain(
      'sisbridge-dashboard',
    );
    const configMap = named(list, 'ConfigMap', 'dashboard');
    expect(configMap.metadata.labels?.['grafana_dashboard']).toBe('1');
    expect(configMap.metadata.namespace).toBe('monitoring');
    expect(schemaErrors(configMap)).toEqual([]);
    expect(dashboard().panels.map((panel) => panel.title)).toEqual(
      expect.arrayContaining(['Provisioning runs ended, per hour', 'Passback runs ended, per hour']),
    );
  });

  it('queries only metrics the components export, in valid PromQL', () => {
    const queries = dashboard().panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })),
    );
    expect(queries.length).toBeGreaterThan(10);
    const problems = queries.flatMap(({ panel, expr }) =>
      metricNamesIn(expr)
        .filter((name) => !exported.has(name))
        .map((name) => `${panel}: ${name}`),
    );
    for (const variable of dashboard().templating.list) {
      const metric = /^label_values\(([a-z_:][a-z0-9_:]*),/.exec(variable.definition ?? '')?.[1];
      if (metric && !exported.has(metric)) problems.push(`variable ${variable.name}: ${metric}`);
    }
    expect(problems).toEqual([]);
  });

  it('selects runs by workflow types sisbridge has', () => {
    const workflowTypes = new Set(
      Object.entries(contracts)
        .filter(([key]) => key.endsWith('_WORKFLOW'))
        .map(([, value]) => String(value)),
    );
    const named = dashboard()
      .panels.flatMap((panel) => panel.targets ?? [])
      .flatMap((target) => [...target.expr.matchAll(/workflow_type=~"([^"]+)"/g)].flatMap((match) => (match[1] ?? '').split('|')));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((type) => !workflowTypes.has(type))).toEqual([]);
  });
});
