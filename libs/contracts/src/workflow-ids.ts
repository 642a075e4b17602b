/**
 * Workflow ids built from outside values (district, teacher and course SIS ids, run keys). Each
 * part is percent-encoded, every character outside `[A-Za-z0-9]` as its UTF-8 bytes (`-` is
 * `%2D`, `_` is `%5F`, a space `%20`), so `-` only ever separates parts: (`springfield`,
 * `east-T4711`) and (`springfield-east`, `T4711`) are two ids, and so are `T 1` and `T_1`. Letters
 * and digits stay as they are, so the usual ids read as before (`passback-springfield-T4711`).
 * Pure: workflows import it inside their sandbox.
 */
export function workflowIdPart(value: string): string {
  return encodeURIComponent(value).replace(
    /[^A-Za-z0-9%]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** `prefix-part-part…`, each part encoded (the prefix is this code's own constant). */
export function workflowId(prefix: string, ...parts: readonly string[]): string {
  return [prefix, ...parts.map(workflowIdPart)].join('-');
}
