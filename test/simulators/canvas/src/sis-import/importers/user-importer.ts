import type { Login, User } from '../../model/entities';
import type { CsvFile, CsvRow } from '../csv-file';
import type { ImportContext } from '../import-context';

const DECLARED_USER_TYPES = ['administrative', 'observer', 'staff', 'student', 'student_other', 'teacher'];

/**
 * users.csv (canvas.md §1.2): each row is a login (pseudonym) with a SIS user id. Status
 * `deleted` deletes the login and, when it was the user's last one, the user's enrollments;
 * `suspended` keeps enrollments but blocks sign-in. A login_id another user already holds is
 * refused, unless `update_sis_id_if_login_claimed` hands that login this SIS id.
 */
export function importUsers(ctx: ImportContext, file: CsvFile): number {
  let imported = 0;
  for (const row of file.rows) {
    if (importUserRow(ctx, file.name, row)) imported++;
  }
  return imported;
}

function importUserRow(ctx: ImportContext, fileName: string, row: CsvRow): boolean {
  const { store } = ctx;
  const userId = row.get('user_id');
  const loginId = row.get('login_id');
  const status = (row.get('status') ?? '').toLowerCase();
  if (!userId) {
    ctx.warn(fileName, 'No user_id given for a user', row);
    return false;
  }
  if (!loginId) {
    ctx.warn(fileName, `No login_id given for user ${userId}`, row);
    return false;
  }
  if (!['active', 'suspended', 'deleted'].includes(status)) {
    ctx.warn(fileName, `Improper status "${row.get('status') ?? ''}" for user ${userId}, skipping`, row);
    return false;
  }
  if (status === 'deleted' && ctx.options.skipDeletes) return false;
  const email = row.get('email');
  if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) {
    ctx.warn(fileName, `The email address associated with user '${userId}' is invalid (email: '${email}')`, row);
  }
  const declaredType = row.get('declared_user_type');
  if (declaredType && declaredType !== '<delete>' && !DECLARED_USER_TYPES.includes(declaredType)) {
    ctx.warn(fileName, `Invalid declared_user_type "${declaredType}" for user ${userId}`, row);
  }

  let login = store.loginBySisUserId(userId);
  const holder = store.loginByUniqueId(loginId);
  if (holder && holder !== login && holder.workflowState !== 'deleted') {
    const holderUser = store.users.get(holder.userId);
    if (!login && ctx.options.updateSisIdIfLoginClaimed && holder.sisUserId !== userId) {
      // The claimed login becomes this SIS user's login.
      const previous = { sisUserId: holder.sisUserId, integrationId: holder.integrationId, uniqueId: holder.uniqueId };
      holder.sisUserId = userId;
      store.reindexLogin(holder, previous);
      login = holder;
    } else {
      ctx.warn(
        fileName,
        `user ${holderUser?.name ?? holder.uniqueId} has already claimed ${userId}'s requested login information, skipping`,
        row,
      );
      return false;
    }
  }

  const previousState = login?.workflowState ?? 'non-existent';
  let user: User;
  if (!login) {
    user = {
      id: store.nextId(),
      name: loginId,
      sortableName: loginId,
      shortName: loginId,
      email: null,
      pronouns: null,
      declaredUserType: null,
      workflowState: 'registered',
      stuckFields: new Set(),
      createdAt: ctx.now,
    };
    store.addUser(user);
    login = {
      id: store.nextId(),
      userId: user.id,
      accountId: store.rootAccountId,
      uniqueId: loginId,
      sisUserId: userId,
      integrationId: null,
      authenticationProviderId: null,
      workflowState: 'active',
      hasPassword: false,
      sisBatchId: ctx.batchId,
      createdAt: ctx.now,
    };
    store.addLogin(login);
  } else {
    user = store.users.get(login.userId) as User;
  }

  const previousKeys = { sisUserId: login.sisUserId, integrationId: login.integrationId, uniqueId: login.uniqueId };
  login.uniqueId = loginId;
  const integrationId = row.get('integration_id');
  if (integrationId !== undefined) login.integrationId = integrationId;
  store.reindexLogin(login, previousKeys);
  const provider = row.get('authentication_provider_id');
  if (provider !== undefined) login.authenticationProviderId = provider;
  // A password is only ever set once (canvas.md §1.2).
  if ((row.get('password') || row.get('ssha_password')) && !login.hasPassword) login.hasPassword = true;
  applyNames(ctx, user, row, previousState === 'non-existent');
  if (email) user.email = email;
  const pronouns = row.get('pronouns');
  if (pronouns !== undefined)
    ctx.writeSticky(user.stuckFields, 'pronouns', () => (user.pronouns = pronouns === '<delete>' ? null : pronouns));
  if (declaredType && (declaredType === '<delete>' || DECLARED_USER_TYPES.includes(declaredType))) {
    user.declaredUserType = declaredType === '<delete>' ? null : declaredType;
  }

  login.workflowState = status as Login['workflowState'];
  login.sisBatchId = ctx.batchId;
  ctx.stateChange('Pseudonym', login.id, previousState, login.workflowState);
  if (status === 'deleted') deleteEnrollmentsOfLastLogin(ctx, user.id);
  return true;
}

function applyNames(ctx: ImportContext, user: User, row: CsvRow, isNew: boolean): void {
  const fullName = row.get('full_name');
  const firstName = row.get('first_name') ?? '';
  const lastName = row.get('last_name') ?? '';
  const sortableName = row.get('sortable_name');
  const shortName = row.get('short_name');
  let name: string | undefined;
  let sortable: string | undefined;
  if (fullName) {
    name = fullName;
    const parts = fullName.split(/\s+/);
    sortable = parts.length > 1 ? `${parts[parts.length - 1]}, ${parts.slice(0, -1).join(' ')}` : fullName;
  } else if (firstName || lastName) {
    name = `${firstName} ${lastName}`.trim();
    sortable = lastName && firstName ? `${lastName}, ${firstName}` : name;
  }
  if (name === undefined && !isNew) return;
  const finalName = name ?? user.name;
  ctx.writeSticky(user.stuckFields, 'name', () => (user.name = finalName));
  ctx.writeSticky(user.stuckFields, 'sortable_name', () => (user.sortableName = sortableName ?? sortable ?? finalName));
  ctx.writeSticky(user.stuckFields, 'short_name', () => (user.shortName = shortName ?? finalName));
}

/** "If that was the user's last login, all of the user's enrollments are deleted too." */
function deleteEnrollmentsOfLastLogin(ctx: ImportContext, userId: number): void {
  const { store } = ctx;
  if (store.loginsOfUser(userId).some((l) => l.workflowState !== 'deleted')) return;
  for (const enrollment of store.enrollments.values()) {
    if (enrollment.userId !== userId || enrollment.workflowState === 'deleted') continue;
    const previous = enrollment.workflowState;
    enrollment.workflowState = 'deleted';
    enrollment.updatedAt = ctx.now;
    ctx.stateChange('Enrollment', enrollment.id, previous, 'deleted');
  }
}
