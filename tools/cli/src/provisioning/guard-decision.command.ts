import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { approveGuardSignal, rejectGuardSignal } from '@sisbridge/contracts';
import type { CliContext } from '../cli-context';
import type { CliOutput } from '../cli-output';

/**
 * `sisbridge approve RUN` / `sisbridge reject RUN`: the operator's answer to a run the delete
 * guard stopped. RUN is the workflow id (`provision-springfield-…`), as `sisbridge runs` lists it.
 */
export function registerGuardDecisionCommands(program: Command, context: () => CliContext, output: CliOutput): void {
  for (const [name, signal, verb] of [
    ['approve', approveGuardSignal, 'approved'],
    ['reject', rejectGuardSignal, 'rejected'],
  ] as const) {
    program
      .command(`${name} <run>`)
      .description(
        name === 'approve' ? 'Let a run stopped by the delete guard go on' : 'Stop a run the delete guard held; Canvas is left as it was',
      )
      .option('--reason <text>', 'why (recorded with the run)')
      .option('--by <name>', 'who decides (default: your user name)', userInfo().username)
      .action(async (run: string, options: { reason?: string; by: string }) => {
        const client = await context().temporal();
        const handle = client.workflow.getHandle(run);
        const description = await handle.describe();
        if (description.status.name !== 'RUNNING')
          throw new Error(`${run} is ${description.status.name.toLowerCase()}, not waiting for a decision`);
        await handle.signal(signal, { by: options.by, reason: options.reason });
        output.line(`${run}: ${verb} by ${options.by}`);
      });
  }
}
