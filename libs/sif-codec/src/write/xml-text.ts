/**
 * Characters XML 1.0 does not allow anywhere in a document, not even escaped (§2.2 Char): the C0
 * controls but tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF. A value
 * copied from elsewhere (an error text, a name typed into another system) can carry them, and one
 * such character makes the whole message not well-formed, so the zone refuses it.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * A value as element content or a double-quoted attribute value: characters XML 1.0 forbids are
 * dropped, markup characters escaped.
 */
export function xmlText(value: string | number): string {
  return String(value)
    .replace(NOT_XML_CHAR, '')
    .replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** `<name>text</name>`, or nothing when the value is absent. */
export function element(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : `<${name}>${xmlText(value)}</${name}>`;
}

/** ` name="value"`, the value escaped like element text. */
export function attribute(name: string, value: string | number): string {
  return ` ${name}="${xmlText(value)}"`;
}
