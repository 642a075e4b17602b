import {
  childElement,
  childElements,
  childText,
  type SifObject,
  type SifObjectName,
  type VerbatimSifObject,
  type XmlElement,
} from '@sisbridge/sandbox-district';
import { SIF_ERRORS } from '../sif/sif-error';

/** The root attributes of each object (reference/sif.md §2.2), the ones a condition may test. */
const ROOT_ATTRIBUTES: Readonly<Record<SifObjectName, readonly string[]>> = {
  LEAInfo: ['RefId'],
  SchoolInfo: ['RefId'],
  TermInfo: ['RefId', 'SchoolInfoRefId', 'SchoolYear'],
  SchoolCourseInfo: ['RefId', 'SchoolInfoRefId', 'SchoolYear'],
  SectionInfo: ['RefId', 'SchoolCourseInfoRefId', 'SchoolYear'],
  StaffPersonal: ['RefId'],
  StaffAssignment: ['RefId', 'SchoolInfoRefId', 'SchoolYear', 'StaffPersonalRefId'],
  StudentPersonal: ['RefId'],
  StudentSchoolEnrollment: ['RefId', 'StudentPersonalRefId', 'SchoolInfoRefId', 'MembershipType', 'TimeFrame', 'SchoolYear'],
  StudentSectionEnrollment: ['RefId', 'StudentPersonalRefId', 'SectionInfoRefId', 'SchoolYear'],
};

/**
 * `@SchoolYear` on an object that has no SchoolYear (StudentPersonal, StaffPersonal, …) **[U]**:
 * Instructure's agent sent `@SchoolYear EQ` with every request and PowerSchool answered, so by
 * default the condition is ignored for such objects; `reject` answers 8/9 instead.
 */
export type YearlessSchoolYear = 'ignore' | 'reject';

export interface ParsedQuery {
  /** Only these top-level elements are returned (SIF_QueryObject/SIF_Element); all when undefined. */
  elements: ReadonlySet<string> | undefined;
  matches: (object: SifObject) => boolean;
  /** The same conditions on an object served as written, tested on its root attributes as written. */
  matchesVerbatim: (object: VerbatimSifObject) => boolean;
  /** When the conditions pin one RefId, the only object worth looking at. */
  refId: string | undefined;
}

/** A root attribute's value as the query compares it ('' when absent). */
type AttributeReader = (attribute: string) => string;
type Predicate = (read: AttributeReader) => boolean;

function attributeValue(object: SifObject, attribute: string): string {
  const value = (object as unknown as Record<string, unknown>)[attribute.charAt(0).toLowerCase() + attribute.slice(1)];
  return value === undefined ? '' : String(value);
}

/**
 * Reads a SIF_Query for one object. This responder supports what a provisioning agent sends:
 * EQ conditions on the object's root attributes (@RefId, @SchoolYear, @SchoolInfoRefId, …),
 * grouped with And, Or or None. Anything else (element paths, other operators, SIF_Example) is
 * refused with 8/9 and a sentence saying what is supported.
 */
export function parseSifQuery(query: XmlElement, objectName: SifObjectName, yearless: YearlessSchoolYear): ParsedQuery {
  const queryObject = childElement(query, 'SIF_QueryObject');
  const elements = new Set(
    (queryObject ? childElements(queryObject, 'SIF_Element') : [])
      .map((element) => element.text.trim().split('/')[0] ?? '')
      .filter((name) => name !== '' && !name.startsWith('@')),
  );
  if (childElement(query, 'SIF_Example'))
    throw SIF_ERRORS.queryNotSupported('query by SIF_Example is not supported; use SIF_ConditionGroup');
  const group = childElement(query, 'SIF_ConditionGroup');
  const supported = ROOT_ATTRIBUTES[objectName].map((attribute) => `@${attribute}`).join(', ');
  let refId: string | undefined;
  let matches: Predicate = () => true;
  if (group) {
    const groupType = group.attributes['Type'] ?? 'None';
    const conditionSets = childElements(group, 'SIF_Conditions');
    if (conditionSets.length === 0) throw SIF_ERRORS.queryNotSupported('SIF_ConditionGroup holds no SIF_Conditions');
    const allAnd =
      (groupType !== 'Or' || conditionSets.length === 1) &&
      conditionSets.every((set) => set.attributes['Type'] !== 'Or' || childElements(set, 'SIF_Condition').length === 1);
    const sets = conditionSets.map((set) => {
      const predicates = childElements(set, 'SIF_Condition').map((condition): Predicate => {
        const element = childText(condition, 'SIF_Element') ?? '';
        const operator = childText(condition, 'SIF_Operator') ?? '';
        const value = childText(condition, 'SIF_Value') ?? '';
        const attribute = /^@([A-Za-z]+)$/.exec(element)?.[1];
        if (attribute === 'SchoolYear' && !ROOT_ATTRIBUTES[objectName].includes('SchoolYear') && yearless === 'ignore') return () => true;
        if (!attribute || !ROOT_ATTRIBUTES[objectName].includes(attribute)) {
          throw SIF_ERRORS.queryNotSupported(
            `conditions may test the root attributes of ${objectName} only (${supported}); got "${element}"`,
          );
        }
        if (operator !== 'EQ') throw SIF_ERRORS.queryNotSupported(`only the EQ operator is supported; got "${operator}" on ${element}`);
        if (attribute === 'RefId' && allAnd) refId = value;
        return (read) => read(attribute) === value;
      });
      if (predicates.length === 0) return () => true;
      return set.attributes['Type'] === 'Or'
        ? (read: AttributeReader) => predicates.some((test) => test(read))
        : (read: AttributeReader) => predicates.every((test) => test(read));
    });
    matches = groupType === 'Or' ? (read) => sets.some((test) => test(read)) : (read) => sets.every((test) => test(read));
  }
  const test = matches;
  return {
    elements: elements.size > 0 ? elements : undefined,
    matches: (object) => test((attribute) => attributeValue(object, attribute)),
    matchesVerbatim: (object) => test((attribute) => object.attributes[attribute] ?? ''),
    refId,
  };
}
