import {
  emailListFragment,
  nameFragment,
  optional,
  otherIdListFragment,
  readEmails,
  readName,
  readOtherIds,
  requiredText,
} from '../common-elements';
import { compact, type SifObjectCodec } from '../object-codec';
import { childText } from '../xml-tree';
import { textElement } from '../xml-text';

export const staffPersonalCodec: SifObjectCodec<'StaffPersonal'> = {
  objectName: 'StaffPersonal',
  elementOrder: [
    'LocalId',
    'StateProvinceId',
    'ElectronicIdList',
    'OtherIdList',
    'Name',
    'OtherNames',
    'Demographics',
    'Title',
    'AddressList',
    'PhoneNumberList',
    'EmailList',
    'EmployeePersonalRefId',
    'SIF_Metadata',
    'SIF_ExtendedElements',
  ],
  modelledElements: new Set(['LocalId', 'StateProvinceId', 'OtherIdList', 'Name', 'Title', 'EmailList']),
  attributes: (staff) => [['RefId', staff.refId]],
  elements: (staff) => [
    { name: 'LocalId', xml: textElement('LocalId', staff.localId) },
    { name: 'StateProvinceId', xml: textElement('StateProvinceId', staff.stateProvinceId) },
    ...otherIdListFragment(staff.otherIds),
    // Name is mandatory, but an object being checked may lack it: the reader then says so.
    ...(staff.name === undefined ? [] : [nameFragment(staff.name)]),
    { name: 'Title', xml: textElement('Title', staff.title) },
    ...emailListFragment(staff.emails),
  ],
  decode: (element, common) => {
    const object = `StaffPersonal ${common.refId}`;
    return compact({
      ...common,
      localId: requiredText(object, element, 'LocalId'),
      ...optional('stateProvinceId', childText(element, 'StateProvinceId')),
      ...optional('otherIds', readOtherIds(element)),
      name: readName(object, element),
      ...optional('title', childText(element, 'Title')),
      ...optional('emails', readEmails(element)),
    });
  },
};
