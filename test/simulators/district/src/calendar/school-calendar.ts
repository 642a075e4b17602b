import type { IsoDate } from '../model/sif-objects';
import { addDays, isoDate, onOrAfter, onOrBefore } from './iso-dates';

const MONDAY = 1;
const WEDNESDAY = 3;
const FRIDAY = 5;

export type TermKind = 'year' | 'semester' | 'quarter';

/** One scheduling term of a school's year, in PowerSchool's order (year, semesters, quarters). */
export interface CalendarTerm {
  kind: TermKind;
  /** 1-based position within its kind (S1 = 1, Q3 = 3); 1 for the year. */
  number: number;
  /** Terms.Abbreviation: "25-26", "S1", "Q3". */
  abbreviation: string;
  /** Terms.Name: "2025-2026", "Semester 1", "Quarter 3". */
  name: string;
  firstDay: IsoDate;
  lastDay: IsoDate;
  /** Terms.Portion as a share of the year. */
  relativeDuration: string;
}

/**
 * A US school year's calendar: school starts the Wednesday on or after 19 August (a day later
 * for elementary schools, as many districts stagger the first day), semesters break mid-January,
 * quarters in late October and late March, and school ends the Friday on or before 5 June.
 */
export function schoolCalendar(schoolYear: number, options: { startDelayDays?: number } = {}): CalendarTerm[] {
  const startYear = schoolYear - 1;
  const firstDay = addDays(onOrAfter(isoDate(startYear, 8, 19), WEDNESDAY), options.startDelayDays ?? 0);
  const lastDay = onOrBefore(isoDate(schoolYear, 6, 5), FRIDAY);
  const s1Last = onOrBefore(isoDate(schoolYear, 1, 16), FRIDAY);
  const s2First = onOrAfter(addDays(s1Last, 1), MONDAY);
  const q1Last = onOrBefore(isoDate(startYear, 10, 24), FRIDAY);
  const q2First = onOrAfter(addDays(q1Last, 1), MONDAY);
  const q3Last = onOrBefore(isoDate(schoolYear, 3, 27), FRIDAY);
  const q4First = onOrAfter(addDays(q3Last, 1), MONDAY);
  const yearAbbreviation = `${String(startYear % 100).padStart(2, '0')}-${String(schoolYear % 100).padStart(2, '0')}`;
  return [
    {
      kind: 'year',
      number: 1,
      abbreviation: yearAbbreviation,
      name: `${startYear}-${schoolYear}`,
      firstDay,
      lastDay,
      relativeDuration: '1.0000',
    },
    { kind: 'semester', number: 1, abbreviation: 'S1', name: 'Semester 1', firstDay, lastDay: s1Last, relativeDuration: '0.5000' },
    { kind: 'semester', number: 2, abbreviation: 'S2', name: 'Semester 2', firstDay: s2First, lastDay, relativeDuration: '0.5000' },
    { kind: 'quarter', number: 1, abbreviation: 'Q1', name: 'Quarter 1', firstDay, lastDay: q1Last, relativeDuration: '0.2500' },
    { kind: 'quarter', number: 2, abbreviation: 'Q2', name: 'Quarter 2', firstDay: q2First, lastDay: s1Last, relativeDuration: '0.2500' },
    { kind: 'quarter', number: 3, abbreviation: 'Q3', name: 'Quarter 3', firstDay: s2First, lastDay: q3Last, relativeDuration: '0.2500' },
    { kind: 'quarter', number: 4, abbreviation: 'Q4', name: 'Quarter 4', firstDay: q4First, lastDay, relativeDuration: '0.2500' },
  ];
}
