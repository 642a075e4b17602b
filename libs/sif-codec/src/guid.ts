import { randomUUID } from 'node:crypto';

/** A SIF GUID (SIF_MsgId, RefId): 32 upper-case hex characters, no hyphens, as the ADK makes them. */
export function newSifGuid(): string {
  return randomUUID().replace(/-/g, '').toUpperCase();
}

/** A SIF_Timestamp (xs:dateTime with the offset, UTC here). */
export function sifTimestamp(at: Date = new Date()): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
