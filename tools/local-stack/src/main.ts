import { Command } from 'commander';
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
    .option('--sif-data <dir>', 'serve the district from a directory of SIF XML files (one object per file) instead of generating one')
    .parse(process.argv);
  const { once, sifData } = program.opts<{ once: boolean; sifData?: string }>();
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const nodeSource = process.env['SISBRIDGE_NODE_SOURCE'];
  print(`sisbridge: running on Node ${process.version}${nodeSource ? ` (${nodeSource})` : ''}`);

  let stack: LocalStack;
  try {
    stack = new LocalStack({ config: loadStackConfig(), once, sifData, print });
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

void main();
