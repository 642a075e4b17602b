/**
 * PowerTeacher Pro names students by DCID in some refusals ("Student 90211 is not enrolled …").
 * That is fine in the rows a service stores per score, but not in what travels through Temporal
 * or is shown to others: there the numbers are left out.
 */
export function withoutStudentIds(text: string): string {
  return text.replace(/\b(students?(?:dcid)?)(\W{0,3})\d+(?:(?:\s*,\s*|\s+and\s+)\d+)*/gi, '$1$2…');
}
