/**
 * The calendar day a Canvas time falls on in the district's time zone: PTP due dates are days,
 * and an assignment due 11:59 pm in Chicago is due that day, not the next UTC day.
 */
export function localDate(isoTime: string, timeZone: string): string | undefined {
  const time = new Date(isoTime);
  if (Number.isNaN(time.getTime())) return undefined;
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(time);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
