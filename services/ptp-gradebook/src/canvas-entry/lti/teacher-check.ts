import { Injectable } from '@nestjs/common';
import { CanvasLookupError, CanvasLookups } from '../../canvas/canvas-lookups';
import { LaunchRefusal } from './launch-refusal';
import { INSTRUCTOR_ROLE, readableRoles, type LaunchIdentity } from './lti-claims';

export interface ConfirmedTeacher {
  teacherSisId: string;
  courseSisId: string;
}

const NOTHING_STARTED = 'Nothing was started.';

/**
 * Only a teacher of the course may start its passback. The launch's roles must include the
 * course's Instructor role (a student's launch stops here, before any call to Canvas); then
 * Canvas itself must list the user as a teacher of that course: Canvas gives the Instructor role
 * to TAs and custom roles too, and only a TeacherEnrollment is a teacher in PowerTeacher Pro's sense.
 */
@Injectable()
export class TeacherCheck {
  constructor(private readonly canvas: CanvasLookups) {}

  async confirm(districtId: string, identity: LaunchIdentity): Promise<ConfirmedTeacher> {
    if (!identity.roles.includes(INSTRUCTOR_ROLE)) {
      throw new LaunchRefusal(
        'not-instructor',
        `Only a teacher of this course can sync its grades to PowerTeacher Pro, and Canvas did not launch this for you as one. ${NOTHING_STARTED}`,
        { roles: readableRoles(identity) },
      );
    }
    const { userSisId, courseSisId } = identity;
    if (!userSisId) {
      throw new LaunchRefusal(
        'no-user-sis-id',
        `Your Canvas account has no SIS id, so sisbridge cannot find you in PowerSchool: only teachers provisioned from PowerSchool can sync grades. Ask your Canvas administrator. ${NOTHING_STARTED}`,
      );
    }
    if (!courseSisId) {
      throw new LaunchRefusal(
        'no-course-sis-id',
        `This course did not come from PowerSchool (it has no SIS id), so its grades have no gradebook to go to in PowerTeacher Pro. ${NOTHING_STARTED}`,
      );
    }
    const course = identity.canvasCourseId ?? `sis_course_id:${courseSisId}`;
    const user = identity.canvasUserId ?? `sis_user_id:${userSisId}`;
    let enrollments;
    try {
      enrollments = await this.canvas.teacherEnrollments(districtId, course, user);
    } catch (error) {
      if (error instanceof CanvasLookupError && error.kind === 'not-found') {
        throw new LaunchRefusal(
          'not-teacher-of-course',
          `Canvas does not know this course any more, so sisbridge cannot check that you teach it. ${NOTHING_STARTED}`,
        );
      }
      if (error instanceof CanvasLookupError) {
        throw new LaunchRefusal(
          'canvas-unavailable',
          `sisbridge could not ask Canvas whether you teach this course; try again in a minute. ${NOTHING_STARTED}`,
        );
      }
      throw error;
    }
    const teaching = enrollments.filter((enrollment) => !enrollment.sis_user_id || enrollment.sis_user_id === userSisId);
    if (teaching.length === 0) {
      throw new LaunchRefusal(
        'not-teacher-of-course',
        `Canvas does not list you as a teacher of this course; only its teachers can sync its grades. ${NOTHING_STARTED}`,
        { roles: readableRoles(identity) },
      );
    }
    return { teacherSisId: userSisId, courseSisId };
  }
}
