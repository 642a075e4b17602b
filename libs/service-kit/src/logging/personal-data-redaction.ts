import pino from 'pino';

/**
 * Keys whose values can be personal data or credentials, compared without case, `_` or `-`
 * (`firstName`, `first_name`, `FIRST-NAME`). Code logs ids, not people; this is the second line of
 * defence, and it holds at any depth of a logged object, not only one level down.
 */
const PERSONAL_DATA_KEYS = new Set(
  [
    'email',
    'emailAddress',
    'firstName',
    'lastName',
    'middleName',
    'fullName',
    'givenName',
    'familyName',
    'preferredName',
    'name',
    'sortableName',
    'shortName',
    'birthDate',
    'dateOfBirth',
    'phone',
    'phoneNumber',
    'address',
    'loginId',
    'password',
    'token',
    'accessToken',
    'refreshToken',
    'idToken',
    'clientSecret',
    'authorization',
    'cookie',
    'body',
  ].map(normalizeKey),
);

export const REDACTED = '[redacted]';
export const REDACTED_EMAIL = '[email]';

/** An e-mail address anywhere in a string (error texts quote them: "user jane@x.org not found"). */
const EMAIL_ADDRESS =
  /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+/g;

/** Deeper than this, a logged value is cut: nothing sisbridge logs on purpose is that deep. */
const MAX_DEPTH = 12;

function normalizeKey(key: string): string {
  return key.replace(/[_-]/g, '').toLowerCase();
}

export function isPersonalDataKey(key: string): boolean {
  return PERSONAL_DATA_KEYS.has(normalizeKey(key));
}

/** Replaces every e-mail address in a text. */
export function redactEmailAddresses(text: string): string {
  return text.replace(EMAIL_ADDRESS, REDACTED_EMAIL);
}

/**
 * A copy of a value fit for a log line: personal-data keys censored at any depth, e-mail
 * addresses removed from every string (error messages and stacks included), errors reduced to
 * what pino's error serializer keeps (type, message, stack, cause and own fields) and then
 * cleaned the same way. Cycles and excessive depth are cut, never followed.
 */
export function redactPersonalData(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactEmailAddresses(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Date || Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return value;
  seen.add(value);
  try {
    if (value instanceof Error) return redactPersonalData(pino.stdSerializers.err(value), depth + 1, seen);
    if (Array.isArray(value)) return value.map((item) => redactPersonalData(item, depth + 1, seen));
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return redactPersonalData(toJSON.call(value), depth + 1, seen);
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = isPersonalDataKey(key) && item !== undefined && item !== null ? REDACTED : redactPersonalData(item, depth + 1, seen);
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}

/** A logged object's top level: each key redacted like any value, except those a serializer will reduce first. */
export function redactLogObject(object: Record<string, unknown>, serializedKeys: ReadonlySet<string>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(object)) {
    if (serializedKeys.has(key)) copy[key] = item;
    else copy[key] = isPersonalDataKey(key) && item !== undefined && item !== null ? REDACTED : redactPersonalData(item, 1);
  }
  return copy;
}

/** A finished JSON log line, cleaned as a whole; a line that is not JSON loses its e-mail addresses at least. */
export function redactLogLine(line: string): string {
  const end = line.endsWith('\n') ? '\n' : '';
  try {
    return JSON.stringify(redactPersonalData(JSON.parse(line))) + end;
  } catch {
    return redactEmailAddresses(line);
  }
}
