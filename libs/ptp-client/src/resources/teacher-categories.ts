import type { PtpHttp } from '../http/ptp-http';
import { PtpApiError } from '../http/ptp-api-error';
import { booleanValue, idValue, isRecord, listValue, numberValue, textValue } from '../types/json-values';
import type { TeacherCategory } from '../types/ptp-types';

/** `GET /ws/xte/teacher_category?users_dcid=&year_id=` (powerteacher-pro.md §2.2). */
export class TeacherCategoriesApi {
  constructor(private readonly http: PtpHttp) {}

  /**
   * Every category of the teacher for one school year: district copies and their own, active or
   * not, with the sections each is excluded from. `yearId` is YEARID (start year − 1990); never 0,
   * whose meaning is unconfirmed ([U]).
   */
  async list(usersDcid: number, yearId: number): Promise<TeacherCategory[]> {
    if (!(yearId > 0)) throw new RangeError(`year_id must be a YEARID such as 35 (got ${yearId})`);
    const response = await this.http.request<unknown>('GET', '/ws/xte/teacher_category', {
      query: { users_dcid: usersDcid, year_id: yearId },
      idempotent: true,
    });
    return listValue(response.data).map((entry, index) => parseCategory(entry, index));
  }
}

export function parseCategory(entry: unknown, index: number): TeacherCategory {
  if (!isRecord(entry))
    throw new PtpApiError('invalid-response', 'GET /ws/xte/teacher_category', 200, `category ${index} is not an object`);
  const id = idValue(entry['teachercategoryid']) ?? idValue(entry['_id']) ?? idValue(entry['id']);
  if (id === null)
    throw new PtpApiError('invalid-response', 'GET /ws/xte/teacher_category', 200, `category ${index} has no teachercategoryid`);
  const excluded = new Set<number>();
  for (const key of [
    '_teachercategorysectionexcludeassociations',
    '_teachercategorysectionexcludeassocs',
    '_categoryschoolexcludeassocs',
  ]) {
    for (const exclusion of listValue(entry[key])) {
      const dcid = isRecord(exclusion) ? (idValue(exclusion['sectionsdcid']) ?? idValue(exclusion['SectionsDcid'])) : idValue(exclusion);
      if (dcid !== null) excluded.add(dcid);
    }
  }
  return {
    teacherCategoryId: id,
    name: textValue(entry['name']) ?? '',
    description: textValue(entry['description']) ?? '',
    categoryType: textValue(entry['categorytype']) ?? 'user',
    districtTeacherCategoryId: idValue(entry['districtteachercategoryid']),
    usersDcid: idValue(entry['usersdcid']),
    // DD: IsActive "Defaults to 1"; only an explicit false makes a category inactive.
    isActive: booleanValue(entry['isactive']) ?? true,
    isInFinalGrades: booleanValue(entry['isinfinalgrades']) ?? true,
    displayPosition: numberValue(entry['displayposition']) ?? 0,
    defaultPublishOption: textValue(entry['defaultpublishoption']),
    isDefaultPublishScores: booleanValue(entry['isdefaultpublishscores']),
    excludedSectionDcids: [...excluded].sort((a, b) => a - b),
  };
}
