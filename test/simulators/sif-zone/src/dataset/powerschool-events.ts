import type { SifObjectName } from '@sisbridge/sandbox-district';

export type EventAction = 'Add' | 'Change' | 'Delete';

/**
 * Which events PowerSchool's SIF agent can report per object (reference/sif.md §3.1): Add and
 * Change for everything (LEAInfo and SchoolInfo Adds through the manual process, which the
 * admin endpoints are), no Change for LEAInfo, and Delete, off by default, for everything but
 * LEAInfo once it is turned on.
 */
export function powerSchoolReports(objectName: SifObjectName, action: EventAction, deleteEvents: boolean): boolean {
  if (action === 'Add') return true;
  if (action === 'Change') return objectName !== 'LEAInfo';
  return deleteEvents && objectName !== 'LEAInfo';
}
