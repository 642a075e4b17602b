import { canvasTime } from '../http/canvas-time';
import type { CanvasStore } from '../model/canvas-store';
import type { Login, User } from '../model/entities';

export const SIMULATED_DOMAIN = 'canvas.simulator.local';

/**
 * The User object as an account admin sees it: with `sis_user_id`, `integration_id` and
 * `login_id` from the user's login in the root account.
 */
export function userJson(store: CanvasStore, user: User, includes: readonly string[] = []): Record<string, unknown> {
  const login = store.primaryLogin(user.id);
  const json: Record<string, unknown> = {
    id: user.id,
    name: user.name,
    created_at: canvasTime(user.createdAt),
    sortable_name: user.sortableName,
    short_name: user.shortName,
    sis_user_id: login?.sisUserId ?? null,
    integration_id: login?.integrationId ?? null,
    sis_import_id: login?.sisBatchId ?? null,
    root_account: SIMULATED_DOMAIN,
    login_id: login?.uniqueId ?? null,
    pronouns: user.pronouns,
  };
  if (includes.includes('email')) json['email'] = user.email;
  return json;
}

/** The Login object (Logins API). */
export function loginJson(login: Login): Record<string, unknown> {
  return {
    id: login.id,
    user_id: login.userId,
    account_id: login.accountId,
    unique_id: login.uniqueId,
    sis_user_id: login.sisUserId,
    integration_id: login.integrationId,
    authentication_provider_id: login.authenticationProviderId,
    authentication_provider_type: login.authenticationProviderId === null ? null : login.authenticationProviderId,
    workflow_state: login.workflowState,
    created_at: canvasTime(login.createdAt),
  };
}

/** The short user summary embedded in enrollments and submissions. */
export function userDisplayJson(store: CanvasStore, user: User): Record<string, unknown> {
  const login = store.primaryLogin(user.id);
  return {
    id: user.id,
    name: user.name,
    created_at: canvasTime(user.createdAt),
    sortable_name: user.sortableName,
    short_name: user.shortName,
    sis_user_id: login?.sisUserId ?? null,
    integration_id: login?.integrationId ?? null,
    root_account: SIMULATED_DOMAIN,
    login_id: login?.uniqueId ?? null,
  };
}
