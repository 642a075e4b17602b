import type { PtpValidationProblem } from './ptp-api-error';

/**
 * The problems of a 409 "Validation Error". No public sample exists (powerteacher-pro.md §6, §8),
 * so both readings are accepted [U]:
 * - PowerSchool's general shape `{"message":"Validation Failed","errors":[{"resource","field","code"}]}`;
 * - a message only, `{"message":"duedate: Due date outside of term; name: …"}`, split on `;` into
 *   `field: code` pairs where it has that form, else kept whole as the code.
 */
export function validationProblems(body: unknown): PtpValidationProblem[] {
  if (typeof body === 'string') return fromMessage(body);
  if (!isRecord(body)) return [];
  const errors = body['errors'];
  if (Array.isArray(errors) && errors.length > 0) {
    return errors.map((entry): PtpValidationProblem => {
      if (!isRecord(entry)) return { code: String(entry) };
      const code = text(entry['code']) ?? text(entry['message']) ?? 'invalid';
      return { ...optional('resource', text(entry['resource'])), ...optional('field', text(entry['field'])), code };
    });
  }
  const message = text(body['message']) ?? text(body['error']);
  return message ? fromMessage(message) : [];
}

/** Longest code or field kept from a 409: PTP's words about an item, not a page of its answer. */
const MAX_WORDS = 120;

/** `duedate: Due date outside of term` — for reports: what PTP said, field first, each kept short. */
export function describeProblems(problems: readonly PtpValidationProblem[]): string {
  return problems
    .slice(0, 5)
    .map((problem) => short(problem.field ? `${problem.field}: ${problem.code}` : problem.code))
    .join('; ');
}

function short(text: string): string {
  return text.length > MAX_WORDS ? `${text.slice(0, MAX_WORDS)}…` : text;
}

function fromMessage(message: string): PtpValidationProblem[] {
  const parts = message
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean);
  return parts.map((part) => {
    const match = /^([A-Za-z_][A-Za-z0-9_.]*):\s*(.+)$/.exec(part);
    return match ? { field: match[1] as string, code: match[2] as string } : { code: part };
  });
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
