import type { StudentMostRecent } from '../../model/sif-objects';
import {
  codeElement,
  emailListFragment,
  nameFragment,
  optional,
  optionalNumber,
  otherIdListFragment,
  readEmails,
  readGradeLevel,
  readName,
  readOtherIds,
  requiredText,
} from '../common-elements';
import { compact, type SifObjectCodec } from '../object-codec';
import { childElement, childText } from '../xml-tree';
import { textElement } from '../xml-text';

function mostRecentXml(mostRecent: StudentMostRecent | undefined): string {
  if (!mostRecent) return '';
  return `<MostRecent>${textElement('SchoolLocalId', mostRecent.schoolLocalId)}${textElement('HomeroomLocalId', mostRecent.homeroomLocalId)}${codeElement('GradeLevel', mostRecent.gradeLevel)}</MostRecent>`;
}

export const studentPersonalCodec: SifObjectCodec<'StudentPersonal'> = {
  objectName: 'StudentPersonal',
  elementOrder: [
    'AlertMessages',
    'MedicalAlertMessages',
    'LocalId',
    'StateProvinceId',
    'ElectronicIdList',
    'OtherIdList',
    'Name',
    'OtherNames',
    'Demographics',
    'AddressList',
    'PhoneNumberList',
    'EmailList',
    'ProjectedGraduationYear',
    'OnTimeGraduationYear',
    'GraduationDate',
    'MostRecent',
    'AcceptableUsePolicy',
    'IDEA',
    'Migrant',
    'Title1',
    'GiftedTalented',
    'EconomicDisadvantage',
    'ELL',
    'Homeless',
    'Section504',
    'VocationalConcentrator',
    'Immigrant',
    'NeglectedDelinquent',
    'FirstUSEnrollment',
    'SIF_Metadata',
    'SIF_ExtendedElements',
  ],
  modelledElements: new Set([
    'LocalId',
    'StateProvinceId',
    'OtherIdList',
    'Name',
    'EmailList',
    'ProjectedGraduationYear',
    'OnTimeGraduationYear',
    'MostRecent',
  ]),
  attributes: (student) => [['RefId', student.refId]],
  elements: (student) => [
    { name: 'LocalId', xml: textElement('LocalId', student.localId) },
    { name: 'StateProvinceId', xml: textElement('StateProvinceId', student.stateProvinceId) },
    ...otherIdListFragment(student.otherIds),
    // Name is mandatory, but an object being checked may lack it: the reader then says so.
    ...(student.name === undefined ? [] : [nameFragment(student.name)]),
    ...emailListFragment(student.emails),
    { name: 'ProjectedGraduationYear', xml: textElement('ProjectedGraduationYear', student.projectedGraduationYear) },
    { name: 'OnTimeGraduationYear', xml: textElement('OnTimeGraduationYear', student.onTimeGraduationYear) },
    { name: 'MostRecent', xml: mostRecentXml(student.mostRecent) },
  ],
  decode: (element, common) => {
    const object = `StudentPersonal ${common.refId}`;
    const mostRecent = childElement(element, 'MostRecent');
    return compact({
      ...common,
      localId: requiredText(object, element, 'LocalId'),
      ...optional('stateProvinceId', childText(element, 'StateProvinceId')),
      ...optional('otherIds', readOtherIds(element)),
      name: readName(object, element),
      ...optional('emails', readEmails(element)),
      ...optional('projectedGraduationYear', optionalNumber(object, element, 'ProjectedGraduationYear')),
      ...optional('onTimeGraduationYear', optionalNumber(object, element, 'OnTimeGraduationYear')),
      ...optional(
        'mostRecent',
        mostRecent
          ? compact({
              ...optional('schoolLocalId', childText(mostRecent, 'SchoolLocalId')),
              ...optional('homeroomLocalId', childText(mostRecent, 'HomeroomLocalId')),
              ...optional('gradeLevel', readGradeLevel(mostRecent)),
            })
          : undefined,
      ),
    });
  },
};
