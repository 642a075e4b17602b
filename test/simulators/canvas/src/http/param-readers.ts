import type { Request } from 'express';
import { isParamObject, type ParamObject, type ParamValue } from './rails-params';

const paramsByRequest = new WeakMap<Request, ParamObject>();

/** Rails' `params`: query and body merged (set once per request by the body-parsing middleware). */
export function requestParams(req: Request): ParamObject {
  return paramsByRequest.get(req) ?? {};
}

export function setRequestParams(req: Request, params: ParamObject): void {
  paramsByRequest.set(req, params);
}

/** A scalar as text; blank strings are kept (callers decide what blank means). */
export function paramString(value: ParamValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Text that is present and not blank, trimmed. */
export function paramPresent(value: ParamValue | undefined): string | undefined {
  const text = paramString(value)?.trim();
  return text ? text : undefined;
}

/** Rails' `value_to_boolean`: 1, true, t, yes, y, on are true; everything else is false. */
export function paramBoolean(value: ParamValue | undefined): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  return typeof value === 'string' && /^(1|true|t|yes|y|on)$/i.test(value.trim());
}

/** Whether the caller sent the parameter at all (`excuse=false` differs from no `excuse`). */
export function paramGiven(value: ParamValue | undefined): boolean {
  return value !== undefined;
}

export function paramNumber(value: ParamValue | undefined): number | undefined {
  const text = paramPresent(value);
  if (text === undefined) return undefined;
  const parsed = Number(text);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * A list parameter: `ids[]=1&ids[]=2`, a JSON array, a hash with index keys (`a[0][x]`,
 * which Canvas also accepts), or a single value.
 */
export function paramList(value: ParamValue | undefined): ParamValue[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (isParamObject(value)) {
    const keys = Object.keys(value);
    if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k)))
      return keys.sort((a, b) => Number(a) - Number(b)).map((k) => value[k] as ParamValue);
    return [value];
  }
  return [value];
}

/** A list of scalars as strings (blank entries dropped). */
export function paramStrings(value: ParamValue | undefined): string[] {
  return paramList(value)
    .map((v) => paramPresent(v))
    .filter((v): v is string => v !== undefined);
}

export function paramObject(value: ParamValue | undefined): ParamObject | undefined {
  return isParamObject(value) ? value : undefined;
}
