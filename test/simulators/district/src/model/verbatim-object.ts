import type { SifObjectName } from './sif-objects';

/**
 * An object of a loaded export that the typed model does not hold: one that breaks the schema
 * (a StudentPersonal without its Name, a DCID that is not a number, no RefId), or a second copy
 * of a RefId already read. A real district's export has both. The zone serves it as the file held
 * it, because the zone is a transport: it is sisbridge's agent that rejects, records and reports
 * it. Views that need the typed model (PowerTeacher Pro's) leave it out.
 */
export interface VerbatimSifObject {
  objectName: SifObjectName;
  /** Absent when the object has no RefId attribute. */
  refId?: string;
  /** The root attributes as written (RefId, SchoolYear, …), in document order: SIF_Query conditions test them. */
  attributes: Record<string, string>;
  /** Each top-level child element as written, serialized without a namespace declaration (it inherits SIF's). */
  elements: Array<{ name: string; xml: string }>;
  /** The file it came from, and why the model does not hold it. */
  file: string;
  problem: string;
}
