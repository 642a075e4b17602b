import { randomUUID } from 'node:crypto';

/** A new SIF GUID: 32 upper-case hex characters, no hyphens (OpenADK's GUIDGenerator form). */
export function newMsgId(): string {
  return randomUUID().replace(/-/g, '').toUpperCase();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * An xs:dateTime for SIF_Timestamp in local time: with the UTC offset, as PowerSchool sends it
 * (`2025-08-20T07:01:31-06:00`), or without one, as some agents do [U].
 */
export function sifTimestamp(date: Date, withOffset: boolean): string {
  const local = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  if (!withOffset) return local;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${local}${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}
