import type { JWTPayload } from 'jose';

/** The LTI 1.3 claims the tool reads (IMS LTI Core 1.3; Canvas additions, canvas.md §7.3). */
export const Claims = {
  messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
  version: 'https://purl.imsglobal.org/spec/lti/claim/version',
  deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
  targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
  roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
  context: 'https://purl.imsglobal.org/spec/lti/claim/context',
  custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
  lis: 'https://purl.imsglobal.org/spec/lti/claim/lis',
  placement: 'https://www.instructure.com/placement',
} as const;

/** The context role of a course's teacher (Canvas also sends it to TAs, and the institution role `…/institution/person#Instructor` to anyone who teaches anywhere). */
export const INSTRUCTOR_ROLE = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';

/**
 * The custom fields the tool configuration asks Canvas to expand (tool-configuration.ts). Canvas
 * sends a variable it cannot expand as its own name (`$Canvas.user.sisSourceId`), so such values
 * count as absent.
 */
export const CustomFields = {
  canvasCourseId: { name: 'canvas_course_id', variable: '$Canvas.course.id' },
  courseSisId: { name: 'canvas_course_sis_id', variable: '$Canvas.course.sisSourceId' },
  canvasUserId: { name: 'canvas_user_id', variable: '$Canvas.user.id' },
  userSisId: { name: 'canvas_user_sis_id', variable: '$Canvas.user.sisSourceId' },
  membershipRoles: { name: 'canvas_membership_roles', variable: '$Canvas.membership.roles' },
} as const;

/** Who launched, from where: what the launch claims say once the token is verified. */
export interface LaunchIdentity {
  canvasUserId?: string;
  /** The user's SIS id (custom field, else the `lis` claim's person_sourcedid). */
  userSisId?: string;
  canvasCourseId?: string;
  /** The course's SIS id (custom field, else the `lis` claim's course_offering_sourcedid). */
  courseSisId?: string;
  /** The LTI role URIs of the launch. */
  roles: string[];
  /** Canvas's enrollment types in the course (`TeacherEnrollment`, `StudentEnrollment`…), when sent. */
  canvasRoles: string[];
  /** `post_grades` from the gradebook's "Sync Grades". */
  placement?: string;
  /** The course's title, for the page heading (a course name the teacher sees in Canvas anyway). */
  courseTitle?: string;
}

export function launchIdentity(payload: JWTPayload): LaunchIdentity {
  const custom = record(payload[Claims.custom]);
  const lis = record(payload[Claims.lis]);
  const context = record(payload[Claims.context]);
  const field = (spec: { name: string }) => expanded(custom[spec.name]);
  return {
    canvasUserId: field(CustomFields.canvasUserId),
    userSisId: field(CustomFields.userSisId) ?? expanded(lis['person_sourcedid']),
    canvasCourseId: field(CustomFields.canvasCourseId),
    courseSisId: field(CustomFields.courseSisId) ?? expanded(lis['course_offering_sourcedid']),
    roles: strings(payload[Claims.roles]),
    canvasRoles: (field(CustomFields.membershipRoles) ?? '')
      .split(',')
      .map((role) => role.trim())
      .filter(Boolean),
    placement: expanded(payload[Claims.placement]),
    courseTitle: expanded(context['title']),
  };
}

/** The roles as a teacher would name them: `Learner`, `Instructor`, `Instructor#TeachingAssistant`… */
export function readableRoles(identity: LaunchIdentity): string {
  const names =
    identity.canvasRoles.length > 0
      ? identity.canvasRoles
      : identity.roles.filter((role) => role.includes('/membership')).map((role) => role.replace(/^.*\/membership[#/]?/, ''));
  return names.length > 0 ? names.join(', ') : 'no role in this course';
}

function expanded(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text.length === 0 || text.startsWith('$') ? undefined : text;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
