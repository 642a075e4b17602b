import { SeededRandom } from '@sisbridge/sim-common';
import { shuffle } from '../generate/shuffle';
import type { PtpCategoryDefaults, PtpDistrictTeacherCategory, PtpSection, PtpTeacher, PtpTeacherCategory } from './ptp-district';

const DEFAULTS: Omit<PtpCategoryDefaults, 'name' | 'description' | 'color' | 'displayposition'> = {
  isactive: true,
  isinfinalgrades: true,
  isusermodifiable: false,
  isdefaultpublishscores: true,
  defaultpublishoption: 'Immediately',
  defaultscoretype: 'POINTS',
  defaultscoreentrypoints: 100,
  defaulttotalvalue: 100,
  defaultweight: 1,
  defaultextracreditpoints: 0,
  defaultdaysbeforedue: 0,
};

const DISTRICT_CATEGORY_NAMES = ['Homework', 'Classwork', 'Quiz', 'Test', 'Project'];

/** Categories teachers make for themselves, some with the punctuation and accents teachers type. */
const TEACHER_CATEGORY_NAMES = [
  'Labs',
  'Participation',
  'Warm-ups',
  "Teacher's Choice",
  'Évaluations formatives',
  'Reading Logs & Journals',
  'Extra Credit',
  'Bell Ringers',
];

const SHARE_OF_TEACHERS_WITH_OWN_CATEGORIES = 0.3;
const SHARE_OF_OWN_CATEGORIES_INACTIVE = 0.3;
const SHARE_OF_CATEGORIES_EXCLUDED_FROM_A_SECTION = 0.1;

export interface PtpCategories {
  districtCategories: PtpDistrictTeacherCategory[];
  teacherCategories: PtpTeacherCategory[];
}

/**
 * The district's categories (Homework, Classwork, Quiz, Test, Project), a copy of each for every
 * teacher, and some categories teachers made themselves: some inactive, some excluded from one of
 * the teacher's sections. Ids are deterministic from the seed; each kind appears at least once.
 */
export function ptpCategories(seed: number, teachers: readonly PtpTeacher[], sections: readonly PtpSection[]): PtpCategories {
  const random = new SeededRandom(seed).fork('ptp-categories');
  const firstDistrictId = 1 + random.int(0, 8);
  const districtCategories: PtpDistrictTeacherCategory[] = DISTRICT_CATEGORY_NAMES.map((name, index) => ({
    ...DEFAULTS,
    districtteachercategoryid: firstDistrictId + index,
    name,
    description: `District ${name.toLowerCase()} category`,
    color: String(index + 1),
    displayposition: index + 1,
  }));
  const sectionsOf = new Map<number, number[]>();
  for (const section of sections) {
    for (const teacher of section.teachers) sectionsOf.set(teacher, [...(sectionsOf.get(teacher) ?? []), section.sectionsdcid]);
  }

  let nextId = 5_000 + random.int(0, 999);
  let ownMade = 0;
  let inactiveMade = 0;
  let excludedMade = 0;
  const teacherCategories: PtpTeacherCategory[] = [];
  for (const teacher of [...teachers].sort((a, b) => a.users_dcid - b.users_dcid)) {
    const teacherSections = sectionsOf.get(teacher.users_dcid) ?? [];
    const exclusions = () => {
      if (teacherSections.length === 0 || (excludedMade > 0 && !random.chance(SHARE_OF_CATEGORIES_EXCLUDED_FROM_A_SECTION))) return [];
      excludedMade++;
      return [random.pick(teacherSections)];
    };
    for (const district of districtCategories) {
      teacherCategories.push({
        ...district,
        teachercategoryid: nextId++,
        usersdcid: teacher.users_dcid,
        categorytype: 'district',
        teachermodified: false,
        section_exclusions: exclusions(),
      });
    }
    if (teacherSections.length === 0 || (ownMade > 0 && !random.chance(SHARE_OF_TEACHERS_WITH_OWN_CATEGORIES))) continue;
    const names = shuffle([...TEACHER_CATEGORY_NAMES], random).slice(0, random.int(1, 3));
    names.forEach((name, index) => {
      const isactive = !(inactiveMade === 0 || random.chance(SHARE_OF_OWN_CATEGORIES_INACTIVE));
      if (!isactive) inactiveMade++;
      teacherCategories.push({
        ...DEFAULTS,
        name,
        description: '',
        color: String(random.int(1, 9)),
        displayposition: districtCategories.length + index + 1,
        isactive,
        isusermodifiable: true,
        teachercategoryid: nextId++,
        districtteachercategoryid: null,
        usersdcid: teacher.users_dcid,
        categorytype: 'user',
        teachermodified: true,
        section_exclusions: exclusions(),
      });
    });
    ownMade++;
  }
  return { districtCategories, teacherCategories };
}
