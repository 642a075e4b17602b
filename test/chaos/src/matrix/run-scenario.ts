import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canvasFinalState } from '../final-state/canvas-final-state';
import { duplicateImports, type DuplicateImports } from '../final-state/duplicate-imports';
import type { FinalState } from '../final-state/final-state';
import { ptpFinalState } from '../final-state/ptp-final-state';
import { runNight, type NightReport } from '../night/night';
import { NightSteps } from '../night/night-steps';
import type { PassbackTeacher } from '../night/teacher-gradebooks';
import { FaultLog, type Scenario } from '../scenarios/scenario';
import { SERVICES } from '../infrastructure/supervised-system';
import { ChaosWorld, type SharedInfrastructure, type WorldSettings } from '../world/chaos-world';

/** One scenario's night and what it left behind. */
export interface ScenarioRun {
  scenario: Scenario;
  /** `survived` when the night finished; otherwise why it did not. */
  outcome: 'survived' | 'failed' | 'timed out';
  error?: string;
  night?: NightReport;
  log: FaultLog;
  canvas?: FinalState;
  ptp?: FinalState;
  imports?: DuplicateImports;
  wallMs: number;
  /** Processes that exited on their own and were restarted by the supervisor. */
  crashes: string[];
  /** Requests each simulator was sent during the night (through its gate). */
  requests: Record<'sif' | 'canvas' | 'ptp', number>;
}

/**
 * Starts the scenario's world, runs one night with the scenario injecting its faults, then reads
 * the final Canvas and PTP states. Bounded by the scenario's time limit: a night still running
 * then is `timed out`, and the world is torn down either way (also when `interrupted` aborts).
 */
export async function runScenario(
  scenario: Scenario,
  settings: WorldSettings,
  shared: SharedInfrastructure,
  teachers: (world: ChaosWorld) => PassbackTeacher[],
  print: (line: string) => void,
  interrupted: AbortSignal,
): Promise<ScenarioRun> {
  const started = Date.now();
  const deadline = started + scenario.timeLimitMs;
  const log = new FaultLog();
  const run: ScenarioRun = { scenario, outcome: 'failed', log, wallMs: 0, crashes: [], requests: { sif: 0, canvas: 0, ptp: 0 } };
  const over = new AbortController();
  let world: ChaosWorld | undefined;
  let timer: NodeJS.Timeout | undefined;
  // The night, settled: the world closes only once nothing of the night still calls it.
  let settling: Promise<void> = Promise.resolve();
  try {
    world = await ChaosWorld.start({ ...settings, ...scenario.world, slug: scenario.slug }, shared);
    const steps = new NightSteps((step) => print(`  ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  ${step}`));
    const activeWorld = world;
    const faults = scenario.whileTeachersWork?.(world);
    const injecting = (scenario.inject?.({ world, steps, log, signal: over.signal }) ?? Promise.resolve()).catch((error: unknown) => {
      log.missed.push(`the fault could not be injected: ${error instanceof Error ? error.message : String(error)}`);
    });
    const night = runNight(world, {
      deadline,
      signal: over.signal,
      steps,
      seedTeachers: teachers(world),
      whileTeachersWork: faults
        ? async (work) => {
            faults.pause();
            try {
              return await work();
            } finally {
              faults.resume();
            }
          }
        : undefined,
      beforeRerun: scenario.beforeRerun ? () => (scenario.beforeRerun as (w: ChaosWorld) => Promise<void>)(activeWorld) : undefined,
    });
    settling = night.then(
      () => undefined,
      () => undefined,
    );
    const timeLimit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeLimitReached()), Math.max(0, deadline - Date.now()));
      // Ctrl-C: the world is torn down as after a time limit, so nothing is left running.
      interrupted.addEventListener('abort', () => reject(new Error('interrupted')), { once: true });
    });
    run.night = await Promise.race([night, timeLimit]);
    over.abort();
    // A fault still under way (a process coming back, an outage's end) finishes before the world is read; never forever.
    await Promise.race([injecting, timeLimit]);
    run.outcome = 'survived';
    run.canvas = canvasFinalState(world.canvas.state);
    run.ptp = ptpFinalState(world.ptp.state);
    run.imports = await duplicateImports(world.canvas.state);
  } catch (error) {
    run.outcome = error instanceof TimeLimitReached ? 'timed out' : 'failed';
    run.error = error instanceof Error ? error.message : String(error);
    if (world) {
      // What it left behind, compared all the same: a night that did not finish may still have lost or doubled something.
      run.canvas = canvasFinalState(world.canvas.state);
      run.ptp = ptpFinalState(world.ptp.state);
      run.imports = await duplicateImports(world.canvas.state).catch(() => undefined);
      const logs = join(tmpdir(), 'sisbridge-chaos-logs');
      mkdirSync(logs, { recursive: true });
      for (const name of SERVICES) writeFileSync(join(logs, `${scenario.slug}-${name}.log`), world.system.output(name, 500));
      print(`  the last 500 lines of each process's output: ${join(logs, `${scenario.slug}-<process>.log`)}`);
    }
  } finally {
    clearTimeout(timer);
    over.abort();
    await settling;
    if (world)
      for (const system of ['sif', 'canvas', 'ptp'] as const)
        run.requests[system] = [...world.gates[system].counts.values()].reduce((sum, n) => sum + n, 0);
    run.crashes = world?.system.unexpectedExits.map((exit) => `${exit.name} exited (${exit.code ?? exit.signal})`) ?? [];
    await world
      ?.close()
      .catch((error: unknown) => print(`  (tearing the world down: ${error instanceof Error ? error.message : String(error)})`));
    run.wallMs = Date.now() - started;
  }
  return run;
}

class TimeLimitReached extends Error {
  constructor() {
    super('the scenario reached its time limit');
  }
}
