import type { GradeLevelCode } from '../../model/sif-objects';
import { optional, requiredText } from '../common-elements';
import { compact, type SifObjectCodec } from '../object-codec';
import { childElement, childElements, childText } from '../xml-tree';
import { textElement } from '../xml-text';

export const schoolInfoCodec: SifObjectCodec<'SchoolInfo'> = {
  objectName: 'SchoolInfo',
  elementOrder: [
    'LocalId',
    'StateProvinceId',
    'NCESId',
    'SchoolName',
    'LEAInfoRefId',
    'OtherLEA',
    'SchoolType',
    'SchoolFocusList',
    'SchoolURL',
    'PrincipalInfo',
    'SchoolContactList',
    'AddressList',
    'PhoneNumberList',
    'IdentificationInfoList',
    'SessionType',
    'GradeLevels',
    'Title1Status',
    'OperationalStatus',
    'CongressionalDistrict',
    'ActiveSchoolYear',
    'SIF_Metadata',
    'SIF_ExtendedElements',
  ],
  modelledElements: new Set([
    'LocalId',
    'StateProvinceId',
    'NCESId',
    'SchoolName',
    'LEAInfoRefId',
    'SchoolType',
    'SchoolURL',
    'GradeLevels',
  ]),
  attributes: (school) => [['RefId', school.refId]],
  elements: (school) => [
    { name: 'LocalId', xml: textElement('LocalId', school.localId) },
    { name: 'StateProvinceId', xml: textElement('StateProvinceId', school.stateProvinceId) },
    { name: 'NCESId', xml: textElement('NCESId', school.ncesId) },
    { name: 'SchoolName', xml: textElement('SchoolName', school.schoolName) },
    { name: 'LEAInfoRefId', xml: textElement('LEAInfoRefId', school.leaInfoRefId) },
    { name: 'SchoolType', xml: textElement('SchoolType', school.schoolType) },
    { name: 'SchoolURL', xml: textElement('SchoolURL', school.schoolUrl) },
    {
      name: 'GradeLevels',
      xml:
        school.gradeLevels === undefined || school.gradeLevels.length === 0
          ? ''
          : `<GradeLevels>${school.gradeLevels.map((code) => `<GradeLevel>${textElement('Code', code)}</GradeLevel>`).join('')}</GradeLevels>`,
    },
  ],
  decode: (element, common) => {
    const gradeLevels = childElement(element, 'GradeLevels');
    return compact({
      ...common,
      ...optional('localId', childText(element, 'LocalId')),
      ...optional('stateProvinceId', childText(element, 'StateProvinceId')),
      ...optional('ncesId', childText(element, 'NCESId')),
      schoolName: requiredText(`SchoolInfo ${common.refId}`, element, 'SchoolName'),
      ...optional('leaInfoRefId', childText(element, 'LEAInfoRefId')),
      ...optional('schoolType', childText(element, 'SchoolType')),
      ...optional('schoolUrl', childText(element, 'SchoolURL')),
      gradeLevels: gradeLevels
        ? childElements(gradeLevels, 'GradeLevel').map((level) => (childText(level, 'Code') ?? 'UN') as GradeLevelCode)
        : [],
    });
  },
};
