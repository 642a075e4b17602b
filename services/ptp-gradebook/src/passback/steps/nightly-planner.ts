import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { DistrictCanvasClients } from '@sisbridge/canvas-client';
import type { NightlyPassbackPlan, NightlyPassbackTeacher } from '@sisbridge/contracts';
import { DistrictRegistry } from '@sisbridge/district-config';
import { NightlyPlans } from '../stores/nightly-plans';

/**
 * The night's plan of a nightly passback: which courses are set to `nightly_sync` and who teaches
 * them, read from Canvas and stored, so the workflow can read it a page at a time.
 */
@Injectable()
export class NightlyPlanner {
  constructor(
    private readonly districts: DistrictRegistry,
    private readonly canvas: DistrictCanvasClients,
    private readonly plans: NightlyPlans,
  ) {}

  async plan(districtId: string, planId: string): Promise<NightlyPassbackPlan> {
    // A retry after the plan was stored returns it as it was: the night's list does not change under the workflow.
    const stored = await this.plans.find(planId);
    if (stored) return stored;

    const district = this.districts.get(districtId);
    const canvas = this.canvas.forDistrict(districtId);
    const byTeacher = new Map<string, Set<string>>();
    const skipped = { coursesWithoutSisId: 0, coursesWithoutTeacher: 0, teachersWithoutSisId: 0, coTeachers: 0 };
    let courses = 0;
    let read = 0;
    for await (const course of canvas.passbackCourses.coursesWithPassbackSetting(district.canvas.rootAccountId, 'nightly_sync')) {
      Context.current().heartbeat({ coursesRead: ++read });
      if (!course.sis_course_id) {
        skipped.coursesWithoutSisId++;
        continue;
      }
      const teachers = new Set<string>();
      for (const enrollment of await canvas.passbackCourses.teacherEnrollments(course.id)) {
        if (enrollment.sis_user_id) teachers.add(enrollment.sis_user_id);
        else skipped.teachersWithoutSisId++;
      }
      // A co-taught course goes back once a night, under its first teacher by SIS id: two teachers'
      // passbacks of one course would write the same sections' scores twice, possibly at once.
      const [teacher, ...coTeachers] = [...teachers].sort();
      if (teacher === undefined) {
        skipped.coursesWithoutTeacher++;
        continue;
      }
      skipped.coTeachers += coTeachers.length;
      courses++;
      const set = byTeacher.get(teacher) ?? new Set<string>();
      set.add(course.sis_course_id);
      byTeacher.set(teacher, set);
    }
    const teachers: NightlyPassbackTeacher[] = [...byTeacher.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([teacherSisId, courseSisIds]) => ({ teacherSisId, courseSisIds: [...courseSisIds].sort() }));
    const plan: NightlyPassbackPlan = {
      planId,
      teachers: teachers.length,
      courses,
      maxConcurrentTeachers: district.schedules.passback.maxConcurrentTeachers,
      skipped,
    };
    await this.plans.save(districtId, plan, teachers);
    return plan;
  }
}
