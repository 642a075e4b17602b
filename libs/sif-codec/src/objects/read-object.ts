import { SIF_NAMESPACE } from '../sif-namespace';
import type { SifDataObject } from '../parse/sif-message-reader';
import { childNamed, childrenNamed, textAt, type SifElement } from '../parse/sif-element';
import { scanObject } from './scan-object';
import {
  isSifObjectName,
  type SifEmailRecord,
  type SifListDeletes,
  type SifNameRecord,
  type SifObjectName,
  type SifRecord,
  type SifScheduleRecord,
} from './sif-records';

export interface ObjectReading {
  /** The element name as sent (what an operator searches for). */
  objectName: string;
  refId?: string;
  /** Present when the object could be read; it may still fail `validateRecord`. */
  record?: SifRecord;
  /** Why the object cannot be used, in words an operator can act on. Empty when it can. */
  problems: string[];
}

/**
 * Turns one data object into a record: the namespace, encoding and size checks first (any of
 * them rejects the whole object), then each field, with its format checked (years, dates,
 * Yes/No). Mandatory elements are `validateRecord`'s job, because a Change event's object is
 * partial by design.
 */
export function readObject(object: SifDataObject, maxFieldLength: number): ObjectReading {
  const element = object.element;
  const reading: ObjectReading = { objectName: element.name, problems: [] };
  const refId = element.attributes['RefId']?.trim();
  if (refId) reading.refId = refId.slice(0, 64);
  if (element.namespace !== SIF_NAMESPACE) {
    reading.problems.push(`${element.name} is in the XML namespace "${element.namespace}", not the SIF 2.x US namespace ${SIF_NAMESPACE}`);
    return reading;
  }
  if (!isSifObjectName(element.name)) {
    reading.problems.push(`${element.name} is not an object this agent reads`);
    return reading;
  }
  if (object.event && object.event.objectName !== element.name) {
    reading.problems.push(`${element.name} came in a SIF_EventObject for ${object.event.objectName}`);
  }
  if (object.truncated) reading.problems.push(`${element.name} has more elements than this agent accepts in one object`);
  reading.problems.push(...scanObject(element, maxFieldLength));
  if (!refId) reading.problems.push(`${element.name} has no RefId attribute`);
  else if (/\s/.test(refId) || refId.length > 64)
    reading.problems.push(
      `${element.name} has a RefId that is not a SIF GUID (${refId.length} characters${/\s/.test(refId) ? ', with spaces' : ''})`,
    );
  if (reading.problems.length > 0 || !refId) return reading;

  const fields = new FieldReader(element);
  const record = READERS[element.name](fields, refId);
  const extended = extendedElements(element, fields);
  if (extended.values) record.extendedElements = extended.values;
  const deletes: SifListDeletes = { ...fields.deletes };
  if (extended.deleted.length > 0) deletes.extendedElements = extended.deleted;
  if (Object.keys(deletes).length > 0) record.deletes = deletes;
  reading.problems.push(...fields.problems);
  if (reading.problems.length === 0) reading.record = record;
  return reading;
}

/** Reads fields of one object, collecting format problems by path. */
class FieldReader {
  readonly problems: string[] = [];
  readonly deletes: SifListDeletes = {};

  constructor(readonly root: SifElement) {}

  attribute(name: string): string | undefined {
    const value = this.root.attributes[name]?.trim();
    return value ? value : undefined;
  }

  text(...path: string[]): string | undefined {
    return textAt(this.root, ...path);
  }

  year(value: string | undefined, where: string): number | undefined {
    if (value === undefined) return undefined;
    if (!/^\d{4}$/.test(value)) {
      this.problems.push(`${this.root.name}/${where} must be a four-digit year (got ${JSON.stringify(value.slice(0, 20))})`);
      return undefined;
    }
    return Number(value);
  }

