import type { SifEmailRecord, SifRecord, SifScheduleRecord } from './sif-records';

/**
 * Applies a Change event's partial object to the stored whole one (§1.12): every element the
 * change carries replaces the stored value; list items (Email by @Type, ScheduleInfo by
 * @TermInfoRefId, SIF_ExtendedElement by @Name) are replaced or added by key, and those marked
 * `SIF_Action="Delete"` are removed. What the change does not carry stays as it was.
 */
export function applyChange<R extends SifRecord>(stored: R, change: R): R {
  const merged = { ...stored } as Record<string, unknown>;
  for (const [field, value] of Object.entries(change)) {
    if (value === undefined || field === 'deletes') continue;
    if (field === 'emails')
      merged[field] = mergeByKey((stored as { emails?: SifEmailRecord[] }).emails, value as SifEmailRecord[], (e) => e.type);
    else if (field === 'scheduleInfo')
      merged[field] = mergeByKey(
        (stored as { scheduleInfo?: SifScheduleRecord[] }).scheduleInfo,
        value as SifScheduleRecord[],
        (s) => s.termInfoRefId,
      );
    else if (field === 'extendedElements') merged[field] = { ...stored.extendedElements, ...(value as Record<string, string>) };
    else if (field === 'name') merged[field] = { ...(stored as { name?: object }).name, ...(value as object) };
    else merged[field] = value;
  }
  const deletes = change.deletes;
  if (deletes?.emails && Array.isArray(merged['emails']))
    merged['emails'] = (merged['emails'] as SifEmailRecord[]).filter((e) => !deletes.emails?.includes(e.type));
  if (deletes?.scheduleInfo && Array.isArray(merged['scheduleInfo'])) {
    merged['scheduleInfo'] = (merged['scheduleInfo'] as SifScheduleRecord[]).filter(
      (s) => !deletes.scheduleInfo?.includes(s.termInfoRefId),
    );
  }
  if (deletes?.extendedElements && merged['extendedElements']) {
    const extended = { ...(merged['extendedElements'] as Record<string, string>) };
    for (const name of deletes.extendedElements) delete extended[name];
    merged['extendedElements'] = extended;
  }
  delete merged['deletes'];
  return merged as R;
}

function mergeByKey<T>(stored: readonly T[] | undefined, changed: readonly T[], key: (item: T) => string): T[] {
  const result = [...(stored ?? [])];
  for (const item of changed) {
    const at = result.findIndex((existing) => key(existing) === key(item));
    if (at >= 0) result[at] = item;
    else result.push(item);
  }
  return result;
}
