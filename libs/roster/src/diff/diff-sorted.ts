import type { RosterEntity } from '../model/roster-entities';
import { compareSisIds } from '../model/sis-id-order';
import { changedFields } from './changed-fields';
import type { RosterChange } from './roster-change';

type Source<E> = Iterable<E> | AsyncIterable<E>;

/** The inputs of a diff were not what the merge needs: a bug upstream, never silently tolerated. */
export class UnsortedSnapshotError extends Error {
  constructor(side: 'before' | 'after', previous: string, current: string) {
    super(`the ${side} snapshot is not in sis id order, or repeats a sis id: ${JSON.stringify(previous)} then ${JSON.stringify(current)}`);
    this.name = 'UnsortedSnapshotError';
  }
}

/**
 * Diffs two snapshots of one kind, each sorted by sis id (`compareSisIds`), in one merge pass:
 * memory stays constant however large the district, and the output is in sis id order, so
 * the same inputs always give the same changes in the same order.
 */
export async function* diffSorted<E extends RosterEntity>(before: Source<E>, after: Source<E>): AsyncGenerator<RosterChange<E>> {
  const left = ordered(before, 'before');
  const right = ordered(after, 'after');
  let a = await left.next();
  let b = await right.next();
  while (!a.done || !b.done) {
    if (b.done || (!a.done && compareSisIds(a.value.sisId, b.value.sisId) < 0)) {
      const removed = a.value as E;
      yield { op: 'remove', kind: removed.kind, sisId: removed.sisId, before: removed };
      a = await left.next();
    } else if (a.done || compareSisIds(a.value.sisId, b.value.sisId) > 0) {
      const added = b.value;
      yield { op: 'add', kind: added.kind, sisId: added.sisId, after: added };
      b = await right.next();
    } else {
      const fields = changedFields(a.value, b.value);
      if (fields.length > 0) yield { op: 'change', kind: b.value.kind, sisId: b.value.sisId, before: a.value, after: b.value, fields };
      a = await left.next();
      b = await right.next();
    }
  }
}

async function* ordered<E extends RosterEntity>(source: Source<E>, side: 'before' | 'after'): AsyncGenerator<E, void, undefined> {
  let previous: string | undefined;
  for await (const entity of source) {
    if (previous !== undefined && compareSisIds(previous, entity.sisId) >= 0) throw new UnsortedSnapshotError(side, previous, entity.sisId);
    previous = entity.sisId;
    yield entity;
  }
}
