import { compareStates, type StateDifference } from '../final-state/final-state';
import type { ScenarioRun } from './run-scenario';

/** One row of the printed table, and whether the scenario counts as survived. */
export interface ChaosRow {
  scenario: string;
  outcome: string;
  canvasEqual: boolean;
  ptpEqual: boolean;
  duplicates: string;
  lost: string;
  down: string;
  recovery: string;
  passed: boolean;
  details: string[];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

/**
 * A scenario's row against the fault-free run: equal final Canvas and PTP states, duplicates
 * (imports that carried a change again, Canvas objects or PTP assignments and scores made twice)
 * and losses (objects or values of the fault-free state missing or different), the time things
 * were down, and the time to recover: the extra wall time of the night beyond the fault-free
 * night and beyond the down time itself.
 */
export function chaosRow(run: ScenarioRun, reference: ScenarioRun): ChaosRow {
  const details = [...run.log.injected.map((line) => `fault: ${line}`), ...run.log.missed.map((line) => `MISSED: ${line}`)];
  if (run.crashes.length > 0) details.push(`restarted by the supervisor: ${run.crashes.join('; ')}`);
  if (run.error) details.push(`error: ${run.error}`);
  if (!run.canvas || !run.ptp || !reference.canvas || !reference.ptp) {
    return {
      scenario: run.scenario.name,
      outcome: run.outcome,
      canvasEqual: false,
      ptpEqual: false,
      duplicates: '?',
      lost: '?',
      down: seconds(run.log.downMs),
      recovery: '—',
      passed: false,
      details,
    };
  }
  // A night that failed or timed out is compared too: what it left behind says what went wrong.
  const canvas = compareStates(reference.canvas, run.canvas);
  const ptp = compareStates(reference.ptp, run.ptp);
  const night = run.night;
  if (night) {
    details.push(...night.provisioning.failures.map((reason) => `provisioning failed first (${reason}), then applied`));
    details.push(
      `night: provisioning ${night.provisioning.outcome} (${night.provisioning.runs} run(s), imports ${night.provisioning.canvasImportIds.join(', ')}); categories: ${night.categories.teachers} teachers, ${night.categories.failed} failed; passback: ${night.passback.totals.completed} completed, ${night.passback.totals.completedWithErrors} with errors, ${night.passback.totals.failed} failed of ${night.passback.plan.teachers} teachers`,
    );
  }
  details.push(`requests: SIF zone ${run.requests.sif}, Canvas ${run.requests.canvas}, PTP ${run.requests.ptp}`);
  details.push(...describeDifference('Canvas', canvas), ...describeDifference('PTP', ptp));
  const importDuplicates = run.imports?.duplicates ?? 0;
  const ptpScores = (keys: string[]) => keys.filter((key) => key.startsWith('score ')).length;
  const ptpAssignments = (keys: string[]) => keys.filter((key) => key.startsWith('assignment ')).length;
  // Never below zero: a faulted night can end sooner than the reference (e.g. a shorter passback).
  const recovery = night ? Math.max(0, night.wallMs - (reference.night?.wallMs ?? 0) - run.log.downMs) : undefined;
  const passed =
    run.outcome === 'survived' &&
    night !== undefined &&
    canvas.equal &&
    ptp.equal &&
    importDuplicates === 0 &&
    run.log.missed.length === 0 &&
    night.categories.failed === 0 &&
    night.passback.totals.failed === 0;
  return {
    scenario: run.scenario.name,
    outcome: [
      night && night.provisioning.failures.length > 0 ? 'failed as it must; rerun applied' : run.outcome,
      ...(run.log.missed.length > 0 ? [`${run.log.missed.length} fault(s) MISSED`] : []),
    ].join('; '),
    canvasEqual: canvas.equal,
    ptpEqual: ptp.equal,
    duplicates: `${importDuplicates} imports, ${canvas.duplicates.length} objects, ${ptpAssignments(ptp.duplicates)} assignments, ${ptpScores(ptp.duplicates)} scores`,
    lost: `${canvas.lost.length + canvas.changed.length} changes, ${ptpScores([...ptp.lost, ...ptp.changed])} scores`,
    down: seconds(run.log.downMs),
    recovery: recovery === undefined ? '—' : seconds(recovery),
    passed,
    details,
  };
}

function describeDifference(system: string, difference: StateDifference): string[] {
  const lines: string[] = [];
  const show = (what: string, keys: string[]) => {
    if (keys.length > 0) lines.push(`${system} ${what}: ${keys.length} (${keys.slice(0, 4).join('; ')}${keys.length > 4 ? '; …' : ''})`);
  };
  show('lost', difference.lost);
  show('changed', difference.changed);
  show('unexpected', difference.unexpected);
  show('made twice', difference.duplicates);
  return lines;
}

/** The table, as the README shows it (Markdown, so it can be pasted). */
export function formatTable(rows: ChaosRow[]): string {
  const header = [
    'scenario',
    'result',
    'outcome',
    'Canvas = fault-free',
    'PTP = fault-free',
    'duplicates',
    'lost',
    'down',
    'time to recover',
  ];
  const cells = rows.map((row) => [
    row.scenario,
    row.passed ? 'pass' : 'FAIL',
    row.outcome,
    row.canvasEqual ? 'yes' : 'NO',
    row.ptpEqual ? 'yes' : 'NO',
    row.duplicates,
    row.lost,
    row.down,
    row.recovery,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line)].join('\n');
}
