import {
  elementOrderOf,
  objectAttributes,
  objectElements,
  openingTag,
  writeSifObject,
  XSI_NAMESPACE,
  type ElementFragment,
  type SifObjectName,
  type SifObjectTypes,
} from '@sisbridge/sandbox-district';
import { escapeAttribute } from '@sisbridge/sandbox-district';

/**
 * What a Delete event carries **[U]**: PowerSchool-style RefId only, or every required attribute
 * (RefId plus the key attributes such as SchoolYear); publishers differ (reference/sif.md §1.13).
 */
export type DeleteEventKeys = 'refid' | 'required-attributes';

export const DELETE_EVENT_KEYS: readonly DeleteEventKeys[] = ['refid', 'required-attributes'];

/** An Add event carries the whole object. */
export function addEventObject<N extends SifObjectName>(objectName: N, object: SifObjectTypes[N], dcidElementName: string | null): string {
  return writeSifObject(objectName, object, { dcidElementName });
}

/** A Delete event carries the object's key only. */
export function deleteEventObject<N extends SifObjectName>(objectName: N, object: SifObjectTypes[N], keys: DeleteEventKeys): string {
  const attributes = objectAttributes(objectName, object);
  return `${openingTag(objectName, keys === 'refid' ? attributes.slice(0, 1) : attributes, false)}/>`;
}

function keyedItemsChange(before: ElementFragment, after: ElementFragment | undefined): string {
  const list = before.keyedList ?? after?.keyedList;
  if (!list) return after?.xml ?? '';
  const beforeItems = new Map((before.keyedList?.items ?? []).map((item) => [item.key, item.xml]));
  const afterItems = after?.keyedList?.items ?? [];
  const changed = afterItems.filter((item) => beforeItems.get(item.key) !== item.xml).map((item) => item.xml);
  const afterKeys = new Set(afterItems.map((item) => item.key));
  const deleted = [...beforeItems.keys()]
    .filter((key) => !afterKeys.has(key))
    .map((key) => `<${list.itemName} ${list.keyAttribute}="${escapeAttribute(key)}" SIF_Action="Delete"/>`);
  return `<${before.name}>${[...changed, ...deleted].join('')}</${before.name}>`;
}

/**
 * A Change event's partial object: the root attributes (RefId and the other required ones) and
 * only the elements that changed. A removed element is sent nil. In a list keyed by an attribute
 * (EmailList, OtherIdList, SIF_ExtendedElements) a 2.5+ message names only the changed items and
 * marks removed ones SIF_Action="Delete"; older versions resend the whole list.
 * Null when nothing changed.
 */
export function changeEventObject<N extends SifObjectName>(
  objectName: N,
  before: SifObjectTypes[N],
  after: SifObjectTypes[N],
  options: { dcidElementName: string | null; listItemDeletes: boolean },
): string | null {
  const beforeElements = new Map(objectElements(objectName, before, options).map((fragment) => [fragment.name, fragment]));
  const afterElements = new Map(objectElements(objectName, after, options).map((fragment) => [fragment.name, fragment]));
  const order = elementOrderOf(objectName);
  const names = [...new Set([...beforeElements.keys(), ...afterElements.keys()])].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const changed: string[] = [];
  for (const name of names) {
    const was = beforeElements.get(name);
    const is = afterElements.get(name);
    if (was?.xml === is?.xml) continue;
    if (was && options.listItemDeletes && (was.keyedList || is?.keyedList)) changed.push(keyedItemsChange(was, is));
    else if (is) changed.push(is.xml);
    else changed.push(`<${name} xmlns:xsi="${XSI_NAMESPACE}" xsi:nil="true"/>`);
  }
  const attributes = objectAttributes(objectName, after);
  const attributesChanged = JSON.stringify(objectAttributes(objectName, before)) !== JSON.stringify(attributes);
  if (changed.length === 0 && !attributesChanged) return null;
  const open = openingTag(objectName, attributes, false);
  return changed.length === 0 ? `${open}/>` : `${open}>${changed.join('')}</${objectName}>`;
}
