import type { SifRecord } from './sif-records';

/**
 * The mandatory elements and attributes (DataModel cardinality, reference/sif.md §2.2) a whole
 * object lacks, each named by its path, e.g. `TermInfo/StartDate is missing`. StaffPersonal's
 * OtherIdList is not required (§5 caveat 1), nor is anything this agent does not read.
 */
export function validateRecord(record: SifRecord): string[] {
  const missing: string[] = [];
  const need = (present: unknown, path: string) => {
    if (present === undefined || present === '') missing.push(`${record.objectName}/${path} is missing`);
  };
  switch (record.objectName) {
    case 'LEAInfo':
      need(record.leaName, 'LEAName');
      break;
    case 'SchoolInfo':
      need(record.schoolName, 'SchoolName');
      break;
    case 'TermInfo':
      need(record.schoolInfoRefId, '@SchoolInfoRefId');
      need(record.schoolYear, '@SchoolYear');
      need(record.startDate, 'StartDate');
      need(record.endDate, 'EndDate');
      break;
    case 'SchoolCourseInfo':
      need(record.schoolInfoRefId, '@SchoolInfoRefId');
      need(record.schoolYear, '@SchoolYear');
      break;
    case 'SectionInfo':
      need(record.schoolCourseInfoRefId, '@SchoolCourseInfoRefId');
      need(record.schoolYear, '@SchoolYear');
      if (!record.scheduleInfo || record.scheduleInfo.length === 0)
        missing.push('SectionInfo/ScheduleInfoList/ScheduleInfo is missing (a section needs at least one term)');
      break;
    case 'StaffPersonal':
    case 'StudentPersonal':
      need(record.localId, 'LocalId');
      need(record.name, 'Name');
      if (record.name) {
        need(record.name.type, 'Name/@Type');
        need(record.name.lastName, 'Name/LastName');
        need(record.name.firstName, 'Name/FirstName');
      }
      break;
    case 'StaffAssignment':
      need(record.schoolInfoRefId, '@SchoolInfoRefId');
      need(record.schoolYear, '@SchoolYear');
      need(record.staffPersonalRefId, '@StaffPersonalRefId');
      need(record.primaryAssignment, 'PrimaryAssignment');
      break;
    case 'StudentSchoolEnrollment':
      need(record.studentPersonalRefId, '@StudentPersonalRefId');
      need(record.schoolInfoRefId, '@SchoolInfoRefId');
      need(record.membershipType, '@MembershipType');
      need(record.timeFrame, '@TimeFrame');
      need(record.schoolYear, '@SchoolYear');
      need(record.entryDate, 'EntryDate');
      break;
    case 'StudentSectionEnrollment':
      need(record.studentPersonalRefId, '@StudentPersonalRefId');
      need(record.sectionInfoRefId, '@SectionInfoRefId');
      need(record.schoolYear, '@SchoolYear');
      break;
  }
  return missing;
}
