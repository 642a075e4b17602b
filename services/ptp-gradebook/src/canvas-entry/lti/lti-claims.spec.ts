import { Claims, INSTRUCTOR_ROLE, launchIdentity, readableRoles } from './lti-claims';

describe('the identity in a launch', () => {
  const base = {
    [Claims.roles]: [INSTRUCTOR_ROLE, 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor'],
    [Claims.placement]: 'post_grades',
    [Claims.context]: { id: 'opaque', title: 'Biology 1' },
  };

  it('takes the ids from the custom fields Canvas expanded', () => {
    const identity = launchIdentity({
      ...base,
      [Claims.custom]: {
        canvas_course_id: 12,
        canvas_course_sis_id: 'CRS1',
        canvas_user_id: '34',
        canvas_user_sis_id: 'T4711',
        canvas_membership_roles: 'TeacherEnrollment,TaEnrollment',
      },
    });
    expect(identity).toEqual({
      canvasCourseId: '12',
      courseSisId: 'CRS1',
      canvasUserId: '34',
      userSisId: 'T4711',
      roles: base[Claims.roles],
      canvasRoles: ['TeacherEnrollment', 'TaEnrollment'],
      placement: 'post_grades',
      courseTitle: 'Biology 1',
    });
  });

  it('counts a variable Canvas could not expand as absent, and falls back to the lis claim', () => {
    const identity = launchIdentity({
      ...base,
      [Claims.custom]: {
        canvas_user_sis_id: '$Canvas.user.sisSourceId',
        canvas_course_sis_id: '$Canvas.course.sisSourceId',
        canvas_user_id: ' ',
      },
      [Claims.lis]: { person_sourcedid: 'T4711', course_offering_sourcedid: 'CRS1' },
    });
    expect(identity).toMatchObject({ userSisId: 'T4711', courseSisId: 'CRS1', canvasUserId: undefined, canvasRoles: [] });
    expect(launchIdentity({ [Claims.custom]: { canvas_user_sis_id: '$Canvas.user.sisSourceId' } }).userSisId).toBeUndefined();
  });

  it('ignores claims of the wrong shape instead of trusting them', () => {
    const identity = launchIdentity({ [Claims.roles]: 'Instructor', [Claims.custom]: ['x'], [Claims.lis]: 'T1' });
    expect(identity).toEqual({
      roles: [],
      canvasRoles: [],
      canvasCourseId: undefined,
      courseSisId: undefined,
      canvasUserId: undefined,
      userSisId: undefined,
      placement: undefined,
      courseTitle: undefined,
    });
  });

  it('names the roles as a teacher would', () => {
    expect(readableRoles(launchIdentity({ [Claims.custom]: { canvas_membership_roles: 'StudentEnrollment' } }))).toBe('StudentEnrollment');
    expect(readableRoles(launchIdentity({ [Claims.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'] }))).toBe(
      'Learner',
    );
    expect(readableRoles(launchIdentity({}))).toBe('no role in this course');
  });
});
