import { categoryIntegrationData, categorySisSourceId, teacherCategoryIdOf, type CategoryForCanvas } from '@sisbridge/contracts';
import type { CategoryGroupLink } from './category-group-links';

/** An assignment group of the course, as Canvas lists it. */
export interface ExistingGroup {
  id: number;
  name: string;
  sis_source_id?: string | null;
  integration_data?: Record<string, unknown> | null;
}

export type GroupAction =
  | { kind: 'create'; category: CategoryForCanvas; recreate: boolean }
  | {
      kind: 'update';
      category: CategoryForCanvas;
      groupId: number;
      fields: { name?: string; sis_source_id?: string; integration_data?: Record<string, string> };
      reason: 'renamed' | 'relinked' | 'repaired';
    }
  | { kind: 'link'; category: CategoryForCanvas; groupId: number; reason: 'relinked' | 'unchanged' }
  | { kind: 'skip'; category: CategoryForCanvas; reason: 'inactive' | 'excluded' };

/**
 * What to do in one course so that every active category the teacher may use in it has exactly
 * one group, found by id: the stored link first, then the group's `sis_source_id` /
 * `integration_data`. Never by name, and never a second group for a category.
 * - A category renamed in PTP (its name differs from the one stored with the link) renames the
 *   group; a group renamed in Canvas keeps its name.
 * - Inactive categories get no group; excluded ones neither, where they are excluded from every one
 *   of the teacher's sections in the course. An existing group is never deleted (that would delete
 *   its assignments): passback reports its assignments instead.
 */
export function planCourseGroups(input: {
  categories: readonly CategoryForCanvas[];
  /** The teacher's sections in this course (Canvas section SIS ids). */
  teacherSections: ReadonlySet<string>;
  groups: readonly ExistingGroup[];
  links: ReadonlyMap<number, CategoryGroupLink>;
}): GroupAction[] {
  const byId = new Map(input.groups.map((group) => [group.id, group]));
  const byCategory = new Map<number, ExistingGroup>();
  for (const group of input.groups) {
    const id = teacherCategoryIdOf(group);
    if (id !== undefined && !byCategory.has(id)) byCategory.set(id, group);
  }
  const actions: GroupAction[] = [];
  for (const category of [...input.categories].sort(
    (a, b) => a.displayPosition - b.displayPosition || a.teacherCategoryId - b.teacherCategoryId,
  )) {
    if (!category.active) {
      actions.push({ kind: 'skip', category, reason: 'inactive' });
      continue;
    }
    if (input.teacherSections.size > 0 && [...input.teacherSections].every((section) => category.excludedSectionSisIds.includes(section))) {
      actions.push({ kind: 'skip', category, reason: 'excluded' });
      continue;
    }
    const link = input.links.get(category.teacherCategoryId);
    const linked = link ? byId.get(link.assignmentGroupId) : undefined;
    if (linked) {
      const fields: { name?: string; sis_source_id?: string; integration_data?: Record<string, string> } = {};
      // Renamed in PTP since the last sync (and not already renamed the same way in Canvas).
      if (link && link.ptpName !== category.name && linked.name !== category.name) fields.name = category.name;
      if (
        teacherCategoryIdOf(linked) !== category.teacherCategoryId ||
        linked.sis_source_id !== categorySisSourceId(category.teacherCategoryId)
      ) {
        fields.sis_source_id = categorySisSourceId(category.teacherCategoryId);
        fields.integration_data = categoryIntegrationData(category.teacherCategoryId);
      }
      if (Object.keys(fields).length === 0) actions.push({ kind: 'link', category, groupId: linked.id, reason: 'unchanged' });
      else
        actions.push({ kind: 'update', category, groupId: linked.id, fields, reason: fields.name !== undefined ? 'renamed' : 'repaired' });
      continue;
    }
    const found = byCategory.get(category.teacherCategoryId);
    if (found) {
      // Made earlier (by a run that stopped before storing the link, or before links were kept):
      // adopt it as it is; its name may be the teacher's.
      if (found.sis_source_id !== categorySisSourceId(category.teacherCategoryId)) {
        actions.push({
          kind: 'update',
          category,
          groupId: found.id,
          fields: {
            sis_source_id: categorySisSourceId(category.teacherCategoryId),
            integration_data: categoryIntegrationData(category.teacherCategoryId),
          },
          reason: 'relinked',
        });
      } else {
        actions.push({ kind: 'link', category, groupId: found.id, reason: 'relinked' });
      }
      continue;
    }
    actions.push({ kind: 'create', category, recreate: link !== undefined });
  }
  return actions;
}
