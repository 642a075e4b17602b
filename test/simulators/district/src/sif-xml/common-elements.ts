import type { GradeLevelCode, SifEmail, SifEmailType, SifName, SifOtherId } from '../model/sif-objects';
import { childElement, childElements, childText, type XmlElement } from './xml-tree';
import { escapeAttribute, escapeText, textElement } from './xml-text';
import { SifObjectError, type ElementFragment } from './object-codec';

/** `<Name Type="04">` with its children in schema order. */
export function nameFragment(name: SifName): ElementFragment {
  const xml =
    `<Name Type="${escapeAttribute(name.type)}">` +
    textElement('Prefix', name.prefix) +
    textElement('LastName', name.lastName) +
    textElement('FirstName', name.firstName) +
    textElement('MiddleName', name.middleName) +
    textElement('Suffix', name.suffix) +
    textElement('PreferredName', name.preferredName) +
    textElement('SortName', name.sortName) +
    textElement('FullName', name.fullName) +
    '</Name>';
  return { name: 'Name', xml };
}

export function readName(object: string, element: XmlElement): SifName {
  const name = childElement(element, 'Name');
  if (!name) throw new SifObjectError(`${object}: missing mandatory element Name`);
  const lastName = childText(name, 'LastName');
  const firstName = childText(name, 'FirstName');
  if (lastName === undefined || firstName === undefined) throw new SifObjectError(`${object}: Name needs LastName and FirstName`);
  const read = (child: string) => childText(name, child);
  return {
    type: name.attributes['Type'] ?? '04',
    ...optional('prefix', read('Prefix')),
    lastName,
    firstName,
    ...optional('middleName', read('MiddleName')),
    ...optional('suffix', read('Suffix')),
    ...optional('preferredName', read('PreferredName')),
    ...optional('sortName', read('SortName')),
    ...optional('fullName', read('FullName')),
  };
}

/** `{ key: value }` when the value is present, `{}` otherwise: for spreading into objects. */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function keyedList(
  listName: string,
  itemName: string,
  keyAttribute: string,
  items: Array<{ key: string; content: string }>,
): ElementFragment {
  const written = items.map(({ key, content }) => ({
    key,
    xml: `<${itemName} ${keyAttribute}="${escapeAttribute(key)}">${escapeText(content)}</${itemName}>`,
  }));
  return {
    name: listName,
    xml: `<${listName}>${written.map((item) => item.xml).join('')}</${listName}>`,
    keyedList: { itemName, keyAttribute, items: written },
  };
}

export function emailListFragment(emails: SifEmail[] | undefined): ElementFragment[] {
  if (!emails || emails.length === 0) return [];
  return [
    keyedList(
      'EmailList',
      'Email',
      'Type',
      emails.map((email) => ({ key: email.type, content: email.address })),
    ),
  ];
}

export function readEmails(element: XmlElement): SifEmail[] | undefined {
  const list = childElement(element, 'EmailList');
  if (!list) return undefined;
  return childElements(list, 'Email').map((email) => ({
    type: (email.attributes['Type'] ?? 'Primary') as SifEmailType,
    address: email.text.trim(),
  }));
}

export function otherIdListFragment(otherIds: SifOtherId[] | undefined): ElementFragment[] {
  if (!otherIds || otherIds.length === 0) return [];
  return [
    keyedList(
      'OtherIdList',
      'OtherId',
      'Type',
      otherIds.map((otherId) => ({ key: otherId.type, content: otherId.value })),
    ),
  ];
}

export function readOtherIds(element: XmlElement): SifOtherId[] | undefined {
  const list = childElement(element, 'OtherIdList');
  if (!list) return undefined;
  return childElements(list, 'OtherId').map((otherId) => ({ type: otherId.attributes['Type'] ?? '', value: otherId.text.trim() }));
}

/** `SIF_ExtendedElements`, keyed by Name. */
export function extendedElementsFragment(elements: Array<{ name: string; value: string }>): ElementFragment[] {
  if (elements.length === 0) return [];
  return [
    keyedList(
      'SIF_ExtendedElements',
      'SIF_ExtendedElement',
      'Name',
      elements.map((element) => ({ key: element.name, content: element.value })),
    ),
  ];
}

/** `<Wrapper><Code>…</Code></Wrapper>` (GradeLevel, JobFunction, ExitType). */
export function codeElement(name: string, code: string | undefined): string {
  return code === undefined ? '' : `<${name}>${textElement('Code', code)}</${name}>`;
}

export function readCode(element: XmlElement, name: string): string | undefined {
  const wrapper = childElement(element, name);
  return wrapper ? childText(wrapper, 'Code') : undefined;
}

export function readGradeLevel(element: XmlElement, name = 'GradeLevel'): GradeLevelCode | undefined {
  return readCode(element, name) as GradeLevelCode | undefined;
}

export function yesNo(value: boolean | undefined): string | undefined {
  return value === undefined ? undefined : value ? 'Yes' : 'No';
}

export function readYesNo(object: string, element: XmlElement, name: string): boolean | undefined {
  const text = childText(element, name);
  if (text === undefined) return undefined;
  if (text !== 'Yes' && text !== 'No') throw new SifObjectError(`${object}: ${name} must be Yes or No (got "${text}")`);
  return text === 'Yes';
}

export function readSchoolYear(object: string, element: XmlElement): number {
  const text = element.attributes['SchoolYear'];
  const year = Number(text);
  if (text === undefined || !/^\d{4}$/.test(text))
    throw new SifObjectError(`${object}: SchoolYear must be a four-digit year (got ${text === undefined ? 'none' : `"${text}"`})`);
  return year;
}

export function requiredAttribute(object: string, element: XmlElement, name: string): string {
  const value = element.attributes[name];
  if (value === undefined || value === '') throw new SifObjectError(`${object}: missing required attribute ${name}`);
  return value;
}

export function requiredText(object: string, element: XmlElement, name: string): string {
  const value = childText(element, name);
  if (value === undefined) throw new SifObjectError(`${object}: missing mandatory element ${name}`);
  return value;
}

export function optionalNumber(object: string, element: XmlElement, name: string): number | undefined {
  const text = childText(element, name);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw new SifObjectError(`${object}: ${name} must be a whole number (got "${text}")`);
  return Number(text);
}