  date(value: string | undefined, where: string): string | undefined {
    if (value === undefined) return undefined;
    // Nearly every date is a plain YYYY-MM-DD, and is then its own result.
    if (
      value.length === 10 &&
      PLAIN_DATE.test(value) &&
      validMonthAndDay(value.charCodeAt(5), value.charCodeAt(6), value.charCodeAt(8), value.charCodeAt(9))
    )
      return value;
    const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|T|[+-]\d{2}:\d{2}$|Z$)/.exec(value);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12 || Number(match[3]) < 1 || Number(match[3]) > 31) {
      this.problems.push(`${this.root.name}/${where} must be a date YYYY-MM-DD (got ${JSON.stringify(value.slice(0, 30))})`);
      return undefined;
    }
    return `${match[1]}-${match[2]}-${match[3]}`;
  }

  yesNo(value: string | undefined, where: string): boolean | undefined {
    if (value === undefined) return undefined;
    if (value !== 'Yes' && value !== 'No') {
      this.problems.push(`${this.root.name}/${where} must be Yes or No (got ${JSON.stringify(value.slice(0, 20))})`);
      return undefined;
    }
    return value === 'Yes';
  }

  name(): SifNameRecord | undefined {
    const name = childNamed(this.root, 'Name');
    if (!name) return undefined;
    return compact({
      type: name.attributes['Type']?.trim() || undefined,
      lastName: textAt(name, 'LastName'),
      firstName: textAt(name, 'FirstName'),
      middleName: textAt(name, 'MiddleName'),
    });
  }

  emails(): SifEmailRecord[] | undefined {
    const list = childNamed(this.root, 'EmailList');
    if (!list) return undefined;
    const emails: SifEmailRecord[] = [];
    const deleted: string[] = [];
    for (const email of childrenNamed(list, 'Email')) {
      const type = email.attributes['Type']?.trim() ?? '';
      if (email.attributes['SIF_Action'] === 'Delete') deleted.push(type);
      else if (email.text.trim() !== '') emails.push({ type, address: email.text.trim() });
    }
    if (deleted.length > 0) this.deletes.emails = deleted;
    return emails;
  }

  schedule(): SifScheduleRecord[] | undefined {
    const list = childNamed(this.root, 'ScheduleInfoList');
    if (!list) return undefined;
    const schedule: SifScheduleRecord[] = [];
    const deleted: string[] = [];
    for (const item of childrenNamed(list, 'ScheduleInfo')) {
      const termInfoRefId = item.attributes['TermInfoRefId']?.trim() ?? '';
      if (item.attributes['SIF_Action'] === 'Delete') {
        deleted.push(termInfoRefId);
        continue;
      }
      if (!termInfoRefId) this.problems.push(`${this.root.name}/ScheduleInfoList/ScheduleInfo has no TermInfoRefId attribute`);
      const teacherRefIds = childrenNamed(childNamed(item, 'TeacherList'), 'StaffPersonalRefId')
        .map((teacher) => teacher.text.trim())
        .filter((id) => id !== '');
      schedule.push({ termInfoRefId, teacherRefIds });
    }
    if (deleted.length > 0) this.deletes.scheduleInfo = deleted;
    return schedule;
  }
}

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZERO = 48;

