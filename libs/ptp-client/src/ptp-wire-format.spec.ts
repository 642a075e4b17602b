import { withoutBreachMitigation } from './http/breach-mitigation';
import { ptpErrorKind } from './http/ptp-api-error';
import { encodeQuery, retryAfterMs } from './http/ptp-http';
import { RequestSpacer } from './http/request-spacer';
import { describeProblems, validationProblems } from './http/validation-problems';
import { perRowOutcomes, scoreBody } from './resources/assignment-scores';
import { assignmentBody, createdIds, parseAssignment } from './resources/section-assignments';
import { parseCategory } from './resources/teacher-categories';

describe('PTP wire format', () => {
  it('reads a 409 in both readings [U]: the errors array, or a message naming the fields', () => {
    expect(
      validationProblems({
        message: 'Validation Failed',
        errors: [{ resource: 'assignmentsection', field: 'duedate', code: 'Due date outside of term' }],
      }),
    ).toEqual([{ resource: 'assignmentsection', field: 'duedate', code: 'Due date outside of term' }]);
    expect(validationProblems({ message: 'duedate: Due date outside of term (2025-08-20 to 2026-01-16); name: Name is required' })).toEqual(
      [
        { field: 'duedate', code: 'Due date outside of term (2025-08-20 to 2026-01-16)' },
        { field: 'name', code: 'Name is required' },
      ],
    );
    expect(validationProblems({ message: 'Locked Term' })).toEqual([{ code: 'Locked Term' }]);
    expect(describeProblems(validationProblems({ errors: [{ field: 'teachercategoryid', code: 'Category Labs is inactive' }] }))).toBe(
      'teachercategoryid: Category Labs is inactive',
    );
  });

  it('sorts answers into kinds: 412 "Resubmit" is retried, other 412s are not; too many requests by status or words', () => {
    expect(ptpErrorKind(412, '{"message":"Resubmit"}')).toBe('resubmit');
    expect(ptpErrorKind(412, '{"message":"Validation Error - Assignment has grades associated"}')).toBe('precondition');
    expect(ptpErrorKind(429, '')).toBe('throttled');
    expect(ptpErrorKind(403, '{"message":"Too many requests. Wait 3 seconds"}')).toBe('throttled');
    expect(ptpErrorKind(403, '{"message":"User 1 does not have access to section 2"}')).toBe('forbidden');
    expect(ptpErrorKind(409, '{}')).toBe('validation');
    expect(ptpErrorKind(503, 'Injected fault')).toBe('server');
    expect(ptpErrorKind(401, '')).toBe('unauthorized');
  });

  it('honours the wait PTP names, in a header or in its words', () => {
    expect(retryAfterMs('2', '')).toBe(2_000);
    expect(retryAfterMs(undefined, '{"message":"Too many requests. Wait 3 seconds before sending the next request."}')).toBe(3_000);
    expect(retryAfterMs(undefined, 'nothing')).toBeUndefined();
  });

  it('writes section lists comma-separated, as XTE wants them', () => {
    expect(encodeQuery({ users_dcid: 8301, section_ids: [44123, 44124], force: true, skip: undefined })).toBe(
      '?users_dcid=8301&section_ids=44123%2C44124&force=true',
    );
  });

  it('ignores $breach_mitigation everywhere', () => {
    expect(
      withoutBreachMitigation([{ a: 1, $breach_mitigation: 'x', b: { $breach_mitigation: 'y', c: [{ $breach_mitigation: 'z', d: 2 }] } }]),
    ).toEqual([{ a: 1, b: { c: [{ d: 2 }] } }]);
  });

  it('takes the new ids from the headers: Location ends with the assignment id, AssignmentSectionIds lists the sections', () => {
    expect(
      createdIds({
        status: 201,
        headers: { location: 'https://ps.example/ws/xte/section/assignment/1187734', assignmentsectionids: '[2519934]' },
      }),
    ).toEqual({
      assignmentId: 1187734,
      assignmentSectionIds: [2519934],
    });
    expect(
      createdIds({ status: 201, headers: { location: 'https://ps.example/ws/xte/section/assignment/7/', assignmentsectionids: '11, 12' } }),
    ).toEqual({ assignmentId: 7, assignmentSectionIds: [11, 12] });
    expect(() => createdIds({ status: 201, headers: { location: 'https://ps.example/ws/xte/section/assignment/7' } })).toThrow(
      'AssignmentSectionIds header is missing',
    );
  });

  it('reads categories keyed any of the observed ways, with their section exclusions and active flag', () => {
    const category = parseCategory(
      {
        _name: 'teachercategory',
        _id: 5120,
        name: 'Test',
        categorytype: 'district',
        districtteachercategoryid: 2,
        usersdcid: '8301',
        isactive: '0',
        displayposition: 2,
        _teachercategorysectionexcludeassociations: [{ sectionsdcid: 44123 }],
      },
      0,
    );
    expect(category).toMatchObject({
      teacherCategoryId: 5120,
      usersDcid: 8301,
      isActive: false,
      excludedSectionDcids: [44123],
      districtTeacherCategoryId: 2,
    });
    expect(parseCategory({ id: 9, name: 'Labs' }, 1)).toMatchObject({ teacherCategoryId: 9, isActive: true, excludedSectionDcids: [] });
  });

  it('sends the standard fields on every create, and one primary category per section', () => {
    const body = assignmentBody({
      yearId: 35,
      sections: [
        {
          sectionsDcid: 44123,
          yearId: 35,
          name: 'Unit 3 Test',
          description: '',
          dueDate: '2025-10-15',
          points: 40,
          extraCreditPoints: 0,
          countsInFinalGrade: true,
          publishScores: true,
          publishOption: 'Immediately',
          teacherCategoryId: 5120,
        },
      ],
    });
    expect(body).toMatchObject({
      standardcalcdirection: 'NONE',
      standardscoringmethod: 'GradeScale',
      yearid: 35,
      _assignmentstandardassociations: [],
    });
    expect((body['_assignmentsections'] as unknown[])[0]).toMatchObject({
      sectionsdcid: 44123,
      scoreentrypoints: 40,
      totalpointvalue: 40,
      weight: 1,
      _assignmentcategoryassociations: [{ teachercategoryid: 5120, isprimary: true }],
    });
    const read = parseAssignment(
      {
        assignmentid: 3,
        _assignmentsections: [
          {
            assignmentsectionid: [4],
            sectionsdcid: 44123,
            name: 'x',
            _assignmentcategoryassociations: [{ teachercategoryid: 5, isprimary: true }],
          },
        ],
      },
      'GET',
    );
    expect(read.sections).toEqual([{ assignmentSectionId: 4, sectionsDcid: 44123, name: 'x', dueDate: null, teacherCategoryId: 5 }]);
  });

  it('always sends the entered score as a string, and no kind with no score', () => {
    expect(
      scoreBody({ assignmentSectionId: 1, studentsDcid: 2, entered: '8.5', isExempt: false, isLate: true, isMissing: false }),
    ).toMatchObject({ actualscoreentered: '8.5', actualscorekind: 'REAL_SCORE', islate: true });
    expect(
      scoreBody({
        assignmentSectionId: 1,
        studentsDcid: 2,
        entered: null,
        isExempt: true,
        isLate: false,
        isMissing: false,
        assignmentScoreId: 77,
      }),
    ).toMatchObject({ actualscoreentered: null, actualscorekind: null, isexempt: true, assignmentscoreid: 77 });
  });

  it('reads per-row results when a 200 carries them, and counts everything saved when it does not', () => {
    expect(perRowOutcomes('', 2)).toEqual([{ ok: true }, { ok: true }]);
    expect(
      perRowOutcomes(
        {
          assignment_scores: [
            { assignmentscoreid: 5, batch_result: { code: 200 } },
            { batch_result: { code: 409, errors: [{ field: 'studentsdcid', code: 'Student 2 is not enrolled' }] } },
          ],
        },
        2,
      ),
    ).toEqual([
      { ok: true, assignmentScoreId: 5 },
      {
        ok: false,
        reason: 'studentsdcid: Student 2 is not enrolled',
        problems: [{ field: 'studentsdcid', code: 'Student 2 is not enrolled' }],
      },
    ]);
  });

  it('spaces request starts by the minimum interval (plus a margin) and honours a pause', async () => {
    const spacer = new RequestSpacer({ minIntervalMs: 40, maxConcurrent: 3, marginMs: 5 });
    const starts: number[] = [];
    await Promise.all([1, 2, 3].map(() => spacer.run(async () => void starts.push(Date.now()))));
    const gaps = starts.slice(1).map((start, i) => start - (starts[i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(44);
    const paused = Date.now();
    spacer.pauseFor(150);
    await spacer.run(async () => void starts.push(Date.now()));
    expect((starts[3] as number) - paused).toBeGreaterThanOrEqual(149);
  });

  it('never runs more than the concurrency limit at once', async () => {
    const spacer = new RequestSpacer({ minIntervalMs: 0, maxConcurrent: 2 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        spacer.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});
