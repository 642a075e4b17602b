import type { SifElement } from '../parse/sif-element';

/**
 * Problems anywhere in an object that make it untrustworthy as a whole: a value longer than the
 * reader kept (a 10 MB string), or text that was not valid UTF-8 on the wire (the decoder
 * replaced it with U+FFFD). Each names the field by its path, e.g. `StudentPersonal/Name/LastName`.
 */
export function scanObject(root: SifElement, maxFieldLength: number): string[] {
  const problems: string[] = [];
  const visit = (element: SifElement, path: string) => {
    if (element.oversized) {
      for (const [field, length] of Object.entries(element.oversized)) {
        const where = field === '#text' ? path : `${path}/${field}`;
        problems.push(`${where} is ${length} characters long; the longest value accepted is ${maxFieldLength} (maxFieldLength)`);
      }
    }
    if (element.text.includes('\uFFFD')) problems.push(`${path} holds bytes that are not valid UTF-8 (shown as U+FFFD)`);
    for (const [name, value] of Object.entries(element.attributes)) {
      if (value.includes('\uFFFD')) problems.push(`${path}/@${name} holds bytes that are not valid UTF-8 (shown as U+FFFD)`);
    }
    for (const child of element.children) visit(child, `${path}/${child.name}`);
  };
  visit(root, root.name);
  return problems;
}
