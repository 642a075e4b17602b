import { optional, requiredText } from '../common-elements';
import { compact, type SifObjectCodec } from '../object-codec';
import { childText } from '../xml-tree';
import { textElement } from '../xml-text';

export const leaInfoCodec: SifObjectCodec<'LEAInfo'> = {
  objectName: 'LEAInfo',
  elementOrder: [
    'LocalId',
    'StateProvinceId',
    'NCESId',
    'LEAName',
    'LEAURL',
    'EducationAgencyType',
    'LEAContactList',
    'PhoneNumberList',
    'AddressList',
    'IdentificationInfoList',
    'GradeLevels',
    'OperationalStatus',
    'CongressionalDistrict',
    'SIF_Metadata',
    'SIF_ExtendedElements',
  ],
  modelledElements: new Set(['LocalId', 'StateProvinceId', 'NCESId', 'LEAName', 'LEAURL']),
  attributes: (lea) => [['RefId', lea.refId]],
  elements: (lea) => [
    { name: 'LocalId', xml: textElement('LocalId', lea.localId) },
    { name: 'StateProvinceId', xml: textElement('StateProvinceId', lea.stateProvinceId) },
    { name: 'NCESId', xml: textElement('NCESId', lea.ncesId) },
    { name: 'LEAName', xml: textElement('LEAName', lea.leaName) },
    { name: 'LEAURL', xml: textElement('LEAURL', lea.leaUrl) },
  ],
  decode: (element, common) =>
    compact({
      ...common,
      ...optional('localId', childText(element, 'LocalId')),
      ...optional('stateProvinceId', childText(element, 'StateProvinceId')),
      ...optional('ncesId', childText(element, 'NCESId')),
      leaName: requiredText(`LEAInfo ${common.refId}`, element, 'LEAName'),
      ...optional('leaUrl', childText(element, 'LEAURL')),
    }),
};
