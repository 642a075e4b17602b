/**
 * One XML element as the reader keeps it: a small tree, with the namespace resolved. Text is
 * bounded: a value longer than the reader's `maxFieldLength` keeps only its beginning, and
 * `oversized` records its real length, so a 10 MB string costs one transient string, not a
 * stored one, and the object it is in can be rejected naming the field and its length.
 */
export interface SifElement {
  /** The local name (any prefix removed). */
  name: string;
  /** The namespace URI in effect for the element ('' for none). */
  namespace: string;
  /** By attribute name, without `xmlns` declarations. */
  attributes: Record<string, string>;
  children: SifElement[];
  /** The element's own text (whitespace-only text between child elements is dropped). */
  text: string;
  /** Real lengths of values cut to the limit: `#text` for the text, `@Name` for an attribute. */
  oversized?: Record<string, number>;
}

/** The first child with this local name. */
export function childNamed(element: SifElement | undefined, name: string): SifElement | undefined {
  if (!element) return undefined;
  for (const child of element.children) if (child.name === name) return child;
  return undefined;
}

/** Every child with this local name, in document order. */
export function childrenNamed(element: SifElement | undefined, name: string): SifElement[] {
  return element ? element.children.filter((child) => child.name === name) : [];
}

/** The trimmed text of the child at `path` (e.g. `Name`, `LastName`), or undefined when absent or empty. */
export function textAt(element: SifElement | undefined, ...path: string[]): string | undefined {
  let current = element;
  for (const name of path) current = childNamed(current, name);
  if (!current) return undefined;
  const text = current.text.trim();
  return text === '' ? undefined : text;
}
