/**
 * The top-level fields whose values differ between two versions of an entity. Arrays compare
 * element by element in order (the lead teacher moving to second place is a change); a field
 * present on one side only counts as changed.
 */
export function changedFields(before: object, after: object): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const fields = new Set([...Object.keys(a), ...Object.keys(b)]);
  const changed: string[] = [];
  for (const field of fields) {
    if (!sameValue(a[field], b[field])) changed.push(field);
  }
  return changed.sort();
}

function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (Array.isArray(x) && Array.isArray(y)) {
    return x.length === y.length && x.every((item, i) => sameValue(item, y[i]));
  }
  if (x !== null && y !== null && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
    return changedFields(x, y).length === 0;
  }
  return false;
}
