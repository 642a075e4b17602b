import { Injectable } from '@nestjs/common';
import { type CanvasClient, DistrictCanvasClients, sisRef } from '@sisbridge/canvas-client';
import { categoryIntegrationData, categorySisSourceId, type AssignmentGroupSyncResult, type TeacherCategories } from '@sisbridge/contracts';
import { withHeartbeats } from '@sisbridge/temporal';
import { CategoryGroupLinks } from './category-group-links';
import { planCourseGroups, type GroupAction } from './course-group-plan';

/**
 * Makes a teacher's PowerTeacher Pro categories into assignment groups in every Canvas course
 * that holds one of their sections this school year, course by course, and stores each link as
 * soon as the group exists (a retried activity finds groups it made by their `sis_source_id`).
 */
@Injectable()
export class AssignmentGroupSyncService {
  constructor(
    private readonly canvas: DistrictCanvasClients,
    private readonly links: CategoryGroupLinks,
  ) {}

  async sync(input: { districtId: string; categories: TeacherCategories }): Promise<AssignmentGroupSyncResult> {
    const { districtId, categories } = input;
    const client = this.canvas.forDistrict(districtId);
    const result: AssignmentGroupSyncResult = {
      courses: 0,
      created: 0,
      renamed: 0,
      relinked: 0,
      recreated: 0,
      unchanged: 0,
      inactive: 0,
      excluded: 0,
    };
    const teacherSections = new Set(categories.sectionSisIds);
    const courses = new Map<number, Set<string>>();
    for (const enrollment of await client.gradebook.teacherEnrollments(sisRef('user', categories.teacherSisId))) {
      // Only this year's sections: a course of a past year keeps the groups it had.
      if (!enrollment.sis_section_id || !teacherSections.has(enrollment.sis_section_id)) continue;
      const sections = courses.get(enrollment.course_id) ?? new Set<string>();
      sections.add(enrollment.sis_section_id);
      courses.set(enrollment.course_id, sections);
    }
    // Heartbeats on a timer: a course whose calls Canvas throttles must not look like a dead worker.
    await withHeartbeats(
      () => ({ courses: result.courses }),
      async () => {
        for (const [courseId, sections] of [...courses].sort(([a], [b]) => a - b)) {
          await this.syncCourse(client, districtId, categories, courseId, sections, result);
          result.courses++;
        }
      },
    );
    return result;
  }

  private async syncCourse(
    client: CanvasClient,
    districtId: string,
    categories: TeacherCategories,
    courseId: number,
    sections: Set<string>,
    result: AssignmentGroupSyncResult,
  ): Promise<void> {
    const [groups, links] = await Promise.all([client.gradebook.assignmentGroups(courseId), this.links.ofCourse(districtId, courseId)]);
    for (const action of planCourseGroups({ categories: categories.categories, teacherSections: sections, groups, links })) {
      const groupId = await this.apply(client, courseId, action);
      if (groupId !== undefined) {
        await this.links.save(districtId, courseId, categories.teacherSisId, {
          teacherCategoryId: action.category.teacherCategoryId,
          assignmentGroupId: groupId,
          ptpName: action.category.name,
        });
      }
      count(action, result);
    }
  }

  private async apply(client: CanvasClient, courseId: number, action: GroupAction): Promise<number | undefined> {
    switch (action.kind) {
      case 'skip':
        return undefined;
      case 'link':
        return action.groupId;
      case 'update':
        await client.gradebook.updateAssignmentGroup(courseId, action.groupId, action.fields);
        return action.groupId;
      case 'create': {
        const id = action.category.teacherCategoryId;
        const created = await client.gradebook.createAssignmentGroup(courseId, {
          name: action.category.name,
          sis_source_id: categorySisSourceId(id),
          integration_data: categoryIntegrationData(id),
        });
        return created.id;
      }
    }
  }
}

function count(action: GroupAction, result: AssignmentGroupSyncResult): void {
  if (action.kind === 'skip') result[action.reason]++;
  else if (action.kind === 'create') result[action.recreate ? 'recreated' : 'created']++;
  else if (action.kind === 'link') result[action.reason]++;
  else if (action.reason === 'renamed') result.renamed++;
  else if (action.reason === 'relinked') result.relinked++;
  else result.unchanged++;
}
