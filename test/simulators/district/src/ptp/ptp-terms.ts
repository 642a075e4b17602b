import { daysBetween } from '../calendar/iso-dates';
import { yearIdOf } from '../calendar/school-year';
import type { TermInfo } from '../model/sif-objects';
import type { PtpStoreCode, PtpTerm } from './ptp-district';

type TermKind = 'year' | 'semester' | 'trimester' | 'quarter' | 'other';

const KIND_ORDER: readonly TermKind[] = ['year', 'semester', 'trimester', 'quarter', 'other'];
const STORE_CODE_PREFIX: Readonly<Record<TermKind, string>> = { year: 'Y', semester: 'S', trimester: 'T', quarter: 'Q', other: 'M' };
const PORTION: Readonly<Record<TermKind, number>> = { year: 1, semester: 2, trimester: 3, quarter: 4, other: 0 };

/** The kind of a term from its share of the year (RelativeDuration, or its length in days). */
function kindOf(term: TermInfo, yearDays: number): TermKind {
  const share =
    term.relativeDuration !== undefined ? Number(term.relativeDuration) : (daysBetween(term.startDate, term.endDate) + 1) / yearDays;
  if (share >= 0.9) return 'year';
  if (share >= 0.4 && share <= 0.6) return 'semester';
  if (share > 0.3 && share < 0.4) return 'trimester';
  if (share >= 0.15 && share <= 0.3) return 'quarter';
  return 'other';
}

/**
 * One school's terms of one year as PowerSchool numbers them: TERMS.ID = yearid × 100 + n with
 * the year term n = 0, then semesters, trimesters and quarters in date order; and each term's
 * store codes (the grading bins inside it: a year term holds Q1…Q4, S1, S2 and Y1).
 */
export function ptpTermsOfSchoolYear(terms: readonly TermInfo[], schoolid: number): PtpTerm[] {
  if (terms.length === 0) return [];
  const schoolYear = terms[0]?.schoolYear ?? 0;
  const yearid = yearIdOf(schoolYear);
  const yearDays = terms.reduce((longest, term) => Math.max(longest, daysBetween(term.startDate, term.endDate) + 1), 1);
  const classified = terms
    .map((term) => ({ term, kind: kindOf(term, yearDays) }))
    .sort(
      (a, b) =>
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        (a.term.startDate < b.term.startDate ? -1 : a.term.startDate > b.term.startDate ? 1 : 0),
    );
  const numberInKind = new Map<TermKind, number>();
  const bins = classified.map(({ term, kind }) => {
    const number = (numberInKind.get(kind) ?? 0) + 1;
    numberInKind.set(kind, number);
    return { term, kind, storecode: `${STORE_CODE_PREFIX[kind]}${number}` };
  });
  const startsAtOne = bins[0]?.kind === 'year' ? 0 : 1;
  return bins.map(({ term, kind, storecode }, index) => {
    const inside: PtpStoreCode[] = bins
      .filter((bin) => bin.term.startDate >= term.startDate && bin.term.endDate <= term.endDate)
      .sort((a, b) =>
        a.term.endDate < b.term.endDate
          ? -1
          : a.term.endDate > b.term.endDate
            ? 1
            : KIND_ORDER.indexOf(b.kind) - KIND_ORDER.indexOf(a.kind),
      )
      .map((bin) => ({ storecode: bin.storecode, startdate: bin.term.startDate, enddate: bin.term.endDate }));
    return {
      id: yearid * 100 + index + startsAtOne,
      dcid: term.dcid,
      yearid,
      schoolid,
      name: term.description ?? storecode,
      // TermCode is School_Number-Abbreviation; the abbreviation itself may hold a hyphen ("25-26").
      abbreviation: term.termCode?.includes('-') ? term.termCode.slice(term.termCode.indexOf('-') + 1) : (term.termCode ?? storecode),
      firstday: term.startDate,
      lastday: term.endDate,
      portion: PORTION[kind],
      isyearrec: kind === 'year',
      storecodes: inside,
    };
  });
}
