import type { RawSifElement, SifExtendedElement, SifObjectCommon, SifObjectName, SifObjectTypes } from '../model/sif-objects';
import { isSifObjectName } from '../model/sif-object-names';
import { extendedElementsFragment } from './common-elements';
import { SifObjectError, type ElementFragment, type SifObjectCodec } from './object-codec';
import { leaInfoCodec } from './objects/lea-info';
import { schoolCourseInfoCodec } from './objects/school-course-info';
import { schoolInfoCodec } from './objects/school-info';
import { sectionInfoCodec } from './objects/section-info';
import { staffAssignmentCodec } from './objects/staff-assignment';
import { staffPersonalCodec } from './objects/staff-personal';
import { studentPersonalCodec } from './objects/student-personal';
import { studentSchoolEnrollmentCodec } from './objects/student-school-enrollment';
import { studentSectionEnrollmentCodec } from './objects/student-section-enrollment';
import { termInfoCodec } from './objects/term-info';
import { childElement, childElements, serializeElement, type XmlElement } from './xml-tree';
import { escapeAttribute } from './xml-text';

/** The SIF 2.x infrastructure namespace, which also holds every US data object. */
export const SIF_NAMESPACE = 'http://www.sifinfo.org/infrastructure/2.x';

const CODECS: { readonly [N in SifObjectName]: SifObjectCodec<N> } = {
  LEAInfo: leaInfoCodec,
  SchoolInfo: schoolInfoCodec,
  TermInfo: termInfoCodec,
  SchoolCourseInfo: schoolCourseInfoCodec,
  SectionInfo: sectionInfoCodec,
  StaffPersonal: staffPersonalCodec,
  StaffAssignment: staffAssignmentCodec,
  StudentPersonal: studentPersonalCodec,
  StudentSchoolEnrollment: studentSchoolEnrollmentCodec,
  StudentSectionEnrollment: studentSectionEnrollmentCodec,
};

export function codecOf<N extends SifObjectName>(objectName: N): SifObjectCodec<N> {
  return CODECS[objectName] as SifObjectCodec<N>;
}

/** Every child element of an object kind in schema order (for placing partial objects' elements). */
export function elementOrderOf(objectName: SifObjectName): readonly string[] {
  return codecOf(objectName).elementOrder;
}

export interface SifXmlOptions {
  /** The SIF_ExtendedElement carrying the DCID; null writes none. Default `DCID`. */
  dcidElementName?: string | null;
}

function dcidNameOf(options: SifXmlOptions): string | null {
  return options.dcidElementName === undefined ? 'DCID' : options.dcidElementName;
}

/** The object's root attributes in order (RefId first, then the required ones). */
export function objectAttributes<N extends SifObjectName>(objectName: N, object: SifObjectTypes[N]): Array<[string, string]> {
  return codecOf(objectName).attributes(object);
}

/**
 * The object's child elements, serialized, in schema order: the modelled ones, the ones kept raw
 * from a loaded export at their schema place, and SIF_ExtendedElements (the DCID first) last.
 */
export function objectElements<N extends SifObjectName>(
  objectName: N,
  object: SifObjectTypes[N],
  options: SifXmlOptions = {},
): ElementFragment[] {
  const codec = codecOf(objectName);
  const fragments = codec.elements(object).filter((fragment) => fragment.xml !== '');
  const dcidName = dcidNameOf(options);
  const extended: SifExtendedElement[] = [
    ...(dcidName === null ? [] : [{ name: dcidName, value: String(object.dcid) }]),
    ...(object.extendedElements ?? []),
  ];
  const extendedFragments = extendedElementsFragment(extended);
  const raw = object.otherElements ?? [];
  if (raw.length === 0) return [...fragments, ...extendedFragments];
  const order = (name: string) => {
    const index = codec.elementOrder.indexOf(name);
    // A name the schema order does not list goes just before SIF_ExtendedElements.
    return index >= 0 ? index : codec.elementOrder.length - 1.5;
  };
  const all = [...fragments, ...raw.map((element) => ({ name: element.name, xml: element.xml })), ...extendedFragments];
  return all
    .map((fragment, position) => ({ fragment, position }))
    .sort((a, b) => order(a.fragment.name) - order(b.fragment.name) || a.position - b.position)
    .map(({ fragment }) => fragment);
}

/** `<ObjectName RefId="…" …>`: the opening tag, with the namespace declaration when asked. */
export function openingTag(objectName: SifObjectName, attributes: Array<[string, string]>, xmlns: boolean): string {
  return `<${objectName}${xmlns ? ` xmlns="${SIF_NAMESPACE}"` : ''}${attributes.map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('')}`;
}

/** One object as it sits inside a SIF_Message (no namespace declaration: it inherits SIF's). */
export function writeSifObject<N extends SifObjectName>(
  objectName: N,
  object: SifObjectTypes[N],
  options: SifXmlOptions & { xmlns?: boolean } = {},
): string {
  const elements = objectElements(objectName, object, options);
  const open = openingTag(objectName, objectAttributes(objectName, object), options.xmlns ?? false);
  if (elements.length === 0) return `${open}/>`;
  let xml = `${open}>`;
  for (const element of elements) xml += element.xml;
  return `${xml}</${objectName}>`;
}

/** One object as a standalone, namespace-correct SIF XML element. */
export function toSifXml<N extends SifObjectName>(objectName: N, object: SifObjectTypes[N], options: SifXmlOptions = {}): string {
  return writeSifObject(objectName, object, { ...options, xmlns: true });
}

/** One decoded object, discriminated by its name. `hasDcid` is false when it carried no DCID (then `dcid` is 0). */
export type DecodedSifObject = { [N in SifObjectName]: { objectName: N; object: SifObjectTypes[N]; hasDcid: boolean } }[SifObjectName];

/**
 * Reads one object element. Unknown child elements are kept raw; a missing mandatory element or
 * required attribute is a SifObjectError naming the object.
 */
export function decodeSifObject(element: XmlElement, options: SifXmlOptions = {}): DecodedSifObject {
  const objectName = element.name;
  if (!isSifObjectName(objectName)) throw new SifObjectError(`${objectName} is not a SIF object this district holds`);
  const refId = element.attributes['RefId'];
  if (!refId) throw new SifObjectError(`${objectName}: missing required attribute RefId`);
  const codec: SifObjectCodec<SifObjectName> = codecOf(objectName);
  const dcidName = dcidNameOf(options);
  let dcid = 0;
  const extendedElements: SifExtendedElement[] = [];
  const extendedList = childElement(element, 'SIF_ExtendedElements');
  for (const extended of extendedList ? childElements(extendedList, 'SIF_ExtendedElement') : []) {
    const name = extended.attributes['Name'] ?? '';
    const value = extended.text.trim();
    if (dcidName !== null && name === dcidName) {
      if (!/^\d+$/.test(value))
        throw new SifObjectError(`${objectName} ${refId}: SIF_ExtendedElement ${dcidName} must be a DCID number (got "${value}")`);
      dcid = Number(value);
    } else {
      extendedElements.push({ name, value });
    }
  }
  const otherElements: RawSifElement[] = element.children
    .filter((child) => child.name !== 'SIF_ExtendedElements' && !codec.modelledElements.has(child.name))
    .map((child) => ({ name: child.name, xml: serializeElement(child) }));
  const common: SifObjectCommon = {
    refId,
    dcid,
    ...(extendedElements.length > 0 ? { extendedElements } : {}),
    ...(otherElements.length > 0 ? { otherElements } : {}),
  };
  return { objectName, object: codec.decode(element, common), hasDcid: dcid !== 0 } as DecodedSifObject;
}
