import { contextWith, COURSE_A, dcid, staffPerson, TERM_A, TERM_B } from '../testing/roster-build.test-helper';
import { buildSection } from './section.builder';

describe('buildSection', () => {
  const parents = {
    courses: [COURSE_A],
    terms: [TERM_A, { ...TERM_A, sisId: 'TRM13', refId: 'TC', dcid: 13 }, TERM_B],
    staff: [staffPerson('PA', 41), staffPerson('PB', 42)],
  };
  const record = {
    objectName: 'SectionInfo' as const,
    refId: 'XA',
    schoolCourseInfoRefId: 'CA',
    schoolYear: 2026,
    localId: '7-1',
    scheduleInfo: [
      { termInfoRefId: 'TA', teacherRefIds: ['PA', 'PB'] },
      { termInfoRefId: 'TC', teacherRefIds: ['PA'] },
    ],
    ...dcid(31),
  };

  it('takes its school from its course, its terms and co-teachers from ScheduleInfo (lead first, no repeats)', () => {
    const { context } = contextWith(parents);
    expect(buildSection(record, context)).toEqual({
      section: {
        kind: 'section',
        sisId: 'SEC31',
        refId: 'XA',
        dcid: 31,
        courseSisId: 'CRS21',
        schoolSisId: 'SCH1',
        sectionCode: '7-1',
        termSisIds: ['TRM11', 'TRM13'],
        teacherSisIds: ['T41', 'T42'],
      },
      teacherEnrollments: [
        { kind: 'enrollment', sisId: 'SEC31|T41|teacher', sectionSisId: 'SEC31', userSisId: 'T41', role: 'teacher' },
        { kind: 'enrollment', sisId: 'SEC31|T42|teacher', sectionSisId: 'SEC31', userSisId: 'T42', role: 'teacher' },
      ],
      teacherRefIds: ['PA', 'PB'],
    });
  });

  it('rejects a section naming a term of another school, a missing term or a missing teacher, with every problem', () => {
    const { context, rejections } = contextWith(parents);
    const built = buildSection(
      {
        ...record,
        scheduleInfo: [
          { termInfoRefId: 'TB', teacherRefIds: ['PZ'] },
          { termInfoRefId: 'TZ', teacherRefIds: [] },
        ],
      },
      context,
    );
    expect(built).toBeUndefined();
    expect(rejections).toEqual([
      {
        objectName: 'SectionInfo',
        refId: 'XA',
        problem: [
          "SectionInfo's ScheduleInfo names TermInfo TB of school SCH2, but its course is at school SCH1",
          'SectionInfo/ScheduleInfo/TeacherList/StaffPersonalRefId PZ names no StaffPersonal in the roster (missing from the feed, of another school year, or rejected)',
          'SectionInfo/ScheduleInfo/@TermInfoRefId TZ names no TermInfo in the roster (missing from the feed, of another school year, or rejected)',
        ].join('; '),
      },
    ]);
  });

  it('rejects a section whose course is missing, and skips other school years', () => {
    const { context, rejections } = contextWith();
    expect(buildSection({ ...record, schoolYear: 2025 }, context)).toBeUndefined();
    expect(buildSection(record, context)).toBeUndefined();
    expect(context.skipped.otherSchoolYear).toBe(1);
    expect(rejections.map((r) => r.problem)).toEqual([
      'SectionInfo/@SchoolCourseInfoRefId CA names no SchoolCourseInfo in the roster (missing from the feed, of another school year, or rejected)',
    ]);
  });
});
