import { Router } from 'express';
import type { CanvasRuntime } from '../canvas-runtime';
import { badRequest, CanvasApiError } from '../http/canvas-errors';
import { baseUrl, paginate } from '../http/pagination';
import { paramObject, paramPresent, paramStrings, requestParams } from '../http/param-readers';
import { findAccount, findCourse, findUser } from '../model/api-find';
import type { CanvasStore } from '../model/canvas-store';
import type { Login, User } from '../model/entities';
import { enrollmentJson } from '../json/enrollment-json';
import { loginJson, userJson } from '../json/user-json';
import { accountTree } from '../model/account-tree';

/** Users API: account users, course users, one user, a user's logins, and creating users. */
export function usersRouter(runtime: CanvasRuntime): Router {
  const { store } = runtime;
  const router = Router();

  router.get('/api/v1/accounts/:account_id/users', (req, res) => {
    const account = findAccount(store, String(req.params['account_id']));
    const params = requestParams(req);
    const search = paramPresent(params['search_term']);
    if (search !== undefined && search.length < 2) throw badRequest('search_term must be at least 2 characters');
    let users: User[];
    if (account.rootAccountId === null) {
      const withLogin = new Set([...store.logins.values()].filter((l) => l.workflowState !== 'deleted').map((l) => l.userId));
      users = [...store.users.values()].filter((u) => withLogin.has(u.id));
    } else {
      const tree = accountTree(store, account);
      const courseIds = new Set([...store.courses.values()].filter((c) => tree.has(c.accountId)).map((c) => c.id));
      const enrolled = new Set(
        [...store.enrollments.values()].filter((e) => courseIds.has(e.courseId) && e.workflowState !== 'deleted').map((e) => e.userId),
      );
      users = [...store.users.values()].filter((u) => enrolled.has(u.id));
    }
    if (search) users = users.filter((u) => matches(store, u, search));
    users = sortUsers(store, users, paramPresent(params['sort']) ?? 'username', paramPresent(params['order']) === 'desc');
    const includes = paramStrings(params['include']);
    res.json(paginate(req, res, users).map((u) => userJson(store, u, includes)));
  });

  router.get('/api/v1/courses/:course_id/users', (req, res) => {
    const course = findCourse(store, String(req.params['course_id']));
    const params = requestParams(req);
    const types = paramStrings(params['enrollment_type']).map((t) => `${t[0]?.toUpperCase() ?? ''}${t.slice(1)}Enrollment`);
    const states = paramStrings(params['enrollment_state']);
    const wantedStates = states.length > 0 ? states : ['active', 'invited'];
    const enrollments = store
      .enrollmentsOfCourse(course.id)
      .filter((e) => wantedStates.includes(e.workflowState) && (types.length === 0 || types.includes(e.type)));
    const ids = [...new Set(enrollments.map((e) => e.userId))];
    const includes = paramStrings(params['include']);
    const users = ids.map((id) => store.users.get(id)).filter((u): u is User => u !== undefined);
    res.json(
      paginate(req, res, sortUsers(store, users, 'username', false)).map((u) => {
        const json = userJson(store, u, includes);
        if (includes.includes('enrollments'))
          json['enrollments'] = enrollments.filter((e) => e.userId === u.id).map((e) => enrollmentJson(store, e, baseUrl(req)));
        return json;
      }),
    );
  });

  router.get('/api/v1/users/:user_id', (req, res) => {
    res.json(userJson(store, findUser(store, String(req.params['user_id'])), paramStrings(requestParams(req)['include'])));
  });

  router.get('/api/v1/users/:user_id/logins', (req, res) => {
    const user = findUser(store, String(req.params['user_id']));
    res.json(
      paginate(
        req,
        res,
        store.loginsOfUser(user.id).filter((l) => l.workflowState !== 'deleted'),
      ).map(loginJson),
    );
  });

  router.post('/api/v1/accounts/:account_id/users', (req, res) => {
    findAccount(store, String(req.params['account_id']));
    const params = requestParams(req);
    const userFields = paramObject(params['user']) ?? {};
    const loginFields = paramObject(params['pseudonym']) ?? {};
    const uniqueId = paramPresent(loginFields['unique_id']);
    if (!uniqueId) throw loginError('unique_id', 'blank', "can't be blank");
    if (store.loginByUniqueId(uniqueId)?.workflowState === 'active')
      throw loginError('unique_id', 'taken', 'ID already in use for this account and authentication provider');
    const sisUserId = paramPresent(loginFields['sis_user_id']) ?? null;
    if (sisUserId && store.loginBySisUserId(sisUserId))
      throw loginError('sis_user_id', 'taken', `The SIS ID ${sisUserId} is already in use`);
    const now = store.now();
    const name = paramPresent(userFields['name']) ?? uniqueId;
    const user: User = {
      id: store.nextId(),
      name,
      sortableName: paramPresent(userFields['sortable_name']) ?? sortableFrom(name),
      shortName: paramPresent(userFields['short_name']) ?? name,
      email: paramPresent(paramObject(params['communication_channel'])?.['address']) ?? null,
      pronouns: null,
      declaredUserType: null,
      workflowState: 'registered',
      stuckFields: new Set(),
      createdAt: now,
    };
    store.addUser(user);
    const login: Login = {
      id: store.nextId(),
      userId: user.id,
      accountId: store.rootAccountId,
      uniqueId,
      sisUserId,
      integrationId: paramPresent(loginFields['integration_id']) ?? null,
      authenticationProviderId: paramPresent(loginFields['authentication_provider_id']) ?? null,
      workflowState: 'active',
      hasPassword: paramPresent(loginFields['password']) !== undefined,
      sisBatchId: null,
      createdAt: now,
    };
    store.addLogin(login);
    res.json(userJson(store, user));
  });

  router.put('/api/v1/users/:user_id', (req, res) => {
    const user = findUser(store, String(req.params['user_id']));
    const fields = paramObject(requestParams(req)['user']) ?? {};
    for (const [field, key] of [
      ['name', 'name'],
      ['short_name', 'shortName'],
      ['sortable_name', 'sortableName'],
    ] as const) {
      const value = paramPresent(fields[field]);
      if (value) {
        user[key] = value;
        user.stuckFields.add(field);
      }
    }
    const email = paramPresent(fields['email']);
    if (email) user.email = email;
    res.json(userJson(store, user));
  });

  return router;
}

function loginError(attribute: string, type: string, message: string): CanvasApiError {
  return new CanvasApiError(400, { errors: { pseudonym: { [attribute]: [{ attribute, type, message }] } } });
}

function sortableFrom(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts.length > 1 ? `${parts[parts.length - 1]}, ${parts.slice(0, -1).join(' ')}` : name;
}

function matches(store: CanvasStore, user: User, search: string): boolean {
  const needle = search.toLowerCase();
  const logins = store.loginsOfUser(user.id);
  return (
    user.name.toLowerCase().includes(needle) ||
    (user.email ?? '').toLowerCase().includes(needle) ||
    logins.some((l) => l.uniqueId.toLowerCase().includes(needle) || (l.sisUserId ?? '').toLowerCase().includes(needle))
  );
}

function sortUsers(store: CanvasStore, users: User[], sort: string, descending: boolean): User[] {
  const key = (u: User): string => {
    if (sort === 'sis_id') return store.primaryLogin(u.id)?.sisUserId ?? '';
    if (sort === 'email') return u.email ?? '';
    return u.sortableName.toLowerCase();
  };
  const sorted = [...users].sort((a, b) => key(a).localeCompare(key(b)) || a.id - b.id);
  return descending ? sorted.reverse() : sorted;
}
