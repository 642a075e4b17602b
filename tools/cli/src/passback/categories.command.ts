import type { Command } from 'commander';
import {
  categoriesWorkflowId,
  SearchAttributes,
  SYNC_CATEGORIES_WORKFLOW,
  TaskQueues,
  type SyncCategoriesWorkflow,
} from '@sisbridge/contracts';
import { TypedSearchAttributes } from '@temporalio/common';
import type { CliContext } from '../cli-context';
import type { CliOutput } from '../cli-output';
import { resolveTeacher } from './resolve-teacher';

/** `sisbridge categories --teacher T`: a teacher's PowerTeacher Pro categories → Canvas assignment groups, now. */
export function registerCategoriesCommand(program: Command, context: () => CliContext, output: CliOutput): void {
  program
    .command('categories')
    .description('Make a teacher’s PowerTeacher Pro categories into assignment groups in their Canvas courses, now')
    .requiredOption('--teacher <teacher>', 'the teacher: PowerSchool DCID, SIS id or Canvas user id (dcid:, sis:, canvas: to say which)')
    .option('--district <id>', 'the district (default: the only one configured)')
    .option('--json', 'print the result as JSON', false)
    .action(async (options: { teacher: string; district?: string; json: boolean }) => {
      const ctx = context();
      const districtId = ctx.district(options.district);
      const client = await ctx.temporal();
      const teacher = await resolveTeacher(client, districtId, options.teacher);
      const handle = await client.workflow.start<SyncCategoriesWorkflow>(SYNC_CATEGORIES_WORKFLOW, {
        taskQueue: TaskQueues.orchestration,
        workflowId: categoriesWorkflowId(districtId, teacher.teacherSisId),
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [{ districtId, teacherSisId: teacher.teacherSisId, trigger: 'cli' }],
        staticSummary: `Categories → assignment groups of teacher ${teacher.teacherSisId} (${districtId}), by an operator`,
        typedSearchAttributes: new TypedSearchAttributes([
          { key: SearchAttributes.district, value: districtId },
          { key: SearchAttributes.teacher, value: teacher.teacherSisId },
          { key: SearchAttributes.runKind, value: 'categories' },
        ]),
      });
      const result = await handle.result();
      if (options.json) {
        output.json({ workflowId: handle.workflowId, ...result });
        return;
      }
      output.line(`${handle.workflowId}: ${result.categories} categories (${result.activeCategories} active) in ${result.courses} courses`);
      output.line(
        `  groups: ${result.created} created, ${result.renamed} renamed, ${result.relinked} relinked, ${result.recreated} recreated, ${result.unchanged} unchanged`,
      );
      output.line(`  not made: ${result.inactive} inactive, ${result.excluded} excluded from every section of a course`);
    });
}
