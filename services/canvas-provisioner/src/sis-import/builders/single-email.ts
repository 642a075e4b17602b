/**
 * PowerSchool's Primary e-mail often holds several guardian addresses in one field
 * ("a@x.org, b@y.org"). Canvas gets an address only when the field is exactly one plausible
 * address; otherwise none (the Canvas docs advise omitting rather than sending a wrong one).
 */
const ADDRESS = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

export function singleEmail(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  return ADDRESS.test(trimmed) ? trimmed : undefined;
}
