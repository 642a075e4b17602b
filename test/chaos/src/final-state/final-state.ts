/**
 * A system's final state as a set of objects, each under the key that names it in the field's
 * terms (a SIS id, a section DCID and assignment name, …) with its values as canonical JSON.
 * Database ids, timestamps and import ids are left out: two runs of the same district give the
 * same keys and values whatever ids their systems handed out.
 */
export interface FinalState {
  values: ReadonlyMap<string, string>;
  /** Keys met more than once: the same object made twice. */
  duplicates: readonly string[];
}

export function collectState(objects: Iterable<readonly [key: string, value: unknown]>): FinalState {
  const values = new Map<string, string>();
  const duplicates: string[] = [];
  for (const [key, value] of objects) {
    if (values.has(key)) duplicates.push(key);
    else values.set(key, canonicalJson(value));
  }
  return { values, duplicates };
}

/** How a final state differs from the fault-free run's. */
export interface StateDifference {
  equal: boolean;
  /** In the fault-free state, missing here: a change that never arrived. */
  lost: string[];
  /** Here with other values: a change lost or applied wrongly. */
  changed: string[];
  /** Here, not in the fault-free state. */
  unexpected: string[];
  /** Made more than once here (and not in the fault-free run). */
  duplicates: string[];
}

export function compareStates(reference: FinalState, actual: FinalState): StateDifference {
  const lost: string[] = [];
  const changed: string[] = [];
  const unexpected: string[] = [];
  for (const [key, value] of reference.values) {
    const other = actual.values.get(key);
    if (other === undefined) lost.push(key);
    else if (other !== value) changed.push(key);
  }
  for (const key of actual.values.keys()) if (!reference.values.has(key)) unexpected.push(key);
  const expectedTwice = new Set(reference.duplicates);
  const duplicates = actual.duplicates.filter((key) => !expectedTwice.has(key));
  return {
    equal: lost.length === 0 && changed.length === 0 && unexpected.length === 0 && duplicates.length === 0,
    lost,
    changed,
    unexpected,
    duplicates,
  };
}

/** JSON with object keys sorted, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
