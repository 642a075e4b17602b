import type { CanvasStore } from './canvas-store';

export type SnapshotValue = string | number | boolean | null | SnapshotValue[] | { [key: string]: SnapshotValue };

/**
 * The whole state as plain JSON, for `GET /__admin/state`, tests and an operator's eye. Uploaded
 * files appear as their size only.
 */
export function canvasSnapshot(store: CanvasStore): { [key: string]: SnapshotValue } {
  const table = <T>(map: Map<number, T>) => [...map.values()].map((row) => plain(row));
  return {
    rootAccountId: store.rootAccountId,
    defaultTermId: store.defaultTermId,
    sisSettings: plain(store.sisSettings),
    accounts: table(store.accounts),
    terms: table(store.terms),
    courses: table(store.courses),
    sections: table(store.sections),
    users: table(store.users),
    logins: table(store.logins),
    enrollments: table(store.enrollments),
    assignmentGroups: table(store.assignmentGroups),
    assignments: table(store.assignments),
    assignmentOverrides: table(store.assignmentOverrides),
    submissions: table(store.submissions),
    sisImports: table(store.sisImports),
    progresses: table(store.progresses),
    files: [...store.files.values()].map((f) => ({
      id: f.id,
      displayName: f.displayName,
      contentType: f.contentType,
      size: f.bytes.length,
    })),
  };
}

function plain(value: unknown): SnapshotValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return { size: value.length };
  if (value instanceof Set) return [...value].map(plain);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plain(v)]));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}
