import { fakerEN_US } from '@faker-js/faker';
import { schoolCalendar } from '../calendar/school-calendar';
import type { LeaInfo, SchoolCourseInfo, TermInfo } from '../model/sif-objects';
import { courseCatalog, LEVEL_GRADES, SCHOOL_TYPE_CODES, type CourseTerm, type SchoolLevel } from './course-catalog';
import type { GenerationContext, SchoolPlan } from './generation-context';

/** The district office and its schools, each with its terms and courses for both years. */
export interface DistrictFrame {
  lea: LeaInfo;
  schools: SchoolPlan[];
  /** The district's e-mail domain. */
  domain: string;
}

const CITIES: readonly string[] = fakerEN_US.rawDefinitions.location?.city_name ?? ['Springfield'];
const SURNAMES: readonly string[] = fakerEN_US.rawDefinitions.person?.last_name?.generic ?? ['Lincoln'];
const COMPASS = ['North', 'South', 'East', 'West', 'Central', 'Valley', 'Lakeside', 'Ridge'];

/** Names with &, apostrophes and accents come first, so the smallest district has them too. */
function schoolName(level: SchoolLevel, index: number, pick: () => string, city: string): string {
  if (level === 'elementary') {
    if (index === 0) return 'César Chávez Elementary School';
    if (index === 1) return "Georgia O'Keeffe Elementary School";
    return `${pick()} Elementary School`;
  }
  if (level === 'middle') return index === 0 ? 'Sor Juana Inés de la Cruz Middle School' : `${pick()} Middle School`;
  return index === 0 ? `${city} Academy of Arts & Sciences` : `${city} ${COMPASS[index % COMPASS.length] ?? 'North'} High School`;
}

const FIRST_SCHOOL_NUMBER: Readonly<Record<SchoolLevel, number>> = { elementary: 100, middle: 500, high: 700 };

export function buildSchools(context: GenerationContext): DistrictFrame {
  const random = context.random('schools');
  const city = random.pick(CITIES);
  const slug = city.toLowerCase().replace(/[^a-z]+/g, '');
  const domain = `${slug}usd.example.org`;
  const leaNumber = String(random.int(1_000, 9_999));
  const leaDcid = context.dcids.lea.next();
  const lea: LeaInfo = {
    refId: context.refId('LEAInfo', leaDcid),
    dcid: leaDcid,
    localId: leaNumber,
    stateProvinceId: leaNumber,
    leaName: `${city} Unified School District`,
    leaUrl: `https://www.${domain}/`,
  };

  const { elementarySchools, middleSchools, highSchools } = context.profile;
  const levels: Array<readonly [SchoolLevel, number]> = [
    ['elementary', elementarySchools],
    ['middle', middleSchools],
    ['high', highSchools],
  ];
  const schools: SchoolPlan[] = [];
  for (const [level, count] of levels) {
    for (let index = 0; index < count; index++) {
      const schoolNumber = FIRST_SCHOOL_NUMBER[level] + index * 10;
      const dcid = context.dcids.schools.next();
      const plan: SchoolPlan = {
        info: {
          refId: context.refId('SchoolInfo', dcid),
          dcid,
          localId: String(schoolNumber),
          stateProvinceId: `${leaNumber}${String(schoolNumber).padStart(4, '0')}`,
          schoolName: schoolName(level, index, () => random.pick(level === 'elementary' ? SURNAMES : CITIES), city),
          leaInfoRefId: lea.refId,
          schoolType: SCHOOL_TYPE_CODES[level],
          gradeLevels: [...LEVEL_GRADES[level]],
        },
        level,
        schoolNumber,
        // Elementary schools start a day later: terms really are per school.
        calendar: schoolCalendar(context.schoolYear, { startDelayDays: level === 'elementary' ? 1 : 0 }),
        terms: new Map(),
        previousTerms: new Map(),
        courses: [],
        studentsByGrade: new Map(),
        sections: [],
        teachers: [],
      };
      plan.previousTerms = buildTerms(context, plan, context.schoolYear - 1);
      plan.terms = buildTerms(context, plan, context.schoolYear);
      plan.courses = courseCatalog(level).map((catalog) => ({
        catalog,
        previous: buildCourse(context, plan, catalog, context.schoolYear - 1),
        current: buildCourse(context, plan, catalog, context.schoolYear),
      }));
      schools.push(plan);
    }
  }
  return { lea, schools, domain };
}

function termKey(kind: string, number: number): CourseTerm {
  if (kind === 'year') return 'year';
  return `${kind === 'semester' ? 'S' : 'Q'}${number}` as CourseTerm;
}

function buildTerms(context: GenerationContext, school: SchoolPlan, schoolYear: number): Map<CourseTerm, TermInfo> {
  const calendar =
    schoolYear === context.schoolYear
      ? school.calendar
      : schoolCalendar(schoolYear, { startDelayDays: school.level === 'elementary' ? 1 : 0 });
  const terms = new Map<CourseTerm, TermInfo>();
  for (const term of calendar) {
    const dcid = context.dcids.terms.next();
    terms.set(termKey(term.kind, term.number), {
      refId: context.refId('TermInfo', dcid),
      dcid,
      schoolInfoRefId: school.info.refId,
      schoolYear,
      startDate: term.firstDay,
      endDate: term.lastDay,
      description: term.name,
      relativeDuration: term.relativeDuration,
      termCode: `${school.schoolNumber}-${term.abbreviation}`,
    });
  }
  return terms;
}

function buildCourse(
  context: GenerationContext,
  school: SchoolPlan,
  catalog: SchoolPlan['courses'][number]['catalog'],
  schoolYear: number,
): SchoolCourseInfo {
  const dcid = context.dcids.courses.next();
  return {
    refId: context.refId('SchoolCourseInfo', dcid),
    dcid,
    schoolInfoRefId: school.info.refId,
    schoolYear,
    courseCode: catalog.courseNumber,
    courseTitle: catalog.title,
    ...(catalog.credits ? { courseCredits: { type: '0586', value: catalog.credits } } : {}),
    department: catalog.department,
  };
}
