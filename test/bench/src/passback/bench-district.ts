import type { RosterEntity } from '@sisbridge/roster';
import type { PtpDistrict, PtpTeacherCategory } from '@sisbridge/sandbox-district';

/** How many of everything: teachers, their sections, students per section, assignments per section. */
export interface BenchLayout {
  teachers: number;
  sectionsPerTeacher: number;
  studentsPerSection: number;
  assignmentsPerSection: number;
}

export interface BenchTeacher {
  sisId: string;
  dcid: number;
  categoryIds: number[];
  sections: Array<{ sisId: string; dcid: number; students: Array<{ sisId: string; dcid: number }> }>;
}

/** One school, one year-long term, and every teacher, section and student as the three systems know them. */
export interface BenchDistrict {
  schoolYear: number;
  term: { start: string; end: string };
  teachers: BenchTeacher[];
  roster: RosterEntity[];
  ptp: PtpDistrict;
  /** SIS import CSVs for Canvas (one course per section, as the default course mode makes them). */
  canvasCsvs: Record<string, string>;
}

/**
 * A synthetic district sized exactly as a benchmark asks (the generator's sizes give class sizes
 * around an average): ids are disjoint per `idBase`, so several layouts can share one Canvas,
 * one PTP and one roster.
 */
export function benchDistrict(layouts: ReadonlyArray<{ layout: BenchLayout; idBase: number }>, schoolYear: number): BenchDistrict {
  const yearid = schoolYear - 1991;
  const term = { start: `${schoolYear - 1}-08-20`, end: `${schoolYear}-06-05` };
  const termId = yearid * 100;
  const teachers: BenchTeacher[] = [];
  const roster: RosterEntity[] = [
    { kind: 'school', sisId: 'SCH1', refId: 'R-SCH1', dcid: 1, name: 'Bench High' },
    {
      kind: 'term',
      sisId: 'TRM10',
      refId: 'R-TRM10',
      dcid: 10,
      schoolSisId: 'SCH1',
      name: 'Year',
      startDate: term.start,
      endDate: term.end,
      schoolYear,
    },
  ];
  const ptp: PtpDistrict = {
    seed: 1,
    schoolYear,
    yearid,
    schools: [{ dcid: 1, school_number: 1, name: 'Bench High' }],
    teachers: [],
    students: [],
    terms: [
      {
        id: termId,
        dcid: 10,
        yearid,
        schoolid: 1,
        name: 'Year',
        abbreviation: 'Y',
        firstday: term.start,
        lastday: term.end,
        portion: 1,
        isyearrec: true,
        storecodes: [{ storecode: 'Y1', startdate: term.start, enddate: term.end }],
      },
    ],
    sections: [],
    sectionEnrollments: [],
    districtCategories: [],
    teacherCategories: [],
  };
  const users = ['user_id,login_id,first_name,last_name,status'];
  const courses = ['course_id,short_name,long_name,account_id,term_id,status'];
  const sections = ['section_id,course_id,name,status'];
  const enrollments = ['course_id,section_id,user_id,role,status'];

  for (const { layout, idBase } of layouts) {
    for (let t = 0; t < layout.teachers; t++) {
      const dcid = idBase + t;
      const teacher: BenchTeacher = { sisId: `T${dcid}`, dcid, categoryIds: [], sections: [] };
      roster.push({
        kind: 'user',
        sisId: teacher.sisId,
        refId: `R-${teacher.sisId}`,
        dcid,
        personType: 'staff',
        localId: String(dcid),
        firstName: 'Teacher',
        lastName: String(dcid),
        schoolSisIds: ['SCH1'],
      });
      ptp.teachers.push({
        users_dcid: dcid,
        teachernumber: String(dcid),
        first_name: 'Teacher',
        last_name: String(dcid),
        email: null,
        loginid: null,
        schoolid: 1,
        schoolstaff: [{ schoolid: 1, schoolstaffdcid: dcid }],
      });
      users.push(`${teacher.sisId},t${dcid},Teacher,${dcid},active`);
      for (const [c, name] of ['Homework', 'Quiz', 'Test'].entries()) {
        const id = dcid * 10 + c;
        teacher.categoryIds.push(id);
        ptp.teacherCategories.push(category(id, name, dcid, c + 1));
      }
      for (let s = 0; s < layout.sectionsPerTeacher; s++) {
        const sectionDcid = dcid * 100 + s;
        const sisId = `SEC${sectionDcid}`;
        const section: BenchTeacher['sections'][number] = { sisId, dcid: sectionDcid, students: [] };
        roster.push({
          kind: 'course',
          sisId: `CRS${sectionDcid}`,
          refId: `R-CRS${sectionDcid}`,
          dcid: sectionDcid,
          schoolSisId: 'SCH1',
          title: `Course ${sectionDcid}`,
        });
        roster.push({
          kind: 'section',
          sisId,
          refId: `R-${sisId}`,
          dcid: sectionDcid,
          courseSisId: `CRS${sectionDcid}`,
          schoolSisId: 'SCH1',
          sectionCode: String(s + 1),
          termSisIds: ['TRM10'],
          teacherSisIds: [teacher.sisId],
        });
        roster.push({
          kind: 'enrollment',
          sisId: `${sisId}|${teacher.sisId}|teacher`,
          sectionSisId: sisId,
          userSisId: teacher.sisId,
          role: 'teacher',
        });
        ptp.sections.push({
          sectionsdcid: sectionDcid,
          schoolid: 1,
          course_number: `C${sectionDcid}`,
          course_name: `Course ${sectionDcid}`,
          section_number: String(s + 1),
          termid: termId,
          termdcid: 10,
          yearid,
          expression: null,
          teachers: [dcid],
        });
        courses.push(`${sisId},C${sectionDcid},Course ${sectionDcid},SCH1,TRM10,active`);
        sections.push(`${sisId},${sisId},Period ${s + 1},active`);
        enrollments.push(`${sisId},${sisId},${teacher.sisId},teacher,active`);
        for (let k = 0; k < layout.studentsPerSection; k++) {
          const studentDcid = sectionDcid * 100 + k;
          const student = { sisId: `S${studentDcid}`, dcid: studentDcid };
          section.students.push(student);
          roster.push({
            kind: 'user',
            sisId: student.sisId,
            refId: `R-${student.sisId}`,
            dcid: studentDcid,
            personType: 'student',
            localId: String(studentDcid),
            firstName: 'Student',
            lastName: String(k),
            schoolSisIds: ['SCH1'],
          });
          roster.push({
            kind: 'enrollment',
            sisId: `${sisId}|${student.sisId}|student`,
            sectionSisId: sisId,
            userSisId: student.sisId,
            role: 'student',
          });
          ptp.students.push({
            studentsdcid: studentDcid,
            student_number: String(studentDcid),
            first_name: 'Student',
            middle_name: null,
            last_name: String(k),
            schoolid: 1,
            grade_level: 10,
          });
          ptp.sectionEnrollments.push({
            dcid: studentDcid,
            sectionsdcid: sectionDcid,
            studentsdcid: studentDcid,
            dateenrolled: term.start,
            dateleft: null,
          });
          users.push(`${student.sisId},s${studentDcid},Student,${k},active`);
          enrollments.push(`${sisId},${sisId},${student.sisId},student,active`);
        }
        teacher.sections.push(section);
      }
      teachers.push(teacher);
    }
  }
  return {
    schoolYear,
    term,
    teachers,
    roster,
    ptp,
    canvasCsvs: {
      'accounts.csv': ['account_id,parent_account_id,name,status', 'SCH1,,Bench High,active'].join('\n'),
      'terms.csv': ['term_id,name,status,start_date,end_date', `TRM10,Year,active,${term.start}T00:00:00Z,${term.end}T23:59:59Z`].join(
        '\n',
      ),
      'courses.csv': courses.join('\n'),
      'sections.csv': sections.join('\n'),
      'users.csv': users.join('\n'),
      'enrollments.csv': enrollments.join('\n'),
    },
  };
}

function category(id: number, name: string, usersdcid: number, position: number): PtpTeacherCategory {
  return {
    teachercategoryid: id,
    name,
    description: '',
    color: String(position),
    displayposition: position,
    isactive: true,
    isinfinalgrades: true,
    isusermodifiable: true,
    isdefaultpublishscores: true,
    defaultpublishoption: 'Immediately',
    defaultscoretype: 'POINTS',
    defaultscoreentrypoints: 100,
    defaulttotalvalue: 100,
    defaultweight: 1,
    defaultextracreditpoints: 0,
    defaultdaysbeforedue: 0,
    districtteachercategoryid: null,
    usersdcid,
    categorytype: 'user',
    teachermodified: true,
    section_exclusions: [],
  };
}
