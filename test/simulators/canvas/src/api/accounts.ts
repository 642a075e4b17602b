import { Router } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { badRequest } from '../http/canvas-errors';
import { paginate } from '../http/pagination';
import { paramBoolean, paramNumber, paramObject, paramPresent, requestParams } from '../http/param-readers';
import type { ParamObject } from '../http/rails-params';
import { findAccount } from '../model/api-find';
import type { CanvasStore } from '../model/canvas-store';
import type { Account } from '../model/entities';
import { accountJson } from '../json/account-json';

/** Accounts API: the root account, its sub-accounts, and the root's SIS settings. */
export function accountsRouter(runtime: CanvasRuntime): Router {
  const { store } = runtime;
  const router = Router();

  router.get('/api/v1/accounts', (req, res) => {
    res.json(paginate(req, res, [store.rootAccount]).map(accountJson));
  });

  router.get('/api/v1/accounts/:account_id', (req, res) => {
    res.json(accountJson(findAccount(store, String(req.params['account_id']))));
  });

  router.get('/api/v1/accounts/:account_id/sub_accounts', (req, res) => {
    const account = findAccount(store, String(req.params['account_id']));
    const recursive = paramBoolean(requestParams(req)['recursive']);
    const list = recursive ? descendants(store, account.id) : children(store, account.id);
    res.json(paginate(req, res, list).map(accountJson));
  });

  router.put('/api/v1/accounts/:account_id', (req, res) => {
    const account = findAccount(store, String(req.params['account_id']));
    const changes = paramObject(requestParams(req)['account']) ?? {};
    const name = paramPresent(changes['name']);
    if (name) {
      account.name = name;
      if (account.sisAccountId) account.stuckFields.add('name');
    }
    const sisId = paramPresent(changes['sis_account_id']);
    if (sisId && account.rootAccountId !== null) {
      store.reindexSisId('account', account.sisAccountId, sisId, account.id);
      account.sisAccountId = sisId;
    }
    const settings = paramObject(changes['settings']);
    if (settings) applySisSettings(store, account, settings);
    res.json(accountJson(account));
  });

  return router;
}

function children(store: CanvasStore, parentId: number): Account[] {
  return [...store.accounts.values()]
    .filter((a) => a.parentAccountId === parentId && a.workflowState === 'active')
    .sort((a, b) => a.id - b.id);
}

function descendants(store: CanvasStore, parentId: number): Account[] {
  return children(store, parentId).flatMap((child) => [child, ...descendants(store, child.id)]);
}

/**
 * The SIS settings of canvas.md §3.4, set as Canvas takes them:
 * `account[settings][sis_assignment_name_length_input][value]=N`, `…[sis_syncing][value]=true`.
 * Only the root account carries them here (sub-account inheritance and locking are not simulated).
 */
function applySisSettings(store: CanvasStore, account: Account, settings: ParamObject): void {
  if (account.rootAccountId !== null) throw badRequest('SIS settings are only simulated on the root account');
  const value = (name: string) => {
    const setting = settings[name];
    const object = paramObject(setting);
    return object ? object['value'] : setting;
  };
  const flag = (name: string, apply: (on: boolean) => void) => {
    if (value(name) !== undefined) apply(paramBoolean(value(name)));
  };
  flag('sis_syncing', (on) => (store.sisSettings.sisSyncing = on));
  flag('sis_default_grade_export', (on) => (store.sisSettings.sisDefaultGradeExport = on));
  flag('sis_require_assignment_due_date', (on) => (store.sisSettings.sisRequireAssignmentDueDate = on));
  flag('sis_assignment_name_length', (on) => (store.sisSettings.sisAssignmentNameLength = on));
  if (value('sis_assignment_name_length_input') !== undefined) {
    // Canvas forces the value to an integer between 0 and 255, else 255.
    const length = paramNumber(value('sis_assignment_name_length_input'));
    store.sisSettings.sisAssignmentNameLengthInput =
      length !== undefined && Number.isInteger(length) && length >= 0 && length <= 255 ? length : 255;
  }
  const sisName = paramPresent(value('sis_name'));
  if (sisName) store.sisSettings.sisName = sisName;
}
