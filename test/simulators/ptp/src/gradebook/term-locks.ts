import type { PtpSection } from '@sisbridge/sandbox-district';
import type { PtpStore } from '../model/ptp-store';

/**
 * Whether a date of a section falls in a locked reporting term (§5.7: writes there get 409
 * "Locked Term"): the section's whole term may be locked, or a store code whose dates hold it.
 */
export function isLocked(store: PtpStore, section: PtpSection, date: string): boolean {
  const term = store.termOf(section);
  if (!term) return false;
  if (store.locks.termids.includes(term.id)) return true;
  return term.storecodes.some((bin) => store.locks.storecodes.includes(bin.storecode) && bin.startdate <= date && date <= bin.enddate);
}
