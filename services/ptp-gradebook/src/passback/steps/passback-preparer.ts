import { Injectable } from '@nestjs/common';
import { CanvasApiError, DistrictCanvasClients, type SisAssignment, sisRef } from '@sisbridge/canvas-client';
import type { PassbackReport, PreparedPassback, PreparePassbackInput, UnreadCourse, UnreadCourseRule } from '@sisbridge/contracts';
import { DistrictRegistry } from '@sisbridge/district-config';
import { PtpClients } from '../../ptp/ptp-clients';
import { TeacherRosters } from '../../teacher-rosters/teacher-rosters';
import { PassbackRefusal } from '../passback-refusal';
import { buildPassbackPlan } from '../plan/passback-plan';
import { unreadCourse } from '../plan/unread-courses';
import { PassbackPlanStore } from '../stores/passback-plan-store';
import { PassbackRunStore } from '../stores/passback-run-store';

/**
 * The first step of a passback: reads the teacher's post_to_sis assignments from Canvas's SIS
 * Integration API, the roster (section and teacher DCIDs, terms) and the teacher's PTP categories;
 * validates every assignment; stores the plan and the report. A course Canvas has no grades for
 * (unpublished, no SIS integration), or a teacher Canvas lists in none of their courses, is in
 * the report as an unread course with its fix. Nothing is sent anywhere yet, so a retry simply
 * does it again.
 */
@Injectable()
export class PassbackPreparer {
  constructor(
    private readonly districts: DistrictRegistry,
    private readonly canvas: DistrictCanvasClients,
    private readonly ptp: PtpClients,
    private readonly rosters: TeacherRosters,
    private readonly runs: PassbackRunStore,
    private readonly plans: PassbackPlanStore,
  ) {}

  async prepare(input: PreparePassbackInput): Promise<PreparedPassback> {
    await this.runs.begin(input);
    const district = this.districts.get(input.districtId);
    const { client: ptp, settings } = this.ptp.forDistrict(input.districtId);
    const roster = await this.rosters.forTeacher(input.districtId, input.teacherSisId);
    const canvas = this.canvas.forDistrict(input.districtId);

    // The teacher's Canvas courses of this year: those holding one of their PowerSchool sections.
    const teacherSections = new Set(roster.sections.map((section) => section.sisId));
    const enrollments = await canvas.gradebook.teacherEnrollments(sisRef('user', input.teacherSisId));
    const courseIds = new Set<number>();
    const sisIdOf = new Map<number, string | undefined>();
    for (const enrollment of enrollments) {
      if (input.courseSisId !== undefined && enrollment.sis_course_id !== input.courseSisId) continue;
      if (input.courseSisId !== undefined || (enrollment.sis_section_id && teacherSections.has(enrollment.sis_section_id))) {
        courseIds.add(enrollment.course_id);
        sisIdOf.set(enrollment.course_id, enrollment.sis_course_id ?? undefined);
      }
    }
    if (input.courseSisId !== undefined && courseIds.size === 0) {
      throw new PassbackRefusal('TeacherNotFound', `teacher ${input.teacherSisId} does not teach course ${input.courseSisId} in Canvas`);
    }

    // What was not read is a problem with its fix, never an empty success.
    const unreadCourses: UnreadCourse[] = [];
    if (input.courseSisId === undefined && courseIds.size === 0 && roster.sections.length > 0)
      unreadCourses.push(unreadCourse('no-canvas-courses', {}));
    const courses: Array<{ canvasCourseId: number; assignments: SisAssignment[] }> = [];
    for (const courseId of [...courseIds].sort((a, b) => a - b)) {
      try {
        courses.push({ canvasCourseId: courseId, assignments: await canvas.gradebook.sisAssignments(courseId) });
      } catch (error) {
        const rule = error instanceof CanvasApiError && error.status === 400 ? UNREADABLE.get(error.code ?? '') : undefined;
        if (!rule) throw error;
        unreadCourses.push(unreadCourse(rule, { canvasCourseId: courseId, courseSisId: sisIdOf.get(courseId) }));
      }
    }
    const sectionSisIds = courses.flatMap((course) =>
      course.assignments.flatMap((assignment) =>
        assignment.sections.map((section) => section.sis_id).filter((id): id is string => Boolean(id)),
      ),
    );
    const [sections, categories] = await Promise.all([
      this.rosters.sectionViews(roster.snapshotId, sectionSisIds),
      courses.some((course) => course.assignments.length > 0) ? ptp.categories.list(roster.usersDcid, roster.yearId) : Promise.resolve([]),
    ]);
    const plan = buildPassbackPlan({
      teacherSisId: input.teacherSisId,
      timeZone: district.timeZone,
      maxNameLength: settings.maxAssignmentNameLength,
      yearId: roster.yearId,
      courses,
      sections,
      categories: new Map(categories.map((category) => [category.teacherCategoryId, category])),
    });
    const valid = plan.validations.filter((validation) => validation.valid).length;
    const report: PassbackReport = {
      districtId: input.districtId,
      teacherSisId: input.teacherSisId,
      ...(input.courseSisId ? { courseSisId: input.courseSisId } : {}),
      assignments: plan.validations,
      valid,
      invalid: plan.validations.length - valid,
      ...(unreadCourses.length > 0 ? { unreadCourses } : {}),
    };
    await this.plans.save(input.runId, {
      usersDcid: roster.usersDcid,
      yearId: roster.yearId,
      snapshotId: roster.snapshotId,
      report,
      sections: plan.sections,
      rosterSections: plan.rosterSections,
    });
    return { report, usersDcid: roster.usersDcid, schoolSisIds: roster.schoolSisIds, sectionsToSync: plan.sections.length };
  }
}

/** Canvas's answers of the SIS Integration API that mean "no grades to read here" (canvas.md §3.1). */
const UNREADABLE = new Map<string, UnreadCourseRule>([
  ['unpublished_course', 'course-unpublished'],
  ['not_enabled', 'grade-export-off'],
]);
