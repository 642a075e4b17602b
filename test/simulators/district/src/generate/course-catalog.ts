import type { GradeLevelCode } from '../model/sif-objects';

export type SchoolLevel = 'elementary' | 'middle' | 'high';

/** The scheduling term a course runs in (the school's year, one semester, or one quarter). */
export type CourseTerm = 'year' | 'S1' | 'S2' | 'Q1' | 'Q2' | 'Q3' | 'Q4';

export interface CatalogCourse {
  /** Courses.Course_Number */
  courseNumber: string;
  /** Courses.Course_Name; some carry & < > " on purpose, as real catalogs do. */
  title: string;
  grade: GradeLevelCode;
  term: CourseTerm;
  department: string;
  /** Courses.Credit_Hours, high school only. */
  credits?: string;
}

export const LEVEL_GRADES: Readonly<Record<SchoolLevel, readonly GradeLevelCode[]>> = {
  elementary: ['KG', '01', '02', '03', '04', '05'],
  middle: ['06', '07', '08'],
  high: ['09', '10', '11', '12'],
};

/** SIF US SchoolType codes (reference/sif.md §2.2). */
export const SCHOOL_TYPE_CODES: Readonly<Record<SchoolLevel, string>> = { elementary: '1304', middle: '2400', high: '2402' };

function gradeName(grade: GradeLevelCode): string {
  return grade === 'KG' ? 'Kindergarten' : `Grade ${Number(grade)}`;
}

function gradeSuffix(grade: GradeLevelCode): string {
  return grade === 'KG' ? 'K' : String(Number(grade));
}

const HIGH_SCHOOL: Readonly<Record<string, readonly [string, string, string, string]>> = {
  English: ['English 9', 'English 10', 'AP English Language & Composition', 'English 12: "World Literature"'],
  Mathematics: ['Algebra I', 'Geometry', 'Algebra II', 'Pre-Calculus'],
  Science: ['Biology', 'Chemistry', 'Physics', 'Environmental Science'],
  'Social Studies': ['World Geography', 'World History', 'U.S. History', 'Government & Economics'],
  'World Languages': ['Spanish I', 'Spanish II', 'Spanish III', 'Español para hispanohablantes'],
};

const HIGH_SCHOOL_CODES: Readonly<Record<string, string>> = {
  English: 'ENG',
  Mathematics: 'MATH',
  Science: 'SCI',
  'Social Studies': 'SS',
  'World Languages': 'WL',
};

const ELEMENTARY_CORE: ReadonlyArray<readonly [string, string, string]> = [
  ['ELA', 'English Language Arts', 'English'],
  ['MATH', 'Mathematics', 'Mathematics'],
  ['SCISS', 'Science & Social Studies', 'Science'],
  ['PE', 'Physical Education', 'Health & PE'],
];

const MIDDLE_CORE: ReadonlyArray<readonly [string, string, string]> = [
  ['ELA', 'English Language Arts', 'English'],
  ['MATH', 'Mathematics', 'Mathematics'],
  ['SCI', 'Science', 'Science'],
  ['SS', 'Social Studies', 'Social Studies'],
  ['PE', 'Physical Education', 'Health & PE'],
];

/**
 * The courses each grade of a school takes. Every student takes one section of each: six in
 * elementary schools (four year-long courses and a semester pair), nine in middle schools (five
 * year-long courses and a quarter rotation), seven in high schools (five and a semester pair).
 */
export function courseCatalog(level: SchoolLevel): CatalogCourse[] {
  const courses: CatalogCourse[] = [];
  LEVEL_GRADES[level].forEach((grade, index) => {
    const name = gradeName(grade);
    const suffix = gradeSuffix(grade);
    if (level === 'high') {
      for (const [department, titles] of Object.entries(HIGH_SCHOOL)) {
        courses.push({
          courseNumber: `${HIGH_SCHOOL_CODES[department] ?? 'GEN'}${suffix}`,
          title: titles[index] ?? department,
          grade,
          term: 'year',
          department,
          credits: '1.0',
        });
      }
      courses.push({
        courseNumber: `HLTH${suffix}`,
        title: `Health ${suffix}`,
        grade,
        term: 'S1',
        department: 'Health & PE',
        credits: '0.5',
      });
      courses.push({
        courseNumber: `CS${suffix}`,
        title: 'Computer Science: <HTML> & CSS',
        grade,
        term: 'S2',
        department: 'Career & Technical',
        credits: '0.5',
      });
      return;
    }
    for (const [code, title, department] of level === 'elementary' ? ELEMENTARY_CORE : MIDDLE_CORE) {
      courses.push({ courseNumber: `${code}${suffix}`, title: `${title} ${name}`, grade, term: 'year', department });
    }
    if (level === 'elementary') {
      courses.push({ courseNumber: `ART${suffix}`, title: `Art ${name}`, grade, term: 'S1', department: 'Fine Arts' });
      courses.push({ courseNumber: `MUS${suffix}`, title: `Music ${name}`, grade, term: 'S2', department: 'Fine Arts' });
      return;
    }
    courses.push({
      courseNumber: `TECH${suffix}`,
      title: `Technology & Engineering ${suffix}`,
      grade,
      term: 'Q1',
      department: 'Career & Technical',
    });
    courses.push({ courseNumber: `HLTH${suffix}`, title: `Health ${suffix}`, grade, term: 'Q2', department: 'Health & PE' });
    courses.push({ courseNumber: `ART${suffix}`, title: `Art ${suffix}`, grade, term: 'Q3', department: 'Fine Arts' });
    courses.push({ courseNumber: `MUS${suffix}`, title: `Music ${suffix}`, grade, term: 'Q4', department: 'Fine Arts' });
  });
  return courses;
}