/** Month 01–12 and day 01–31, from the character codes of MM and DD. */
function validMonthAndDay(m1: number, m2: number, d1: number, d2: number): boolean {
  const month = (m1 - ZERO) * 10 + (m2 - ZERO);
  const day = (d1 - ZERO) * 10 + (d2 - ZERO);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

type Reader = (fields: FieldReader, refId: string) => SifRecord;

const READERS: Record<SifObjectName, Reader> = {
  LEAInfo: (f, refId) => compact({ objectName: 'LEAInfo', refId, leaName: f.text('LEAName'), localId: f.text('LocalId') }),
  SchoolInfo: (f, refId) =>
    compact({
      objectName: 'SchoolInfo',
      refId,
      schoolName: f.text('SchoolName'),
      localId: f.text('LocalId'),
      stateProvinceId: f.text('StateProvinceId'),
      leaInfoRefId: f.text('LEAInfoRefId'),
    }),
  TermInfo: (f, refId) =>
    compact({
      objectName: 'TermInfo',
      refId,
      schoolInfoRefId: f.attribute('SchoolInfoRefId'),
      schoolYear: f.year(f.attribute('SchoolYear'), '@SchoolYear'),
      startDate: f.date(f.text('StartDate'), 'StartDate'),
      endDate: f.date(f.text('EndDate'), 'EndDate'),
      description: f.text('Description'),
      termCode: f.text('TermCode'),
    }),
  SchoolCourseInfo: (f, refId) =>
    compact({
      objectName: 'SchoolCourseInfo',
      refId,
      schoolInfoRefId: f.attribute('SchoolInfoRefId'),
      schoolYear: f.year(f.attribute('SchoolYear'), '@SchoolYear'),
      courseCode: f.text('CourseCode'),
      courseTitle: f.text('CourseTitle'),
    }),
  SectionInfo: (f, refId) =>
    compact({
      objectName: 'SectionInfo',
      refId,
      schoolCourseInfoRefId: f.attribute('SchoolCourseInfoRefId'),
      schoolYear: f.year(f.attribute('SchoolYear'), '@SchoolYear'),
      localId: f.text('LocalId'),
      description: f.text('Description'),
      scheduleInfo: f.schedule(),
    }),
  StaffPersonal: (f, refId) =>
    compact({ objectName: 'StaffPersonal', refId, localId: f.text('LocalId'), name: f.name(), emails: f.emails() }),
  StaffAssignment: (f, refId) =>
    compact({
      objectName: 'StaffAssignment',
      refId,
      schoolInfoRefId: f.attribute('SchoolInfoRefId'),
      schoolYear: f.year(f.attribute('SchoolYear'), '@SchoolYear'),
      staffPersonalRefId: f.attribute('StaffPersonalRefId'),
      primaryAssignment: f.yesNo(f.text('PrimaryAssignment'), 'PrimaryAssignment'),
    }),
  StudentPersonal: (f, refId) =>
    compact({
      objectName: 'StudentPersonal',
      refId,
      localId: f.text('LocalId'),
      name: f.name(),
      emails: f.emails(),
      gradeLevel: f.text('MostRecent', 'GradeLevel', 'Code'),
    }),
  StudentSchoolEnrollment: (f, refId) =>
    compact({
      objectName: 'StudentSchoolEnrollment',
      refId,
      studentPersonalRefId: f.attribute('StudentPersonalRefId'),
      schoolInfoRefId: f.attribute('SchoolInfoRefId'),
      membershipType: f.attribute('MembershipType'),
      timeFrame: f.attribute('TimeFrame'),
      schoolYear: f.year(f.attribute('SchoolYear'), '@SchoolYear'),
      entryDate: f.date(f.text('EntryDate'), 'EntryDate'),
      exitDate: f.date(f.text('ExitDate'), 'ExitDate'),
      gradeLevel: f.text('GradeLevel', 'Code'),
    }),
  StudentSectionEnrollment: (f, refId) =>
    compact({
      objectName: 'StudentSectionEnrollment',
      refId,
      studentPersonalRefId: f.attribute('StudentPersonalRefId'),
      sectionInfoRefId: f.attribute('SectionInfoRefId'),
      schoolYear: f.year(f.attribute('SchoolYear'), '@SchoolYear'),
      entryDate: f.date(f.text('EntryDate'), 'EntryDate'),
      exitDate: f.date(f.text('ExitDate'), 'ExitDate'),
    }),
};

function extendedElements(root: SifElement, fields: FieldReader): { values?: Record<string, string>; deleted: string[] } {
  const list = childNamed(root, 'SIF_ExtendedElements');
  const deleted: string[] = [];
  if (!list) return { deleted };
  const values: Record<string, string> = {};
  for (const item of childrenNamed(list, 'SIF_ExtendedElement')) {
    const name = item.attributes['Name']?.trim();
    if (!name) {
      fields.problems.push(`${root.name}/SIF_ExtendedElements/SIF_ExtendedElement has no Name attribute`);
      continue;
    }
    if (item.attributes['SIF_Action'] === 'Delete') deleted.push(name);
    else values[name] = item.text.trim();
  }
  return { values, deleted };
}

/** Drops undefined fields, so stored records stay small and equal records compare equal as JSON. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
  return value;
}
