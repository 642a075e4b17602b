import type { SifElement } from '../parse/sif-element';

/**
 * Problems anywhere in an object that make it untrustworthy as a whole: a value longer than the
 * reader kept (a 10 MB string), or text that was not valid UTF-8 on the wire (the decoder
 * replaced it with U+FFFD). Each names the field by its path, e.g. `StudentPersonal/Name/LastName`.
 * Every object of every packet passes through here, so a path is only spelled out when there
 * is a problem to name.
 */
export function scanObject(root: SifElement, maxFieldLength: number): string[] {
  const problems: string[] = [];
  const names: string[] = [];
  const visit = (element: SifElement) => {
    names.push(element.name);
    if (element.oversized) {
      for (const [field, length] of Object.entries(element.oversized)) {
        const where = field === '#text' ? names.join('/') : `${names.join('/')}/${field}`;
        problems.push(`${where} is ${length} characters long; the longest value accepted is ${maxFieldLength} (maxFieldLength)`);
      }
    }
    if (element.text.includes('\uFFFD')) problems.push(`${names.join('/')} holds bytes that are not valid UTF-8 (shown as U+FFFD)`);
    for (const name in element.attributes) {
      if (element.attributes[name]?.includes('\uFFFD'))
        problems.push(`${names.join('/')}/@${name} holds bytes that are not valid UTF-8 (shown as U+FFFD)`);
    }
    for (const child of element.children) visit(child);
    names.pop();
  };
  visit(root);
  return problems;
}
