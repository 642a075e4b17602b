/** Canvas renders times as ISO 8601 in UTC without fractions: `2025-10-15T23:59:00Z`. */
export function canvasTime(date: Date | null | undefined): string | null {
  if (!date) return null;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** API parameters such as `due_at`: any ISO 8601 date or date-time; undefined when unparseable. */
export function parseApiTime(text: string): Date | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * `submitted_since` and `graded_since` accept only `YYYY-MM-DDTHH:MM:SSZ` (canvas.md §4.1);
 * anything else is a 400.
 */
export function parseStrictIso8601(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
