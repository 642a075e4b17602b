/**
 * PowerSchool pads XTE JSON with a random `$breach_mitigation` string in every object (a BREACH
 * defence, powerteacher-pro.md §5.11). It means nothing: removed everywhere before anyone reads
 * or stores an answer, so equal data compares equal.
 */
export function withoutBreachMitigation(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutBreachMitigation);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$breach_mitigation') continue;
    out[key] = withoutBreachMitigation(item);
  }
  return out;
}
