import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '@sisbridge/config';
import { LocalStack, StackStartError } from './local-stack';
import { loadStackConfig } from './stack-config';

/**
 * `npm start [-- --once]`: the local stack on the embedded defaults. Exit codes: 0 when it ran
 * (and, with --once, the first workflow completed); 1 when something failed, which is named.
 */
async function main(): Promise<void> {
  const program = new Command()
    .name('npm start --')
    .description(
      'Run sisbridge locally: Temporal dev server, Postgres, the simulators of PowerSchool and Canvas, the three services and the workflow worker, then provision the sandbox district.',
    )
    .option('--once', 'exit 0 once the first provisioning has completed (for CI and smoke tests)', false)
    .option('--sif-data <dir>', 'serve the district from a directory of SIF XML files (e.g. a real export) instead of generating one')
    .option(
      '--districts <file>',
      'run with this districts file (YAML or JSON; default DISTRICTS_FILE, else the sandbox district): the simulators stand in wherever a district names no system of its own',
    )
    .option(
      '--replicas <n>',
      'run each service and the workflow worker as n processes (ports +10 each), all polling the same task queues',
      replicas,
      1,
    )
    .option(
      '--keep-state',
      "keep sisbridge's Postgres schemas and Temporal's history from the last start (by default both start empty, as the simulators do)",
      false,
    )
    .parse(process.argv);
  const options = program.opts<{ once: boolean; sifData?: string; districts?: string; keepState: boolean; replicas: number }>();
  // npm runs scripts in the repository's root: paths are the caller's, relative to where npm was run.
  const callerDir = process.env['INIT_CWD'] ?? process.cwd();
  const sifData = options.sifData === undefined ? undefined : resolve(callerDir, options.sifData);
  const districtsFile = options.districts === undefined ? undefined : resolve(callerDir, options.districts);
  const once = options.once;
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const nodeSource = process.env['SISBRIDGE_NODE_SOURCE'];
  print(`sisbridge: running on Node ${process.version}${nodeSource ? ` (${nodeSource})` : ''}`);

  let stack: LocalStack;
  try {
    stack = new LocalStack({
      config: loadStackConfig(),
      once,
      sifData,
      districtsFile,
      keepState: options.keepState,
      replicas: options.replicas,
      print,
    });
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(78);
  }

  let interrupted = false;
  const interrupt = () => {
    if (interrupted) return;
    interrupted = true;
    print('Stopping…');
    void stack.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  try {
    await stack.start();
  } catch (error) {
    const reason = error instanceof StackStartError ? error.message : String(error);
    process.stderr.write(`sisbridge local stack failed to start: ${reason}\n`);
    await stack.stop();
    process.exit(1);
  }
  if (once) {
    await stack.stop();
    print('Stopped (--once).');
    process.exit(0);
  }
  const broken = await stack.firstUnexpectedExit();
  if (!interrupted) {
    process.stderr.write(`sisbridge local stack: ${broken}\n`);
    await stack.stop();
    process.exit(1);
  }
}

function replicas(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 8) throw new InvalidArgumentError('must be a whole number from 1 to 8');
  return count;
}

void main();
