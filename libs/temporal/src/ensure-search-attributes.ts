import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const INDEXED_VALUE_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  TEXT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** A search attribute key as `defineSearchAttributeKey()` returns it. */
export interface SearchAttributeDefinition {
  name: string;
  type: string;
}

/**
 * Adds the missing search attributes to `namespace` (idempotent) and reports what it added and
 * what was already there.
 */
export async function ensureSearchAttributes(
  connection: Pick<Client['connection'], 'operatorService'>,
  namespace: string,
  keys: readonly SearchAttributeDefinition[],
): Promise<{ added: string[]; present: string[] }> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = keys.filter((key) => !known.has(key.name));
  if (missing.length > 0) {
    const searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
    for (const key of missing) {
      const type = INDEXED_VALUE_TYPE[key.type];
      if (type === undefined) throw new Error(`search attribute ${key.name} has an unknown type ${key.type}`);
      searchAttributes[key.name] = type;
    }
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  }
  return { added: missing.map((key) => key.name), present: keys.filter((key) => known.has(key.name)).map((key) => key.name) };
}
