import { Command } from 'commander';
import { ConfigError } from '@sisbridge/config';
import { processOutput } from './cli-output';
import { registerSetupTemporalCommand } from './commands/setup-temporal.command';

/**
 * `npx sisbridge <command>`: the operator's runbook as commands. Each command reads the same
 * environment as the services (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, DATABASE_URL, …).
 */
async function main(): Promise<void> {
  const program = new Command().name('sisbridge').description('Operate sisbridge: provisioning runs, passback, schedules.');
  registerSetupTemporalCommand(program, processOutput);
  await program.parseAsync(process.argv);
}

main().catch((error: unknown) => {
  processOutput.error(error instanceof ConfigError ? error.message : `sisbridge: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
