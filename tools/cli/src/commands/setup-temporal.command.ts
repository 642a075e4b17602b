import type { Command } from 'commander';
import { ALL_SEARCH_ATTRIBUTES } from '@sisbridge/contracts';
import { connectClient, ensureSearchAttributes, temporalConfigSchema } from '@sisbridge/temporal';
import { loadConfig } from '@sisbridge/config';
import type { CliOutput } from '../cli-output';

/**
 * `sisbridge setup-temporal`: registers sisbridge's search attributes on the namespace, so that
 * operators can filter runs by district, school, teacher and term. Idempotent: the Kubernetes
 * setup Job runs it on every install and upgrade.
 */
export function registerSetupTemporalCommand(program: Command, output: CliOutput): void {
  program
    .command('setup-temporal')
    .description('Register the search attributes sisbridge uses (idempotent; run on every deploy)')
    .option('--json', 'print one JSON summary', false)
    .action(async (options: { json: boolean }) => {
      const config = loadConfig('sisbridge setup-temporal', temporalConfigSchema);
      const client = await connectClient(config);
      try {
        const result = await ensureSearchAttributes(client.connection, config.TEMPORAL_NAMESPACE, ALL_SEARCH_ATTRIBUTES);
        if (options.json) output.json({ namespace: config.TEMPORAL_NAMESPACE, ...result });
        else
          output.line(
            `namespace ${config.TEMPORAL_NAMESPACE}: added ${result.added.length ? result.added.join(', ') : 'nothing'}; already present: ${result.present.length}`,
          );
      } finally {
        await client.connection.close();
      }
    });
}
