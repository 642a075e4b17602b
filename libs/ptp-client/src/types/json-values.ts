/**
 * XTE JSON is loosely typed: ids arrive as numbers or strings, booleans as true/1/"1"/"true"
 * (MT-XTE types some flags as strings), single children as objects or one-element arrays.
 * These readers accept each form and say plainly when a value is absent.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function idValue(value: unknown): number | null {
  if (Array.isArray(value)) return value.length > 0 ? idValue(value[0]) : null;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return null;
}

export function numberValue(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

export function booleanValue(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true' || value === 'TRUE' || value === 'Y') return true;
  if (value === 0 || value === '0' || value === 'false' || value === 'FALSE' || value === 'N') return false;
  return null;
}

export function textValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

export function listValue(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}
