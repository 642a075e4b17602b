import type { SifObjectName, SifRecord } from '@sisbridge/sif-codec';

/** An object another one names, and must exist for it to be built. */
export interface ParentRef {
  objectName: SifObjectName;
  refId: string;
}

/**
 * The objects a record names that the builders look up (its school, course, terms, teachers,
 * person, section): an event whose record names one not known yet waits for it. Objects of
 * another school year name nothing that matters (the builders skip them), and a reference left
 * empty is the builders' to reject, not something to wait for.
 */
export function parentRefs(record: SifRecord, schoolYear: number): ParentRef[] {
  const refs: ParentRef[] = [];
  const add = (objectName: SifObjectName, refId: string | undefined) => {
    if (refId && !refs.some((ref) => ref.refId === refId && ref.objectName === objectName)) refs.push({ objectName, refId });
  };
  if ('schoolYear' in record && record.schoolYear !== schoolYear) return refs;
  switch (record.objectName) {
    case 'TermInfo':
    case 'SchoolCourseInfo':
      add('SchoolInfo', record.schoolInfoRefId);
      break;
    case 'SectionInfo':
      add('SchoolCourseInfo', record.schoolCourseInfoRefId);
      for (const schedule of record.scheduleInfo ?? []) {
        add('TermInfo', schedule.termInfoRefId);
        for (const teacher of schedule.teacherRefIds) add('StaffPersonal', teacher);
      }
      break;
    case 'StaffAssignment':
      add('SchoolInfo', record.schoolInfoRefId);
      add('StaffPersonal', record.staffPersonalRefId);
      break;
    case 'StudentSchoolEnrollment':
      add('SchoolInfo', record.schoolInfoRefId);
      add('StudentPersonal', record.studentPersonalRefId);
      break;
    case 'StudentSectionEnrollment':
      add('SectionInfo', record.sectionInfoRefId);
      add('StudentPersonal', record.studentPersonalRefId);
      break;
    default:
      break;
  }
  return refs;
}

/** Every RefId a record names, whatever the year (what to fetch along with it). */
export function namedRefIds(record: Partial<SifRecord> | undefined): string[] {
  if (!record) return [];
  const names = new Set<string>();
  const value = record as Record<string, unknown>;
  for (const field of [
    'leaInfoRefId',
    'schoolInfoRefId',
    'schoolCourseInfoRefId',
    'staffPersonalRefId',
    'studentPersonalRefId',
    'sectionInfoRefId',
  ]) {
    const refId = value[field];
    if (typeof refId === 'string' && refId !== '') names.add(refId);
  }
  for (const schedule of (value['scheduleInfo'] as Array<{ termInfoRefId?: string; teacherRefIds?: string[] }> | undefined) ?? []) {
    if (schedule.termInfoRefId) names.add(schedule.termInfoRefId);
    for (const teacher of schedule.teacherRefIds ?? []) names.add(teacher);
  }
  return [...names];
}
