import type { Request } from 'express';
import type { PtpSection, PtpTeacher } from '@sisbridge/sandbox-district';
import type { PtpRuntime } from '../ptp-runtime';
import { badRequest, forbidden, notFound } from '../http/xte-errors';

/**
 * The teacher a plugin acts for: `users_dcid` (USERS.DCID), "required for OAuth clients only"
 * (§1.4), which every call here is.
 */
export function actingTeacher(runtime: PtpRuntime, req: Request): PtpTeacher {
  const raw = typeof req.query['users_dcid'] === 'string' ? req.query['users_dcid'] : undefined;
  if (raw === undefined || raw.trim() === '') throw badRequest('users_dcid is required for OAuth clients');
  if (!/^\d+$/.test(raw.trim())) throw badRequest(`users_dcid must be a number (got "${raw}")`);
  const teacher = runtime.store.teachers.get(Number(raw));
  if (!teacher) throw notFound(`User ${raw} not found`);
  return teacher;
}

/** A teacher may touch only the sections they teach (403), unless the reading says PTP does not check. */
export function requireTeaches(runtime: PtpRuntime, teacher: PtpTeacher, section: PtpSection): void {
  if (runtime.readings.teacherSections === 'not-enforced') return;
  if (!runtime.store.sectionsTaughtBy(teacher.users_dcid).has(section.sectionsdcid)) {
    throw forbidden(`User ${teacher.users_dcid} does not have access to section ${section.sectionsdcid}`);
  }
}
