import express, { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import type { CanvasRuntime } from '../canvas-runtime';
import { queryParams } from '../http/body-params';
import { CanvasApiError, notFound } from '../http/canvas-errors';
import { parseApiTime } from '../http/canvas-time';
import { baseUrl, paginate } from '../http/pagination';
import { paramBoolean, paramNumber, paramPresent, paramStrings, requestParams, setRequestParams } from '../http/param-readers';
import { mergeParams, type ParamObject } from '../http/rails-params';
import { findAccount, findTerm } from '../model/api-find';
import type { Account } from '../model/entities';
import { progressJson } from '../json/progress-json';
import { sisImportErrorJson, sisImportJson } from '../json/sis-import-json';
import { SIS_IMPORT_STATES, type SisImport, type SisImportOptions, type SisImportState } from '../sis-import/sis-import';

const RAW_EXTENSIONS: Record<string, string> = { 'application/zip': 'zip', 'text/xml': 'xml', 'text/plain': 'csv', 'text/csv': 'csv' };

/** The SIS Imports API (canvas.md §2), on root accounts only. */
export function sisImportsRouter(runtime: CanvasRuntime): Router {
  const { store, imports } = runtime;
  const router = Router();
  const uploads = multer({ storage: multer.memoryStorage(), limits: { fileSize: 2 * 1024 ** 3 } }).any();

  const rootAccount = (req: Request): Account => {
    const account = findAccount(store, String(req.params['account_id']));
    if (account.rootAccountId !== null) throw new CanvasApiError(400, { errors: ['SIS imports can only be executed on root accounts'] });
    return account;
  };
  const findImport = (req: Request, account: Account): SisImport => {
    const sisImport = store.sisImports.get(Number(req.params['id']));
    if (!sisImport || sisImport.accountId !== account.id) throw notFound();
    return sisImport;
  };

  router.get('/api/v1/accounts/:account_id/sis_imports', (req, res) => {
    const account = rootAccount(req);
    const params = requestParams(req);
    const since = parseApiTime(paramPresent(params['created_since']) ?? '');
    const before = parseApiTime(paramPresent(params['created_before']) ?? '');
    const states = paramStrings(params['workflow_state']).filter((s): s is SisImportState =>
      SIS_IMPORT_STATES.includes(s as SisImportState),
    );
    const list = [...store.sisImports.values()]
      .filter((i) => i.accountId === account.id)
      .filter((i) => !since || i.createdAt > since)
      .filter((i) => !before || i.createdAt < before)
      .filter((i) => states.length === 0 || states.includes(i.workflowState))
      .sort((a, b) => b.id - a.id);
    const page = paginate(req, res, list, { withoutLast: true });
    res.json({ sis_imports: page.map((i) => sisImportJson(store, i, baseUrl(req))) });
  });

  router.get('/api/v1/accounts/:account_id/sis_imports/importing', (req, res) => {
    const account = rootAccount(req);
    const running = [...store.sisImports.values()].filter(
      (i) => i.accountId === account.id && (i.workflowState === 'importing' || i.workflowState === 'cleanup_batch'),
    );
    res.json({ sis_imports: running.map((i) => sisImportJson(store, i, baseUrl(req))) });
  });

  router.put('/api/v1/accounts/:account_id/sis_imports/abort_all_pending', (req, res) => {
    rootAccount(req);
    imports.abortAllPending();
    res.json({ aborted: true });
  });

  router.post(
    '/api/v1/accounts/:account_id/sis_imports',
    (req: Request, res: Response, next: NextFunction) => (req.is('multipart/form-data') ? uploads(req, res, next) : next()),
    (req: Request, res: Response, next: NextFunction) =>
      req.is('multipart/form-data') ? next() : express.raw({ type: () => true, limit: '2gb' })(req, res, next),
    (req, res) => {
      const account = rootAccount(req);
      const multipartFields: ParamObject = req.is('multipart/form-data') ? ((req.body ?? {}) as ParamObject) : {};
      const params = mergeParams(queryParams(req), multipartFields);
      setRequestParams(req, params);
      const importType = paramPresent(params['import_type']) ?? 'instructure_csv';
      if (importType !== 'instructure_csv') throw new CanvasApiError(400, { errors: [{ message: 'invalid import type parameter' }] });
      const attachment = readUpload(req, params);
      if ('error' in attachment) {
        res.status(400).json(attachment.error);
        return;
      }
      const options = readOptions(runtime, params);
      if ('error' in options) {
        res.status(400).json(options.error);
        return;
      }
      const now = store.now();
      const sisImport: SisImport = {
        id: store.nextId(),
        accountId: account.id,
        userId: store.adminUserId,
        createdAt: now,
        startedAt: null,
        endedAt: null,
        updatedAt: now,
        workflowState: 'created',
        progress: 0,
        options: options.value,
        attachment,
        suppliedBatches: [],
        counts: {},
        errors: [],
        rollBack: [],
        diffedAgainstImportId: null,
        diffingThresholdExceeded: false,
        usableAsDiffBase: false,
        fatalError: null,
        csvFileIds: [],
        errorsFileId: null,
        statistics: null,
      };
      store.sisImports.set(sisImport.id, sisImport);
      imports.submit();
      res.json(sisImportJson(store, sisImport, baseUrl(req)));
    },
  );

  router.get('/api/v1/accounts/:account_id/sis_imports/:id', (req, res) => {
    const sisImport = findImport(req, rootAccount(req));
    res.json(sisImportJson(store, sisImport, baseUrl(req)));
  });

  router.put('/api/v1/accounts/:account_id/sis_imports/:id/restore_states', (req, res) => {
    const sisImport = findImport(req, rootAccount(req));
    const params = requestParams(req);
    const scope = {
      batchMode: paramBoolean(params['batch_mode']),
      undeleteOnly: paramBoolean(params['undelete_only']),
      unconcludeOnly: paramBoolean(params['unconclude_only']),
    };
    if (scope.undeleteOnly && scope.unconcludeOnly) {
      res.status(400).json('cannot set both undelete_only and unconclude_only');
      return;
    }
    res.json(progressJson(imports.restore(sisImport, scope), baseUrl(req)));
  });

  router.put('/api/v1/accounts/:account_id/sis_imports/:id/abort', (req, res) => {
    const sisImport = findImport(req, rootAccount(req));
    if (!imports.abort(sisImport)) throw notFound();
    res.json(sisImportJson(store, sisImport, baseUrl(req)));
  });

  router.get('/api/v1/accounts/:account_id/sis_imports/:id/errors', (req, res) => {
    const sisImport = findImport(req, rootAccount(req));
    const failureOnly = paramBoolean(requestParams(req)['failure']);
    const errors = sisImport.errors.filter((e) => !failureOnly || e.failure).map((e) => sisImportErrorJson(sisImport.id, e));
    res.json({ sis_import_errors: paginate(req, res, errors) });
  });

  router.get('/api/v1/accounts/:account_id/sis_import_errors', (req, res) => {
    const account = rootAccount(req);
    const failureOnly = paramBoolean(requestParams(req)['failure']);
    const errors = [...store.sisImports.values()]
      .filter((i) => i.accountId === account.id)
      .sort((a, b) => b.id - a.id)
      .flatMap((i) => i.errors.filter((e) => !failureOnly || e.failure).map((e) => sisImportErrorJson(i.id, e)));
    res.json({ sis_import_errors: paginate(req, res, errors) });
  });

  return router;
}

/**
 * The upload (canvas.md §2.1): multipart field `attachment`, or the raw body, whose extension comes
 * from `extension` or else from the Content-Type (`application/zip`→zip, `text/csv`/`text/plain`→csv,
 * anything else → zip). A charset other than UTF-8 is refused.
 */
function readUpload(req: Request, params: ParamObject): { fileName: string; bytes: Buffer } | { error: unknown } {
  if (req.is('multipart/form-data')) {
    const files = (req.files ?? []) as Express.Multer.File[];
    const file = files.find((f) => f.fieldname === 'attachment');
    if (!file) return { error: { errors: [{ message: 'Missing attachment' }] } };
    return { fileName: file.originalname || 'sis_upload.zip', bytes: file.buffer };
  }
  const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const extension = paramPresent(params['extension']);
  if (extension) return { fileName: `sis_import.${extension}`, bytes };
  const contentType = req.get('content-type') ?? '';
  const charset = /charset=([^;]+)/i.exec(contentType)?.[1]?.trim().replace(/"/g, '');
  if (charset && charset.toLowerCase() !== 'utf-8') return { error: { error: 'Invalid content type, UTF-8 required' } };
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return { fileName: `sis_import.${RAW_EXTENSIONS[mediaType] ?? 'zip'}`, bytes };
}

function readOptions(runtime: CanvasRuntime, params: ParamObject): { value: SisImportOptions } | { error: unknown } {
  const changeThreshold = paramNumber(params['change_threshold']);
  const threshold = changeThreshold !== undefined && Number.isInteger(changeThreshold) ? changeThreshold : null;
  const multiTerm = paramBoolean(params['multi_term_batch_mode']);
  const batchMode = paramBoolean(params['batch_mode']);
  let batchModeTermId: number | null = null;
  if (batchMode && !multiTerm) {
    const raw = paramPresent(params['batch_mode_term_id']);
    try {
      batchModeTermId = raw ? findTerm(runtime.store, raw).id : null;
    } catch {
      batchModeTermId = null;
    }
    if (batchModeTermId === null) return { error: { message: 'Batch mode specified, but the given batch_mode_term_id cannot be found.' } };
  }
  if (multiTerm && threshold === null) return { error: { message: 'change_threshold is required to use multi term_batch mode.' } };
  const identifier = paramPresent(params['diffing_data_set_identifier']) ?? null;
  if (identifier && Buffer.byteLength(identifier) > 128)
    return {
      error: {
        errors: {
          diffing_data_set_identifier: [
            { attribute: 'diffing_data_set_identifier', type: 'too_long', message: 'is too long (maximum is 128 characters)' },
          ],
        },
      },
    };
  const dropStatusParam = paramPresent(params['diffing_drop_status']);
  const diffingDropStatus =
    dropStatusParam === undefined ? null : (['deleted', 'inactive', 'completed'] as const).find((s) => s === dropStatusParam);
  if (diffingDropStatus === undefined) return { error: { message: 'Invalid diffing_drop_status' } };
  const userRemove = paramPresent(params['diffing_user_remove_status']);
  const batchDrop = paramPresent(params['batch_mode_enrollment_drop_status']);
  const override = paramBoolean(params['override_sis_stickiness']);
  // Batch mode and diffing exclude each other: diffing applies only without batch mode.
  const diffing = !batchMode && !multiTerm && identifier !== null;
  return {
    value: {
      batchMode: batchMode || multiTerm,
      batchModeTermId,
      multiTermBatchMode: multiTerm,
      batchModeEnrollmentDropStatus: batchDrop === 'completed' || batchDrop === 'inactive' ? batchDrop : 'deleted',
      skipDeletes: paramBoolean(params['skip_deletes']),
      overrideSisStickiness: override,
      addSisStickiness: override && paramBoolean(params['add_sis_stickiness']),
      clearSisStickiness: override && paramBoolean(params['clear_sis_stickiness']),
      updateSisIdIfLoginClaimed: paramBoolean(params['update_sis_id_if_login_claimed']),
      diffingDataSetIdentifier: diffing ? identifier : null,
      diffingRemaster: diffing && paramBoolean(params['diffing_remaster_data_set']),
      diffingDropStatus,
      diffingUserRemoveStatus: userRemove === 'deleted' || userRemove === 'suspended' ? userRemove : null,
      changeThreshold: threshold,
      diffRowCountThreshold: paramNumber(params['diff_row_count_threshold']) ?? null,
    },
  };
}
