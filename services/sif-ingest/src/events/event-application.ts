import { isDeepStrictEqual } from 'node:util';
import { applyChange, isSifObjectName, validateRecord, type SifObjectName, type SifRecord } from '@sisbridge/sif-codec';
import { parentRefs } from '../objects/object-references';

/** A stored SIF_Event not settled yet, in the order the zone delivered it (`seq`). */
export interface PendingEvent {
  seq: number;
  objectName: string;
  action: string;
  refId?: string;
  /** The object as the event carried it (JSON); none for events the receiver found unusable. */
  data?: string;
  /** What the receiver found wrong with it. */
  problem?: string;
}

export type EventOutcome =
  | { seq: number; state: 'applied' }
  | { seq: number; state: 'rejected'; reason: string }
  | { seq: number; state: 'waiting'; reason: string };

/** A current object as the events found it and left it (absent: not there). */
export interface ObjectChange {
  objectName: SifObjectName;
  refId: string;
  before?: SifRecord;
  after?: SifRecord;
}

/** A current object: its kind and record. */
export interface KnownObject {
  objectName: SifObjectName;
  record: SifRecord;
}

/**
 * Applies events, in order, to the current objects they name (`objects`, by RefId: what the store
 * holds, fetched beforehand, with the objects their records name), in memory:
 * - Add: the whole object (as the receiver validated it);
 * - Change: the partial object merged into the stored one, list items marked `SIF_Action="Delete"`
 *   removed (§1.12); a Change of an object not there must give a whole object;
 * - Delete: by RefId alone, whatever else the publisher sent ([U]: RefId only, or every
 *   attribute); a Delete of an object not there is nothing to do.
 * An Add or Change whose object names one not known yet (an enrollment of a student whose Add has
 * not come) waits, and so does every later event of the same object, so they apply in order once
 * the parent comes: later in the same window (they are tried again after it), or in a later one. Returns each event's outcome and the objects that changed, as they were and
 * are now (an object changed and changed back is no change).
 */
export function applyEvents(
  events: readonly PendingEvent[],
  objects: ReadonlyMap<string, KnownObject>,
  schoolYear: number,
): { outcomes: EventOutcome[]; changes: ObjectChange[] } {
  const working = new Map<string, KnownObject | null>();
  const current = (refId: string): KnownObject | undefined => {
    const changed = working.get(refId);
    return changed === null ? undefined : (changed ?? objects.get(refId));
  };
  const outcomes = new Map<number, EventOutcome>();
  const pass = (queue: readonly PendingEvent[]): PendingEvent[] => {
    const waitingObjects = new Map<string, number>();
    const waiting: PendingEvent[] = [];
    for (const event of queue) {
      const outcome = applyOne(event, waitingObjects);
      outcomes.set(event.seq, outcome);
      if (outcome.state === 'waiting') waiting.push(event);
    }
    return waiting;
  };
  const applyOne = (event: PendingEvent, waitingObjects: Map<string, number>): EventOutcome => {
    const problem = unusable(event);
    if (problem) return { seq: event.seq, state: 'rejected', reason: problem };
    const objectName = event.objectName as SifObjectName;
    const refId = event.refId as string;
    const key = `${objectName}/${refId}`;
    const earlier = waitingObjects.get(key);
    if (earlier !== undefined)
      return { seq: event.seq, state: 'waiting', reason: `waiting for event ${earlier} of the same ${objectName}` };
    const stored = current(refId);
    const existing = stored?.objectName === objectName ? stored.record : undefined;
    if (event.action === 'Delete') {
      if (existing) working.set(refId, null);
      return { seq: event.seq, state: 'applied' };
    }
    const carried = JSON.parse(event.data ?? '{}') as SifRecord;
    let next: SifRecord = carried;
    if (event.action === 'Change') {
      if (existing) next = applyChange(existing, carried);
      else {
        next = { ...carried };
        delete (next as { deletes?: unknown }).deletes;
      }
    }
    const missing = validateRecord(next);
    if (missing.length > 0) {
      return {
        seq: event.seq,
        state: 'rejected',
        reason:
          event.action === 'Change'
            ? `the change leaves the object incomplete (${missing.join('; ')}), or changes an object this run does not have`
            : missing.join('; '),
      };
    }
    const absent = parentRefs(next, schoolYear).find((parent) => current(parent.refId)?.objectName !== parent.objectName);
    if (absent) {
      waitingObjects.set(key, event.seq);
      return { seq: event.seq, state: 'waiting', reason: `waiting for ${absent.objectName} ${absent.refId}` };
    }
    working.set(refId, { objectName, record: next });
    return { seq: event.seq, state: 'applied' };
  };
  // Events whose parent came later in the same window are tried again, in their order, until none moves.
  for (let waiting = pass(events); waiting.length > 0;) {
    const retried = pass(waiting);
    if (retried.length === waiting.length) break;
    waiting = retried;
  }
  const changes: ObjectChange[] = [];
  for (const [refId, after] of working) {
    const before = objects.get(refId);
    const objectName = (after ?? before)?.objectName as SifObjectName;
    if (isDeepStrictEqual(before?.record, after?.record ?? undefined)) continue;
    const change: ObjectChange = { objectName, refId };
    if (before) change.before = before.record;
    if (after) change.after = after.record;
    changes.push(change);
  }
  return { outcomes: events.map((event) => outcomes.get(event.seq) as EventOutcome), changes };
}

/** Why an event cannot be applied whatever the objects are, if it cannot. */
function unusable(event: PendingEvent): string | undefined {
  if (event.problem) return event.problem;
  if (!isSifObjectName(event.objectName)) return `${event.objectName} is not an object this agent reads`;
  if (!event.refId) return 'the object has no RefId';
  if (event.action !== 'Delete' && !event.data) return 'the event carries no object';
  return undefined;
}
