import { Command } from 'commander';
import { ConfigError } from '@sisbridge/config';
import { CliContext } from './cli-context';
import { processOutput } from './cli-output';
import { registerSetupTemporalCommand } from './commands/setup-temporal.command';
import { registerEventsCommand } from './intraday/events.command';
import { registerPassbackCommands } from './passback/passback-commands';
import { registerGuardDecisionCommands } from './provisioning/guard-decision.command';
import { registerProvisionCommand } from './provisioning/provision.command';
import { registerRunsCommand } from './provisioning/runs.command';
import { registerScheduleCommands } from './schedules/schedules.command';

/**
 * `npx sisbridge <command>`: the operator's runbook as commands. Each command reads the same
 * environment as the services (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, DISTRICTS_FILE, …).
 */
async function main(): Promise<void> {
  let context: CliContext | undefined;
  const lazyContext = () => (context ??= new CliContext());
  const program = new Command()
    .name('sisbridge')
    .description('Operate sisbridge: provisioning runs, guard decisions, schedules, passback.');
  registerSetupTemporalCommand(program, processOutput);
  registerProvisionCommand(program, lazyContext, processOutput);
  registerRunsCommand(program, lazyContext, processOutput);
  registerEventsCommand(program, lazyContext, processOutput);
  registerGuardDecisionCommands(program, lazyContext, processOutput);
  registerScheduleCommands(program, lazyContext, processOutput);
  registerPassbackCommands(program, lazyContext, processOutput);
  try {
    await program.parseAsync(process.argv);
  } finally {
    await context?.close();
  }
}

main().catch((error: unknown) => {
  processOutput.error(
    error instanceof ConfigError ? error.message : `sisbridge: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
