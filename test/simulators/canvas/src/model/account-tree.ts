import type { CanvasStore } from './canvas-store';
import type { Account } from './entities';

/** The account and its sub-accounts, recursively. */
export function accountTree(store: CanvasStore, account: Account): Set<number> {
  const ids = new Set([account.id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const candidate of store.accounts.values()) {
      if (candidate.parentAccountId !== null && ids.has(candidate.parentAccountId) && !ids.has(candidate.id)) {
        ids.add(candidate.id);
        grew = true;
      }
    }
  }
  return ids;
}
