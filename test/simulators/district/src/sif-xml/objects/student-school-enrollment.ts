import type { MembershipType, TimeFrame } from '../../model/sif-objects';
import { codeElement, optional, readCode, readGradeLevel, readSchoolYear, requiredAttribute, requiredText } from '../common-elements';
import { compact, SifObjectError, type SifObjectCodec } from '../object-codec';
import { childText } from '../xml-tree';
import { textElement } from '../xml-text';

const MEMBERSHIP_TYPES: readonly string[] = ['Home', 'Concurrent', 'Summer'];
const TIME_FRAMES: readonly string[] = ['Current', 'Historical', 'Future'];

export const studentSchoolEnrollmentCodec: SifObjectCodec<'StudentSchoolEnrollment'> = {
  objectName: 'StudentSchoolEnrollment',
  elementOrder: [
    'EntryDate',
    'EntryType',
    'GradeLevel',
    'Homeroom',
    'Advisor',
    'Counselor',
    'ExitDate',
    'ExitStatus',
    'ExitType',
    'FTE',
    'FTPTStatus',
    'ResidencyStatus',
    'NonResidentAttendReason',
    'Calendar',
    'RecordClosureReason',
    'PromotionInfo',
    'SIF_Metadata',
    'SIF_ExtendedElements',
  ],
  modelledElements: new Set(['EntryDate', 'GradeLevel', 'ExitDate', 'ExitType']),
  attributes: (enrollment) => [
    ['RefId', enrollment.refId],
    ['StudentPersonalRefId', enrollment.studentPersonalRefId],
    ['SchoolInfoRefId', enrollment.schoolInfoRefId],
    ['MembershipType', enrollment.membershipType],
    ['TimeFrame', enrollment.timeFrame],
    ['SchoolYear', String(enrollment.schoolYear)],
  ],
  elements: (enrollment) => [
    { name: 'EntryDate', xml: textElement('EntryDate', enrollment.entryDate) },
    { name: 'GradeLevel', xml: codeElement('GradeLevel', enrollment.gradeLevel) },
    { name: 'ExitDate', xml: textElement('ExitDate', enrollment.exitDate) },
    { name: 'ExitType', xml: codeElement('ExitType', enrollment.exitTypeCode) },
  ],
  decode: (element, common) => {
    const object = `StudentSchoolEnrollment ${common.refId}`;
    const membershipType = requiredAttribute(object, element, 'MembershipType');
    const timeFrame = requiredAttribute(object, element, 'TimeFrame');
    if (!MEMBERSHIP_TYPES.includes(membershipType))
      throw new SifObjectError(`${object}: MembershipType must be one of ${MEMBERSHIP_TYPES.join(', ')} (got "${membershipType}")`);
    if (!TIME_FRAMES.includes(timeFrame))
      throw new SifObjectError(`${object}: TimeFrame must be one of ${TIME_FRAMES.join(', ')} (got "${timeFrame}")`);
    return compact({
      ...common,
      studentPersonalRefId: requiredAttribute(object, element, 'StudentPersonalRefId'),
      schoolInfoRefId: requiredAttribute(object, element, 'SchoolInfoRefId'),
      membershipType: membershipType as MembershipType,
      timeFrame: timeFrame as TimeFrame,
      schoolYear: readSchoolYear(object, element),
      entryDate: requiredText(object, element, 'EntryDate'),
      ...optional('gradeLevel', readGradeLevel(element)),
      ...optional('exitDate', childText(element, 'ExitDate')),
      ...optional('exitTypeCode', readCode(element, 'ExitType')),
    });
  },
};
