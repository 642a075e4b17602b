import type { DistrictConfig } from './district-schema';

/**
 * The SIF SchoolYear to provision (the year the school year ends): the configured one, or the
 * one running on `today` in the district's time zone (a school year starting in July 2025 is 2026).
 */
export function schoolYearFor(district: Pick<DistrictConfig, 'schoolYear' | 'schoolYearStartsInMonth' | 'timeZone'>, today: Date): number {
  if (district.schoolYear) return district.schoolYear;
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: district.timeZone, year: 'numeric', month: 'numeric' }).formatToParts(today);
  const year = Number(parts.find((part) => part.type === 'year')?.value);
  const month = Number(parts.find((part) => part.type === 'month')?.value);
  return month >= district.schoolYearStartsInMonth ? year + 1 : year;
}
