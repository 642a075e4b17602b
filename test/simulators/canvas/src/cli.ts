#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { describeFaultSpec, parseFaultSpec } from '@sisbridge/sim-common';
import { DEFAULT_CANVAS_TOKEN, startCanvasSimulator } from './canvas-simulator';
import { seedGradebook } from './seed/seed-gradebook';
import { parseThrottleFlag } from './throttle-flag';

/** `npm run sim:canvas -- --port 4100`: a simulated Canvas until Ctrl-C. */
async function main(argv: string[]): Promise<void> {
  const program = new Command('sim:canvas')
    .description('A simulated Canvas LMS (REST, SIS Imports, SIS Integration API, throttling) on 127.0.0.1.')
    .option('--port <port>', 'port to listen on (0 = any free port)', integer, 4100)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--token <token>', 'the API token clients must send', DEFAULT_CANVAS_TOKEN)
    .option('--root-account-id <id>', 'id of the root account', integer, 1)
    .option('--processing-time <ms>', 'how long a SIS import takes to finish', integer, 2000)
    .option('--throttle <settings>', 'leaky bucket: hwm=600,max=800,outflow=10,upfront=50,cost=1, or "off"')
    .option('--faults <spec>', 'injected faults, e.g. latency=50ms,5xx=0.05,drop=0.01,seed=7')
    .option('--no-post-grades', 'answer /api/sis/... with not_enabled, as Canvas without a grade-export tool does')
    .option('--seed-gradebook', 'import a demo course and seed a teacher gradebook at start-up')
    .option('--seed <n>', 'seed for --seed-gradebook', integer, 1)
    .parse(argv);
  const options = program.opts<{
    port: number;
    host: string;
    token: string;
    rootAccountId: number;
    processingTime: number;
    throttle?: string;
    faults?: string;
    postGrades: boolean;
    seedGradebook?: boolean;
    seed: number;
  }>();
  const faults = parseFaultSpec(options.faults);
  const simulator = await startCanvasSimulator({
    port: options.port,
    host: options.host,
    token: options.token,
    rootAccountId: options.rootAccountId,
    processingTimeMs: options.processingTime,
    throttle: parseThrottleFlag(options.throttle),
    faults,
    postGradesEnabled: options.postGrades,
  });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`Canvas simulator ready at ${simulator.url}`);
  print(`  token:        ${simulator.token}   (Authorization: Bearer ${simulator.token})`);
  print(`  root account: ${simulator.rootAccountId}`);
  print(`  faults:       ${describeFaultSpec(faults)}`);
  print(`  state:        ${simulator.url}/__admin/state`);
  if (options.seedGradebook) {
    const seeded = await seedGradebook({ url: simulator.url, token: simulator.token, seed: options.seed });
    print(`  gradebook:    course ${seeded.courseId} (${seeded.sisCourseId ?? 'no SIS id'}), ${seeded.assignments.length} assignments`);
  }
  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function integer(value: string): number {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isInteger(parsed) || parsed < 0 || String(parsed) !== value.trim()) throw new InvalidArgumentError('must be a whole number');
  return parsed;
}

main(process.argv).catch((error: unknown) => {
  process.stderr.write(`sim:canvas: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
