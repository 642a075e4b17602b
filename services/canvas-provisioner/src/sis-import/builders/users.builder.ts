import type { RosterChange, RosterUser } from '@sisbridge/roster';
import type { UserRow } from '../csv/sis-csv-rows';
import type { BuildContext, BuildProblem } from './build-context';
import { singleEmail } from './single-email';

/** The user fields that reach Canvas; a change elsewhere (a school list, a grade) sends no row. */
const CANVAS_USER_FIELDS = new Set(['localId', 'username', 'firstName', 'lastName', 'email', 'sisId']);

export type UserRowResult = { row: UserRow; op: 'create' | 'update' | 'delete' } | { problem: BuildProblem } | undefined;

/**
 * users.csv: `user_id` is the SIS id (from the DCID), never the e-mail. The login id comes from
 * the district's chosen source (PowerSchool username for SSO, student/teacher number, e-mail, or
 * the SIS id). A departed user is suspended or deleted, as the district chose.
 */
export function buildUserRow(change: RosterChange<RosterUser>, context: BuildContext): UserRowResult {
  if (change.op === 'change' && !change.fields.some((field) => CANVAS_USER_FIELDS.has(field))) return undefined;
  const user = change.op === 'remove' ? change.before : change.after;
  const login = loginIdOf(user, context.canvas.loginIdSource);
  if (!login) {
    return {
      problem: {
        kind: 'user',
        sisId: user.sisId,
        problem: `has no ${loginSourceWords(context.canvas.loginIdSource)}, which this district uses as the Canvas login id; fix it in PowerSchool`,
      },
    };
  }
  const status = change.op === 'remove' ? context.canvas.userRemoveStatus : 'active';
  return {
    op: change.op === 'add' ? 'create' : change.op === 'remove' ? 'delete' : 'update',
    row: {
      user_id: user.sisId,
      login_id: login,
      authentication_provider_id:
        context.canvas.authenticationProviderId === undefined ? '' : String(context.canvas.authenticationProviderId),
      first_name: user.firstName,
      last_name: user.lastName,
      email: singleEmail(user.email) ?? '',
      status,
    },
  };
}

function loginIdOf(user: RosterUser, source: BuildContext['canvas']['loginIdSource']): string | undefined {
  switch (source) {
    case 'username':
      return user.username?.trim() || undefined;
    case 'local-id':
      return user.localId.trim() || undefined;
    case 'email':
      return singleEmail(user.email);
    case 'sis-id':
      return user.sisId;
  }
}

function loginSourceWords(source: BuildContext['canvas']['loginIdSource']): string {
  return { username: 'PowerSchool username', 'local-id': 'student or teacher number', email: 'single e-mail address', 'sis-id': 'SIS id' }[
    source
  ];
}
