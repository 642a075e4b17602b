import { optional, readSchoolYear, requiredAttribute } from '../common-elements';
import { compact, type SifObjectCodec } from '../object-codec';
import { childText } from '../xml-tree';
import { textElement } from '../xml-text';

export const studentSectionEnrollmentCodec: SifObjectCodec<'StudentSectionEnrollment'> = {
  objectName: 'StudentSectionEnrollment',
  elementOrder: [
    'EntryDate',
    'ExitDate',
    'ScheduleInfoOverrideList',
    'CreditsAttempted',
    'DualCredit',
    'SIF_Metadata',
    'SIF_ExtendedElements',
  ],
  modelledElements: new Set(['EntryDate', 'ExitDate']),
  attributes: (enrollment) => [
    ['RefId', enrollment.refId],
    ['StudentPersonalRefId', enrollment.studentPersonalRefId],
    ['SectionInfoRefId', enrollment.sectionInfoRefId],
    ['SchoolYear', String(enrollment.schoolYear)],
  ],
  elements: (enrollment) => [
    { name: 'EntryDate', xml: textElement('EntryDate', enrollment.entryDate) },
    { name: 'ExitDate', xml: textElement('ExitDate', enrollment.exitDate) },
  ],
  decode: (element, common) => {
    const object = `StudentSectionEnrollment ${common.refId}`;
    return compact({
      ...common,
      studentPersonalRefId: requiredAttribute(object, element, 'StudentPersonalRefId'),
      sectionInfoRefId: requiredAttribute(object, element, 'SectionInfoRefId'),
      schoolYear: readSchoolYear(object, element),
      ...optional('entryDate', childText(element, 'EntryDate')),
      ...optional('exitDate', childText(element, 'ExitDate')),
    });
  },
};
