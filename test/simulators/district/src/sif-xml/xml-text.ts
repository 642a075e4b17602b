/**
 * Escaping for XML 1.0 text and attribute values. Characters XML 1.0 cannot carry at all
 * (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are dropped rather than written.
 */

/* eslint-disable no-control-regex -- these patterns exist to find the control characters XML 1.0 forbids */
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const TEXT_NEEDS_WORK = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ATTRIBUTE_NEEDS_WORK = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
/* eslint-enable no-control-regex */

export function escapeText(value: string): string {
  if (!TEXT_NEEDS_WORK.test(value)) return value;
  return value.replace(NOT_XML_CHAR, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** For values written between double quotes; tabs and line breaks survive attribute normalization. */
export function escapeAttribute(value: string): string {
  if (!ATTRIBUTE_NEEDS_WORK.test(value)) return value;
  return value
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** `<name>text</name>`, or nothing when the value is absent. */
export function textElement(name: string, value: string | number | undefined): string {
  if (value === undefined) return '';
  return `<${name}>${escapeText(String(value))}</${name}>`;
}
