import { generateDistrict, toPtpDistrict, type PtpDistrict, type PtpSection, type PtpTeacherCategory } from '@sisbridge/sandbox-district';
import { startPtpSimulator, type PtpReadings, type PtpSimulator, type PtpSimulatorOptions } from '@sisbridge/ptp-simulator';
import { PtpApiError } from './http/ptp-api-error';
import type { PtpExchange } from './http/ptp-http';
import { PtpClient } from './ptp-client';
import type { AssignmentInput } from './types/ptp-types';

const district: PtpDistrict = toPtpDistrict(generateDistrict({ size: 'tiny', seed: 11, schoolYear: 2026 }));

/** A teacher with a section of three students or more, an active category usable there, and a due date in its term. */
function fixture(): {
  teacher: number;
  section: PtpSection;
  students: number[];
  category: PtpTeacherCategory;
  dueDate: string;
  stranger: number;
} {
  for (const section of district.sections.filter((s) => s.yearid === district.yearid)) {
    const teacher = section.teachers[0];
    const students = [
      ...new Set(
        district.sectionEnrollments
          .filter(
            (e) =>
              e.sectionsdcid === section.sectionsdcid && (e.dateleft === null || e.dateenrolled === null || e.dateleft > e.dateenrolled),
          )
          .map((e) => e.studentsdcid),
      ),
    ];
    const category = district.teacherCategories.find(
      (c) => c.usersdcid === teacher && c.isactive && !c.section_exclusions.includes(section.sectionsdcid),
    );
    const term = district.terms.find((t) => t.id === section.termid && t.schoolid === section.schoolid);
    const stranger = district.students.find((s) => !students.includes(s.studentsdcid))?.studentsdcid;
    if (teacher === undefined || students.length < 3 || !category || !term || stranger === undefined) continue;
    const due = new Date(`${term.firstday}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 10);
    return { teacher, section, students, category, dueDate: due.toISOString().slice(0, 10), stranger };
  }
  throw new Error('no usable teacher in the sandbox district');
}

const fx = fixture();
const input = (changes: Partial<AssignmentInput['sections'][number]> = {}): AssignmentInput => ({
  yearId: district.yearid,
  sections: [
    {
      sectionsDcid: fx.section.sectionsdcid,
      yearId: district.yearid,
      name: 'Unit 3 Test',
      description: '',
      dueDate: fx.dueDate,
      points: 40,
      extraCreditPoints: 0,
      countsInFinalGrade: true,
      publishScores: true,
      publishOption: 'Immediately',
      teacherCategoryId: fx.category.teachercategoryid,
      ...changes,
    },
  ],
});

describe('PTP client against the PTP simulator', () => {
  let sim: PtpSimulator;
  let exchanges: PtpExchange[];

  async function start(
    options: Partial<PtpSimulatorOptions> = {},
    client: { minIntervalMs?: number; maxAttempts?: number } = {},
  ): Promise<PtpClient> {
    sim = await startPtpSimulator({ district, ...options });
    exchanges = [];
    return new PtpClient({
      baseUrl: sim.url,
      credentials: { clientId: sim.clientId, clientSecret: sim.clientSecret },
      minIntervalMs: client.minIntervalMs ?? 0,
      maxAttempts: client.maxAttempts ?? 6,
      backoffMs: 20,
      onExchange: (exchange) => exchanges.push(exchange),
    });
  }

  afterEach(async () => sim?.close());

  it('gets one token (expires_in is a string) and reuses it; on a 401 it takes one fresh token and retries once', async () => {
    const client = await start();
    const categories = await client.categories.list(fx.teacher, district.yearid);
    await client.categories.list(fx.teacher, district.yearid);
    expect(exchanges.filter((e) => e.path === '/oauth/access_token')).toHaveLength(1);
    expect(categories.map((c) => c.teacherCategoryId)).toEqual(
      district.teacherCategories
        .filter((c) => c.usersdcid === fx.teacher)
        .sort((a, b) => a.displayposition - b.displayposition || a.teachercategoryid - b.teachercategoryid)
        .map((c) => c.teachercategoryid),
    );
    expect(JSON.stringify(categories)).not.toContain('breach');

    sim.tokens.expireNow();
    await client.categories.list(fx.teacher, district.yearid);
    expect(exchanges.map((e) => `${e.path} ${e.status}`).slice(-3)).toEqual([
      '/ws/xte/teacher_category 401',
      '/oauth/access_token 200',
      '/ws/xte/teacher_category 200',
    ]);
  });

  it('reads categories with their active flag and section exclusions', async () => {
    const client = await start();
    const teacher = district.teacherCategories.find((c) => c.section_exclusions.length > 0)?.usersdcid ?? fx.teacher;
    const categories = await client.categories.list(teacher, district.yearid);
    for (const category of categories) {
      const source = district.teacherCategories.find((c) => c.teachercategoryid === category.teacherCategoryId);
      expect(category.isActive).toBe(source?.isactive);
      expect(category.excludedSectionDcids).toEqual(
        [...(source?.section_exclusions ?? [])]
          .filter((dcid) => district.sections.some((s) => s.sectionsdcid === dcid && s.yearid === district.yearid))
          .sort((a, b) => a - b),
      );
    }
  });

  it('creates, reads, lists, replaces and deletes an assignment, with the ids from the headers', async () => {
    const client = await start();
    const created = await client.assignments.create(fx.teacher, input());
    expect(created.assignmentSectionIds).toHaveLength(1);
    const read = await client.assignments.get(fx.teacher, created.assignmentId);
    expect(read.sections[0]).toMatchObject({
      assignmentSectionId: created.assignmentSectionIds[0],
      sectionsDcid: fx.section.sectionsdcid,
      name: 'Unit 3 Test',
      dueDate: fx.dueDate,
      teacherCategoryId: fx.category.teachercategoryid,
    });
    expect(read.createdByPlugin).toBeTruthy();
    expect((await client.assignments.list(fx.teacher, [fx.section.sectionsdcid])).map((a) => a.assignmentId)).toContain(
      created.assignmentId,
    );
    await client.assignments.update(
      fx.teacher,
      created.assignmentId,
      input({ assignmentSectionId: created.assignmentSectionIds[0], name: 'Unit 3 Test (retake)' }),
      { updateScores: false },
    );
    expect((await client.assignments.get(fx.teacher, created.assignmentId)).sections[0]?.name).toBe('Unit 3 Test (retake)');
    await client.scores.write(fx.teacher, [
      {
        assignmentSectionId: created.assignmentSectionIds[0] as number,
        studentsDcid: fx.students[0] as number,
        entered: '30',
        isExempt: false,
        isLate: false,
        isMissing: false,
      },
    ]);
    await expect(client.assignments.delete(fx.teacher, created.assignmentId, { force: false })).rejects.toMatchObject({
      kind: 'precondition',
      status: 412,
    });
    expect(await client.assignments.delete(fx.teacher, created.assignmentId, { force: true })).toBe('deleted');
    expect(await client.assignments.delete(fx.teacher, created.assignmentId, { force: true })).toBe('absent');
  });

  it.each([['errors-array'], ['message-only']] as const)('turns a 409 into field problems (%s reading [U])', async (conflictBody) => {
    const client = await start({ readings: { conflictBody } });
    const error = await client.assignments
      .create(fx.teacher, input({ name: 'x'.repeat(51), dueDate: '2040-01-01' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PtpApiError);
    expect((error as PtpApiError).kind).toBe('validation');
    expect((error as PtpApiError).retryable).toBe(false);
    expect((error as PtpApiError).problems.map((p) => p.field)).toEqual(expect.arrayContaining(['name', 'duedate']));
  });

  it.each([
    ['whole-batch', 'upsert', 'strict-string'],
    ['per-row', 'upsert', 'strict-string'],
    ['whole-batch', 'requires-id', 'lenient'],
    ['per-row', 'requires-id', 'strict-string'],
  ] as const)(
    'writes scores, one outcome per row, whatever a refused row does to its batch (%s, %s, %s) [U]',
    async (scoreBatchConflicts, scoreUpdate, actualScoreEntered) => {
      const readings: Partial<PtpReadings> = { scoreBatchConflicts, scoreUpdate, actualScoreEntered };
      const client = await start({ readings });
      const { assignmentId, assignmentSectionIds } = await client.assignments.create(fx.teacher, input());
      const assignmentSectionId = assignmentSectionIds[0] as number;
      const [a, b, c] = fx.students as [number, number, number];
      const row = (studentsDcid: number, entered: string | null, extra = {}) => ({
        assignmentSectionId,
        studentsDcid,
        entered,
        isExempt: false,
        isLate: false,
        isMissing: false,
        ...extra,
      });
      const outcomes = await client.scores.write(fx.teacher, [
        row(a, '34'),
        row(fx.stranger, '12'),
        row(b, null, { isExempt: true }),
        row(c, '41'),
      ]);
      expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, false]);
      expect(outcomes[1]).toMatchObject({ ok: false, reason: expect.stringContaining('not enrolled') });
      expect(outcomes[3]).toMatchObject({ ok: false, reason: expect.stringContaining('Max Entry') });

      const read = await client.scores.read(fx.teacher, { assignmentIds: [assignmentId], sectionDcids: [fx.section.sectionsdcid] });
      expect(read.map((s) => [s.studentsDcid, s.actualScoreEntered, s.isExempt]).sort()).toEqual(
        [
          [a, '34', false],
          [b, null, true],
        ].sort(),
      );
      // An update carries the score's id, which a PTP that updates only by id requires.
      const existing = read.find((s) => s.studentsDcid === a);
      const again = await client.scores.write(fx.teacher, [row(a, '35', { assignmentScoreId: existing?.assignmentScoreId ?? undefined })]);
      expect(again).toEqual([expect.objectContaining({ ok: true })]);
      const assignments = sim.gradebook({ sectionsdcid: fx.section.sectionsdcid }).sections[0]?.['assignments'] as Array<
        Record<string, unknown>
      >;
      expect(assignments[0]?.['scores']).toEqual(
        expect.arrayContaining([expect.objectContaining({ studentsdcid: a, actualscoreentered: '35' })]),
      );
    },
  );

  it('always sends the standard fields, so a PTP that requires them on a create takes it too [U]', async () => {
    for (const assignmentStandardFields of ['optional', 'required'] as const) {
      const client = await start({ readings: { assignmentStandardFields } });
      await expect(client.assignments.create(fx.teacher, input())).resolves.toMatchObject({ assignmentId: expect.any(Number) });
      await sim.close();
    }
  });

  it('never asks for the categories of year 0, whose meaning is unknown [U]', async () => {
    const client = await start({ readings: { yearIdZero: 'empty' } });
    await expect(client.categories.list(fx.teacher, 0)).rejects.toThrow(RangeError);
    expect(exchanges).toEqual([]);
  });

  it.each([['enforced'], ['not-enforced']] as const)(
    'tells a section the teacher does not teach in PTP as a refusal of that item, not a retry (teacherSections %s [U])',
    async (teacherSections) => {
      const client = await start({ readings: { teacherSections } });
      const foreign = district.sections.find((s) => s.yearid === district.yearid && !s.teachers.includes(fx.teacher)) as PtpSection;
      const other = district.terms.find((t) => t.id === foreign.termid && t.schoolid === foreign.schoolid);
      const attempt = client.assignments.create(
        fx.teacher,
        input({ sectionsDcid: foreign.sectionsdcid, yearId: foreign.yearid, dueDate: other?.firstday ?? fx.dueDate }),
      );
      if (teacherSections === 'enforced') await expect(attempt).rejects.toMatchObject({ kind: 'forbidden', retryable: false, status: 403 });
      else await expect(attempt).resolves.toMatchObject({ assignmentId: expect.any(Number) });
    },
  );

  it('writes an excused score as exempt with no entry, or with a 0 for a PTP that insists on one [U]', async () => {
    const client = await start();
    const { assignmentId, assignmentSectionIds } = await client.assignments.create(fx.teacher, input());
    const [a, b] = fx.students as [number, number];
    const excused = (studentsDcid: number, entered: string | null) => ({
      assignmentSectionId: assignmentSectionIds[0] as number,
      studentsDcid,
      entered,
      isExempt: true,
      isLate: false,
      isMissing: false,
    });
    expect(await client.scores.write(fx.teacher, [excused(a, null), excused(b, '0')])).toEqual([
      expect.objectContaining({ ok: true }),
      expect.objectContaining({ ok: true }),
    ]);
    const read = await client.scores.read(fx.teacher, { assignmentIds: [assignmentId], sectionDcids: [fx.section.sectionsdcid] });
    expect(read.map((s) => [s.studentsDcid, s.actualScoreEntered, s.isExempt]).sort()).toEqual(
      [
        [a, null, true],
        [b, '0', true],
      ].sort(),
    );
  });

  it('sends the score PUT’s extra query parameters when the district names them [U]', async () => {
    const client = await start();
    const { assignmentSectionIds } = await client.assignments.create(fx.teacher, input());
    const outcome = await client.scores.write(
      fx.teacher,
      [
        {
          assignmentSectionId: assignmentSectionIds[0] as number,
          studentsDcid: fx.students[0] as number,
          entered: '10',
          isExempt: false,
          isLate: false,
          isMissing: false,
        },
      ],
      { status: 'A,I,P', push_assignment_scores: 'false' },
    );
    expect(outcome).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('keeps to the plugin’s minimum interval, and waits as told when it does not', async () => {
    const paced = await start({ minIntervalMs: 150 }, { minIntervalMs: 150 });
    for (let i = 0; i < 4; i++) await paced.categories.list(fx.teacher, district.yearid);
    expect(exchanges.filter((e) => e.status === 429)).toHaveLength(0);
    await sim.close();

    // The simulator judges the first three requests at one instant (its clock stands still for them),
    // so it refuses some whatever the machine's speed; then its clock runs ahead, and the retries go through.
    let judged = 0;
    const eager = await start({ minIntervalMs: 150, minIntervalNow: () => (judged++ < 3 ? 0 : judged * 1_000) }, { minIntervalMs: 0 });
    const lists = await Promise.all([1, 2, 3].map(() => eager.categories.list(fx.teacher, district.yearid)));
    expect(lists.every((list) => list.length > 0)).toBe(true);
    expect(exchanges.filter((e) => e.status === 429).length).toBeGreaterThan(0);
  });

  it('sends a write again after 412 "Resubmit" and an idempotent request after a 5xx, but never a create after a 5xx', async () => {
    const client = await start({ resubmitRate: 0.5 });
    for (let i = 0; i < 6; i++) await client.assignments.create(fx.teacher, input({ name: `Resubmitted ${i}` }));
    expect(exchanges.filter((e) => e.status === 412).length).toBeGreaterThan(0);
    expect(sim.gradebook({ sectionsdcid: fx.section.sectionsdcid }).sections[0]?.['assignments']).toHaveLength(6);

    sim.faults.reconfigure({ ...sim.faults.current, error5xxRate: 0.3 });
    for (let i = 0; i < 5; i++) await client.categories.list(fx.teacher, district.yearid);
    expect(
      exchanges.filter((e) => e.path === '/ws/xte/teacher_category' && e.status !== undefined && e.status >= 500).length,
    ).toBeGreaterThan(0);
    sim.faults.reconfigure({ ...sim.faults.current, error5xxRate: 1 });
    const error = await client.assignments.create(fx.teacher, input({ name: 'Never twice' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'server', retryable: true });
    expect(exchanges.filter((e) => e.method === 'POST' && e.path === '/ws/xte/section/assignment/').slice(-1)).toHaveLength(1);
    const creates = exchanges.filter((e) => e.method === 'POST' && e.path === '/ws/xte/section/assignment/' && e.status !== 412);
    expect(creates.filter((e) => e.status !== undefined && e.status >= 500)).toHaveLength(1);
  });
});
