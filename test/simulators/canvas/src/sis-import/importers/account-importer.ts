import { randomUUID } from 'node:crypto';
import type { Account } from '../../model/entities';
import type { CsvFile } from '../csv-file';
import type { ImportContext } from '../import-context';

/**
 * accounts.csv (canvas.md §1.3): account_id, parent_account_id (blank = the root account), name,
 * status (active|deleted), integration_id. A parent must come earlier in the file or exist already.
 */
export function importAccounts(ctx: ImportContext, file: CsvFile): number {
  const { store } = ctx;
  let imported = 0;
  for (const row of file.rows) {
    const accountId = row.get('account_id');
    const parentAccountId = row.get('parent_account_id');
    const name = row.get('name');
    const status = row.get('status') ?? '';
    if (!accountId) {
      ctx.warn(file.name, 'No account_id given for an account', row);
      continue;
    }
    let parent: Account | undefined = store.rootAccount;
    if (parentAccountId) {
      parent = store.accountBySisId(parentAccountId);
      if (!parent) {
        ctx.warn(file.name, `Parent account didn't exist for ${accountId}`, row);
        continue;
      }
    }
    if (parentAccountId === accountId) {
      ctx.warn(file.name, `Account ${accountId} cannot be its own parent`, row);
      continue;
    }
    if (!/^(active|deleted)$/i.test(status)) {
      ctx.warn(file.name, `Improper status "${status}" for account ${accountId}, skipping`, row);
      continue;
    }
    const deleting = /^deleted$/i.test(status);
    if (deleting && ctx.options.skipDeletes) continue;
    let account = store.accountBySisId(accountId);
    if (!account && !name) {
      ctx.warn(file.name, `No name given for account ${accountId}, skipping`, row);
      continue;
    }
    if (account && deleting) {
      const existing = account;
      if ([...store.accounts.values()].some((a) => a.parentAccountId === existing.id && a.workflowState === 'active')) {
        ctx.warn(file.name, `Cannot delete the sub_account with ID: ${accountId} because it has active sub accounts.`, row);
        continue;
      }
      if ([...store.courses.values()].some((c) => c.accountId === existing.id && c.workflowState !== 'deleted')) {
        ctx.warn(file.name, `Cannot delete the sub_account with ID: ${accountId} because it has active courses.`, row);
        continue;
      }
    }
    const previousState = account?.workflowState ?? 'non-existent';
    if (!account) {
      account = {
        id: store.nextId(),
        name: name ?? accountId,
        parentAccountId: parent.id,
        rootAccountId: store.rootAccountId,
        sisAccountId: accountId,
        integrationId: null,
        workflowState: 'active',
        sisBatchId: ctx.batchId,
        stuckFields: new Set(),
        createdAt: ctx.now,
        uuid: randomUUID(),
        defaultTimeZone: store.rootAccount.defaultTimeZone,
      };
      store.addAccount(account);
    }
    const target = account;
    ctx.writeSticky(target.stuckFields, 'parent_account_id', () => (target.parentAccountId = parent.id));
    if (name) ctx.writeSticky(target.stuckFields, 'name', () => (target.name = name));
    const integrationId = row.get('integration_id');
    if (integrationId !== undefined) target.integrationId = integrationId;
    target.workflowState = deleting ? 'deleted' : 'active';
    target.sisBatchId = ctx.batchId;
    ctx.stateChange('Account', target.id, previousState, target.workflowState);
    imported++;
  }
  return imported;
}
