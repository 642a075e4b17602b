import { isSifObjectName, type SifObjectName } from '@sisbridge/sandbox-district';

/**
 * Other SIF US 2.x data objects: valid names that no agent in this zone provides. A request or
 * subscription naming one of these is a routing problem (8/4 No Provider); a name that is in
 * neither list is not a SIF object at all (8/3, 6/3, 7/3 Invalid object).
 */
const OTHER_US_OBJECTS: ReadonlySet<string> = new Set([
  'StaffSectionAssignment',
  'StudentContact',
  'StudentContactPersonal',
  'StudentContactRelationship',
  'StudentDailyAttendance',
  'StudentPeriodAttendance',
  'StudentAttendanceSummary',
  'StudentParticipation',
  'StudentPicture',
  'StudentSnapshot',
  'StudentActivityInfo',
  'StudentActivityParticipation',
  'StudentAcademicRecord',
  'StudentRecordExchange',
  'StudentSDTN',
  'StudentPlacement',
  'StudentGrade',
  'StudentTranscript',
  'SectionMarkInfo',
  'GradingAssignment',
  'GradingAssignmentScore',
  'GradingCategory',
  'GradingPeriod',
  'MarkInfo',
  'ReportCard',
  'RoomInfo',
  'RoomType',
  'CalendarDate',
  'CalendarSummary',
  'SchoolCourseInfoOverride',
  'EmployeePersonal',
  'EmployeeAssignment',
  'EmployeeWage',
  'Activity',
  'BusInfo',
  'BusRouteInfo',
  'BusStopInfo',
  'LibraryPatronStatus',
  'FoodserviceTransaction',
  'Identity',
  'SIF_LogEntry',
  'SIF_ZoneStatus',
  'SIF_AgentACL',
]);

export type ObjectNameClass = { kind: 'provided'; objectName: SifObjectName } | { kind: 'unprovided' } | { kind: 'invalid' };

/** Whether PowerSchool provides the object here, it is a SIF object nobody provides, or not a SIF object. */
export function classifyObjectName(name: string): ObjectNameClass {
  if (isSifObjectName(name)) return { kind: 'provided', objectName: name };
  return OTHER_US_OBJECTS.has(name) ? { kind: 'unprovided' } : { kind: 'invalid' };
}
