import type { SifObjectCommon, SifObjectName, SifObjectTypes } from '../model/sif-objects';
import type { XmlElement } from './xml-tree';

/** A list whose items are keyed by an attribute (Email@Type, SIF_ExtendedElement@Name, …). */
export interface KeyedListFragment {
  itemName: string;
  keyAttribute: string;
  items: Array<{ key: string; xml: string }>;
}

/** One top-level child element of an object, already serialized. */
export interface ElementFragment {
  name: string;
  xml: string;
  /** Present for lists a Change event may edit item by item (SIF_Action="Delete", 2.5+). */
  keyedList?: KeyedListFragment;
}

/** How one SIF object kind is written and read. */
export interface SifObjectCodec<N extends SifObjectName> {
  objectName: N;
  /**
   * Every child element of the object in schema order (reference/sif.md §2.2), including ones
   * this model does not hold: those are kept raw from a loaded export and written back here.
   */
  elementOrder: readonly string[];
  /** The elements the model holds (the rest of a loaded object is kept raw). */
  modelledElements: ReadonlySet<string>;
  /** The root attributes in order: RefId, then the required key attributes. */
  attributes(object: SifObjectTypes[N]): Array<[string, string]>;
  /** The modelled elements, in schema order; SIF_ExtendedElements is written by the caller. */
  elements(object: SifObjectTypes[N]): ElementFragment[];
  /** The object from its element; `common` holds RefId, DCID and what is kept raw. */
  decode(element: XmlElement, common: SifObjectCommon): SifObjectTypes[N];
}

/** A SIF object that cannot be read: the message names the object and what is wrong. */
export class SifObjectError extends Error {}

/** Leaves out properties whose value is undefined, so decoded objects compare like generated ones. */
export function compact<T extends object>(object: T): T {
  for (const key of Object.keys(object) as Array<keyof T>) {
    if (object[key] === undefined) delete object[key];
  }
  return object;
}
