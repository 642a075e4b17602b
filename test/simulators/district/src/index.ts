export type * from './model/sif-objects';
export type { VerbatimSifObject } from './model/verbatim-object';
export {
  DISTRICT_SIZES,
  EXIT_DATE_SEMANTICS,
  dcidElementNameOf,
  type DistrictSize,
  type ExitDateSemantics,
  type SandboxDistrict,
} from './model/sandbox-district';
export {
  SIF_OBJECT_NAMES,
  isSifObjectName,
  objectsOf,
  countObjects,
  DISTRICT_LIST_OF,
  type DistrictListKey,
} from './model/sif-object-names';
export { generateDistrict, type GenerateDistrictOptions } from './generate/generate-district';
export { refIdFor, isSifGuid } from './ids/ref-id';
export { currentSchoolYear, yearIdOf, schoolYearLabel } from './calendar/school-year';
export { addDays, isIsoDate, localToday, nextSchoolDay, previousSchoolDay } from './calendar/iso-dates';
export { toPtpDistrict } from './ptp/to-ptp-district';
export type * from './ptp/ptp-district';
export {
  toSifXml,
  writeSifObject,
  elementOrderOf,
  objectElements,
  objectAttributes,
  openingTag,
  decodeSifObject,
  SIF_NAMESPACE,
  type SifXmlOptions,
  type DecodedSifObject,
} from './sif-xml/sif-object-xml';
export { SifObjectError, type ElementFragment, type KeyedListFragment } from './sif-xml/object-codec';
export {
  writeSifDirectory,
  readSifDirectory,
  describeSifDirectoryReading,
  type WriteSifDirectoryOptions,
  type ReadSifDirectoryOptions,
  type RefusedSifFile,
  type SifDirectoryReading,
} from './sif-xml/sif-directory';
export { escapeText, escapeAttribute } from './sif-xml/xml-text';
export { childElement, childElements, childText, serializeElement, XSI_NAMESPACE, type XmlElement } from './sif-xml/xml-tree';
export { parseXmlDocument, XmlElementStream, XmlSyntaxError } from './sif-xml/xml-tree-parser';
