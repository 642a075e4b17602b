import type { IsoDate } from '../model/sif-objects';

/**
 * Calendar arithmetic on YYYY-MM-DD strings. Done in UTC so the same district comes out in
 * every time zone.
 */
export function isoDate(year: number, month: number, day: number): IsoDate {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function toUtc(date: IsoDate): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new Error(`not a YYYY-MM-DD date: "${date}"`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return toUtc(value).toISOString().slice(0, 10) === value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const utc = toUtc(date);
  utc.setUTCDate(utc.getUTCDate() + days);
  return utc.toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return toUtc(date).getUTCDay();
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

/** The first date on or after `date` that falls on `weekday`. */
export function onOrAfter(date: IsoDate, weekday: number): IsoDate {
  return addDays(date, (weekday - dayOfWeek(date) + 7) % 7);
}

/** The last date on or before `date` that falls on `weekday`. */
export function onOrBefore(date: IsoDate, weekday: number): IsoDate {
  return addDays(date, -((dayOfWeek(date) - weekday + 7) % 7));
}

/** The next Monday–Friday date after `date`. */
export function nextSchoolDay(date: IsoDate): IsoDate {
  let next = addDays(date, 1);
  while (dayOfWeek(next) === 0 || dayOfWeek(next) === 6) next = addDays(next, 1);
  return next;
}

/** Today's date where this process runs. */
export function localToday(now: Date = new Date()): IsoDate {
  return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** The Monday–Friday date before `date`. */
export function previousSchoolDay(date: IsoDate): IsoDate {
  let previous = addDays(date, -1);
  while (dayOfWeek(previous) === 0 || dayOfWeek(previous) === 6) previous = addDays(previous, -1);
  return previous;
}
