import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import type { CliOutput } from '../cli-output';
import { registerCategoriesCommand } from './categories.command';
import { registerPassbackCommand } from './passback.command';
import { registerReportCommand } from './report.command';

/** The grade passback runbook: `categories`, `passback`, `report`. */
export function registerPassbackCommands(program: Command, context: () => CliContext, output: CliOutput): void {
  registerCategoriesCommand(program, context, output);
  registerPassbackCommand(program, context, output);
  registerReportCommand(program, context, output);
}
