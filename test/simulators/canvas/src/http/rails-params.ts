/**
 * Canvas is a Rails app: it reads `assignment[name]=x`, `student_ids[]=1&student_ids[]=2` and
 * `assignment[assignment_overrides][][course_section_id]=3` from query strings and form bodies into
 * nested hashes and arrays, and merges them with JSON bodies. Clients use all three forms, so the
 * simulator parses them the way Rails does instead of relying on a generic query parser.
 */
export type ParamValue = string | number | boolean | null | ParamValue[] | ParamObject;
export interface ParamObject {
  [key: string]: ParamValue;
}

/** Parses an `application/x-www-form-urlencoded` string (a query string or a form body). */
export function parseRailsParams(text: string): ParamObject {
  const params: ParamObject = {};
  if (!text) return params;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const name = decode(separator < 0 ? pair : pair.slice(0, separator));
    const value = separator < 0 ? '' : decode(pair.slice(separator + 1));
    assignParam(params, name, value);
  }
  return params;
}

/** Puts `value` at the place `name` (`a[b][]`, `a[][c]`, `a`) describes, as Rails' nested query parser does. */
export function assignParam(target: ParamObject, name: string, value: string): void {
  const path = splitName(name);
  if (path.length > 0) assignPath(target, path, value);
}

function assignPath(container: ParamObject, path: readonly string[], value: string): void {
  const [key = '', next, ...after] = path;
  if (next === undefined) {
    container[key] = value;
    return;
  }
  if (next === '') {
    let list = container[key];
    if (!Array.isArray(list)) {
      list = [];
      container[key] = list;
    }
    if (after.length === 0) {
      list.push(value);
      return;
    }
    // `a[][b]=1&a[][c]=2` builds one hash; a key already present in the last hash starts a new one.
    let tail = list[list.length - 1];
    if (!isParamObject(tail) || hasPath(tail, after)) {
      tail = {};
      list.push(tail);
    }
    assignPath(tail, after, value);
    return;
  }
  let child = container[key];
  if (!isParamObject(child)) {
    child = {};
    container[key] = child;
  }
  assignPath(child, [next, ...after], value);
}

function hasPath(hash: ParamObject, path: readonly string[]): boolean {
  let current: ParamValue | undefined = hash;
  for (const key of path) {
    if (key === '' || !isParamObject(current) || !(key in current)) return false;
    current = current[key];
  }
  return true;
}

function splitName(name: string): string[] {
  const open = name.indexOf('[');
  if (open <= 0) return name ? [name] : [];
  const path = [name.slice(0, open)];
  const rest = name.slice(open);
  const pattern = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(rest)) !== null) path.push(match[1] ?? '');
  return path;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export function isParamObject(value: ParamValue | undefined): value is ParamObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges body params over query params, as Rails' `params` does (the body wins). */
export function mergeParams(query: ParamObject, body: ParamObject): ParamObject {
  const merged: ParamObject = { ...query };
  for (const [key, value] of Object.entries(body)) {
    const current = merged[key];
    merged[key] = isParamObject(current) && isParamObject(value) ? mergeParams(current, value) : value;
  }
  return merged;
}
