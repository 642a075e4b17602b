/** Escapes text for an element's content or a double-quoted attribute. */
export function xmlText(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** `<name>text</name>`, or nothing when the value is absent. */
export function element(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : `<${name}>${xmlText(value)}</${name}>`;
}
