import { canvasTime } from '../http/canvas-time';
import type { Account } from '../model/entities';

/** The Account object (Accounts API). */
export function accountJson(account: Account): Record<string, unknown> {
  return {
    id: account.id,
    name: account.name,
    uuid: account.uuid,
    parent_account_id: account.parentAccountId,
    root_account_id: account.rootAccountId,
    workflow_state: account.workflowState,
    default_time_zone: account.defaultTimeZone,
    default_storage_quota_mb: 500,
    default_user_storage_quota_mb: 50,
    default_group_storage_quota_mb: 50,
    sis_account_id: account.sisAccountId,
    integration_id: account.integrationId,
    sis_import_id: account.sisBatchId,
    lti_guid: `${account.uuid}:canvas-lms`,
    created_at: canvasTime(account.createdAt),
  };
}
