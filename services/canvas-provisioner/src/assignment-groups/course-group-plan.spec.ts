import type { CategoryForCanvas } from '@sisbridge/contracts';
import { planCourseGroups, type ExistingGroup } from './course-group-plan';

const category = (id: number, name: string, extra: Partial<CategoryForCanvas> = {}): CategoryForCanvas => ({
  teacherCategoryId: id,
  name,
  active: true,
  displayPosition: id,
  excludedSectionSisIds: [],
  ...extra,
});
const group = (id: number, name: string, categoryId?: number): ExistingGroup => ({
  id,
  name,
  sis_source_id: categoryId === undefined ? null : `ptp-category-${categoryId}`,
  integration_data: categoryId === undefined ? {} : { ptp_teacher_category_id: String(categoryId) },
});
const sections = new Set(['SEC1', 'SEC2']);

describe('assignment groups of one course', () => {
  it('creates a group per active category, none for inactive ones or ones excluded from all the teacher’s sections', () => {
    const actions = planCourseGroups({
      categories: [
        category(1, 'Homework'),
        category(2, 'Labs', { active: false }),
        category(3, 'Quiz', { excludedSectionSisIds: ['SEC1', 'SEC2'] }),
        category(4, 'Test', { excludedSectionSisIds: ['SEC1'] }),
      ],
      teacherSections: sections,
      groups: [group(90, 'Assignments')],
      links: new Map(),
    });
    expect(actions.map((a) => [a.kind, a.category.teacherCategoryId, 'reason' in a ? a.reason : ''])).toEqual([
      ['create', 1, ''],
      ['skip', 2, 'inactive'],
      ['skip', 3, 'excluded'],
      ['create', 4, ''],
    ]);
  });

  it('renames the group when PTP renamed the category, and keeps a name the teacher gave it in Canvas', () => {
    const links = new Map([
      [1, { teacherCategoryId: 1, assignmentGroupId: 10, ptpName: 'Homework' }],
      [2, { teacherCategoryId: 2, assignmentGroupId: 20, ptpName: 'Quiz' }],
    ]);
    const actions = planCourseGroups({
      categories: [category(1, 'Home Practice'), category(2, 'Quiz')],
      teacherSections: sections,
      groups: [group(10, 'Homework', 1), group(20, 'Quizzes (weekly)', 2)],
      links,
    });
    expect(actions).toEqual([
      { kind: 'update', category: category(1, 'Home Practice'), groupId: 10, fields: { name: 'Home Practice' }, reason: 'renamed' },
      { kind: 'link', category: category(2, 'Quiz'), groupId: 20, reason: 'unchanged' },
    ]);
  });

  it('links by id, never by name: a re-run finds its groups by sis_source_id and duplicates nothing', () => {
    const actions = planCourseGroups({
      categories: [category(1, 'Homework'), category(2, 'Quiz')],
      teacherSections: sections,
      // A group the teacher made by hand with the same name is not ours; ours is found by sis_source_id.
      groups: [group(5, 'Homework'), group(6, 'Quiz', 2)],
      links: new Map(),
    });
    expect(actions.map((a) => [a.kind, 'groupId' in a ? a.groupId : undefined])).toEqual([
      ['create', undefined],
      ['link', 6],
    ]);
  });

  it('makes a group again when the linked one was deleted in Canvas, and repairs a cleared sis_source_id', () => {
    const links = new Map([
      [1, { teacherCategoryId: 1, assignmentGroupId: 10, ptpName: 'Homework' }],
      [2, { teacherCategoryId: 2, assignmentGroupId: 20, ptpName: 'Quiz' }],
    ]);
    const actions = planCourseGroups({
      categories: [category(1, 'Homework'), category(2, 'Quiz')],
      teacherSections: sections,
      groups: [{ id: 20, name: 'Quiz', sis_source_id: null, integration_data: {} }],
      links,
    });
    expect(actions).toEqual([
      { kind: 'create', category: category(1, 'Homework'), recreate: true },
      {
        kind: 'update',
        category: category(2, 'Quiz'),
        groupId: 20,
        fields: { sis_source_id: 'ptp-category-2', integration_data: { ptp_teacher_category_id: '2' } },
        reason: 'repaired',
      },
    ]);
  });
});
