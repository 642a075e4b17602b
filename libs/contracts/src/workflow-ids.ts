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

/**
 * The ids workflows started before ids were encoded (`patched('encoded-workflow-ids')`): the parts
 * joined with `-`, every character outside `[A-Za-z0-9._:-]` replaced by `_`. A run that started
 * with these goes on starting its children with them, so that its history replays; new runs use
 * `workflowId`. Remove with the patch once no such run can be in flight.
 */
export function legacyWorkflowId(prefix: string, ...parts: ReadonlyArray<string | undefined>): string {
  return [prefix, ...parts.filter((part) => part !== undefined)].join('-').replace(/[^A-Za-z0-9._:-]/g, '_');
}

/** The patch id that tells old runs (legacy child ids) from new ones. */
export const ENCODED_WORKFLOW_IDS_PATCH = 'encoded-workflow-ids';
