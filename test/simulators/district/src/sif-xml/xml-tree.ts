import { escapeAttribute, escapeText } from './xml-text';

/** A parsed XML element: enough structure for SIF, which has no mixed content. */
export interface XmlElement {
  /** The local name (without any prefix). */
  name: string;
  /** The element's namespace URI ('' when none). */
  uri: string;
  /** Attribute values by qualified name as written (`Type`, `xsi:nil`), namespace declarations left out. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (concatenated). */
  text: string;
}

export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';

export function childElement(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}

export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The trimmed text of a child element, or undefined when it is absent or nil. */
export function childText(element: XmlElement, name: string): string | undefined {
  const child = childElement(element, name);
  if (!child || child.attributes['xsi:nil'] === 'true') return undefined;
  return child.text.trim();
}

/**
 * Writes an element back as XML with no namespace declaration of its own, so it inherits the
 * SIF default namespace where it is placed. An `xsi:` attribute brings its own declaration.
 */
export function serializeElement(element: XmlElement): string {
  const attributes = Object.entries(element.attributes);
  const needsXsi = attributes.some(([name]) => name.startsWith('xsi:'));
  const attributeText =
    (needsXsi ? ` xmlns:xsi="${XSI_NAMESPACE}"` : '') + attributes.map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('');
  const content = element.children.length > 0 ? element.children.map(serializeElement).join('') : escapeText(element.text);
  return content === '' ? `<${element.name}${attributeText}/>` : `<${element.name}${attributeText}>${content}</${element.name}>`;
}
