import type { SifEmail, SifExtendedElement, StudentPersonal } from '../model/sif-objects';
import { LEVEL_GRADES, type SchoolLevel } from './course-catalog';
import { loginPart, UniqueNames } from './email-addresses';
import type { GenerationContext, SchoolPlan, StudentPlan } from './generation-context';
import { lastFirst, NAME_MESS, PeopleNames, type PersonName } from './people-names';
import { MESS_RATES } from './size-profiles';

/** How many students a school of each level holds, relative to an elementary school. */
const LEVEL_WEIGHT: Readonly<Record<SchoolLevel, number>> = { elementary: 1, middle: 2, high: 3.5 };

const GUARDIAN_DOMAINS = ['gmail.example.com', 'yahoo.example.com', 'outlook.example.com', 'icloud.example.com', 'family.example.net'];

/** Grades too young for a district login. */
const NO_LOGIN_GRADES = new Set(['KG', '01', '02']);

/** Students, each with a home StudentSchoolEnrollment at the school they are placed in. */
export function buildStudents(context: GenerationContext, schools: SchoolPlan[], domain: string): StudentPlan[] {
  const random = context.random('students');
  const names = new PeopleNames(context.random('student-names'));
  const logins = new UniqueNames();
  const totalWeight = schools.reduce((sum, school) => sum + LEVEL_WEIGHT[school.level], 0);
  let studentNumber = 100_000 + random.int(0, 49_999);
  const students: StudentPlan[] = [];

  for (const school of schools) {
    const schoolCount = Math.max(
      LEVEL_GRADES[school.level].length,
      Math.round((context.profile.students * LEVEL_WEIGHT[school.level] * random.int(90, 110)) / (100 * totalWeight)),
    );
    const grades = LEVEL_GRADES[school.level];
    const perGrade = schoolCount / grades.length;
    for (const grade of grades) {
      const gradeCount = Math.max(1, Math.round((perGrade * random.int(90, 110)) / 100));
      const inGrade: StudentPlan[] = [];
      for (let i = 0; i < gradeCount; i++) {
        const index = students.length;
        // The first students of the district show every awkward name at least once.
        const name: PersonName = index < NAME_MESS.length ? names.withMess(NAME_MESS[index] ?? 'apostrophe') : names.next();
        const dcid = context.dcids.students.next();
        const localId = String(studentNumber++);
        const login = NO_LOGIN_GRADES.has(grade)
          ? undefined
          : logins.take(`${loginPart(name.firstName, 'student')}.${loginPart(name.lastName, localId)}`);
        const gradeNumber = grade === 'KG' ? 0 : Number(grade);
        const extendedElements: SifExtendedElement[] | undefined = login ? [{ name: 'USERNAME', value: login }] : undefined;
        const personal: StudentPersonal = {
          refId: context.refId('StudentPersonal', dcid),
          dcid,
          localId,
          stateProvinceId: String(1_000_000_000 + dcid * 7 + random.int(0, 6)),
          otherIds: [{ type: '9999', value: `SCHOOL:${school.schoolNumber}` }],
          name: {
            type: '04',
            lastName: name.lastName,
            firstName: name.firstName,
            ...(name.middleName ? { middleName: name.middleName } : {}),
            fullName: lastFirst(name),
          },
          ...emailsOf(index, name, login, domain, random),
          projectedGraduationYear: context.schoolYear + 12 - gradeNumber,
          onTimeGraduationYear: context.schoolYear + 12 - gradeNumber,
          mostRecent: { schoolLocalId: String(school.schoolNumber), gradeLevel: grade },
          ...(extendedElements ? { extendedElements } : {}),
        };
        const enrollmentDcid = context.dcids.schoolEnrollments.next();
        const plan: StudentPlan = {
          personal,
          school,
          grade,
          enrollment: {
            refId: context.refId('StudentSchoolEnrollment', enrollmentDcid),
            dcid: enrollmentDcid,
            studentPersonalRefId: personal.refId,
            schoolInfoRefId: school.info.refId,
            membershipType: 'Home',
            timeFrame: 'Current',
            schoolYear: context.schoolYear,
            entryDate: school.calendar[0]?.firstDay ?? `${context.schoolYear - 1}-08-20`,
            gradeLevel: grade,
          },
          sectionEnrollments: [],
        };
        inGrade.push(plan);
        students.push(plan);
      }
      school.studentsByGrade.set(grade, inGrade);
    }
  }
  return students;
}

/**
 * A student's Primary e-mail: their own district address, nothing at all, or (as PowerSchool
 * districts often store it) their guardians' addresses, several in one element.
 */
function emailsOf(
  index: number,
  name: PersonName,
  login: string | undefined,
  domain: string,
  random: ReturnType<GenerationContext['random']>,
): { emails?: SifEmail[] } {
  const roll = random.next();
  if (index === NAME_MESS.length || (index > NAME_MESS.length + 1 && roll < MESS_RATES.studentsWithGuardianEmails)) {
    const guardians = random.int(2, 3);
    const family = loginPart(name.lastName, 'family');
    const addresses = Array.from(
      { length: guardians },
      (_, i) => `${['mom', 'dad', 'grandma', 'guardian'][i] ?? 'guardian'}.${family}${random.int(1, 99)}@${random.pick(GUARDIAN_DOMAINS)}`,
    );
    return { emails: [{ type: 'Primary', address: addresses.join(random.chance(0.5) ? ',' : ', ') }] };
  }
  if (index === NAME_MESS.length + 1 || roll < MESS_RATES.studentsWithGuardianEmails + MESS_RATES.studentsWithoutEmail || !login) return {};
  return { emails: [{ type: 'Primary', address: `${login}@students.${domain}` }] };
}
