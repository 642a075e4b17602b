import { codeElement, optional, readCode, readSchoolYear, readYesNo, requiredAttribute, yesNo } from '../common-elements';
import { compact, SifObjectError, type SifObjectCodec } from '../object-codec';
import { childText } from '../xml-tree';
import { textElement } from '../xml-text';

export const staffAssignmentCodec: SifObjectCodec<'StaffAssignment'> = {
  objectName: 'StaffAssignment',
  elementOrder: [
    'Description',
    'PrimaryAssignment',
    'JobStartDate',
    'JobEndDate',
    'JobFTE',
    'JobFunction',
    'TeachingAssignment',
    'GradeLevels',
    'ItinerantTeacher',
    'InstructionalLevel',
    'EmployeePersonalRefId',
    'SIF_Metadata',
    'SIF_ExtendedElements',
  ],
  modelledElements: new Set(['Description', 'PrimaryAssignment', 'JobStartDate', 'JobEndDate', 'JobFunction']),
  attributes: (assignment) => [
    ['RefId', assignment.refId],
    ['SchoolInfoRefId', assignment.schoolInfoRefId],
    ['SchoolYear', String(assignment.schoolYear)],
    ['StaffPersonalRefId', assignment.staffPersonalRefId],
  ],
  elements: (assignment) => [
    { name: 'Description', xml: textElement('Description', assignment.description) },
    { name: 'PrimaryAssignment', xml: textElement('PrimaryAssignment', yesNo(assignment.primaryAssignment)) },
    { name: 'JobStartDate', xml: textElement('JobStartDate', assignment.jobStartDate) },
    { name: 'JobEndDate', xml: textElement('JobEndDate', assignment.jobEndDate) },
    { name: 'JobFunction', xml: codeElement('JobFunction', assignment.jobFunctionCode) },
  ],
  decode: (element, common) => {
    const object = `StaffAssignment ${common.refId}`;
    const primaryAssignment = readYesNo(object, element, 'PrimaryAssignment');
    if (primaryAssignment === undefined) throw new SifObjectError(`${object}: missing mandatory element PrimaryAssignment`);
    return compact({
      ...common,
      schoolInfoRefId: requiredAttribute(object, element, 'SchoolInfoRefId'),
      schoolYear: readSchoolYear(object, element),
      staffPersonalRefId: requiredAttribute(object, element, 'StaffPersonalRefId'),
      ...optional('description', childText(element, 'Description')),
      primaryAssignment,
      ...optional('jobStartDate', childText(element, 'JobStartDate')),
      ...optional('jobEndDate', childText(element, 'JobEndDate')),
      ...optional('jobFunctionCode', readCode(element, 'JobFunction')),
    });
  },
};
