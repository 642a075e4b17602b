import { startPtpSimulator, type PtpSimulator, type PtpSimulatorOptions } from '../ptp-simulator';
import type { PtpReadings } from '../ptp-readings';
import { assignmentBody, gradebookFixture, PtpTestClient, tinyDistrict } from '../testing/ptp-test-client';

describe('scores: PUT /ws/xte/score and POST /ws/xte/assignment_score', () => {
  const district = tinyDistrict();
  const fx = gradebookFixture(district);
  const users = `users_dcid=${fx.teacher}`;
  const [s1, s2, s3] = fx.students as [number, number, number];
  let sim: PtpSimulator;
  let client: PtpTestClient;
  let assignmentId: number;
  let sectionId: number;

  const start = async (
    readings: Partial<PtpReadings> = {},
    options: Partial<PtpSimulatorOptions> = {},
    changes: Record<string, unknown> = {},
  ) => {
    sim = await startPtpSimulator({ district, readings, ...options });
    client = new PtpTestClient(sim.url, sim.clientId, sim.clientSecret);
    await client.authenticate();
    const created = await client.request(
      'POST',
      `/ws/xte/section/assignment/?${users}`,
      assignmentBody(fx, { scoreentrypoints: 40, extracreditpoints: 5, ...changes }),
    );
    expect(created.status).toBe(201);
    assignmentId = Number((created.headers.get('location') ?? '').split('/').pop());
    sectionId = (JSON.parse(created.headers.get('assignmentsectionids') ?? '[]') as number[])[0] as number;
  };
  afterEach(async () => sim?.close());

  const row = (studentsdcid: number, fields: Record<string, unknown> = {}) => ({
    _assignmentsection: { assignmentsectionid: sectionId },
    studentsdcid,
    actualscoreentered: '34',
    actualscorekind: 'REAL_SCORE',
    ...fields,
  });
  const put = (rows: unknown[]) => client.request('PUT', `/ws/xte/score?${users}`, { assignment_scores: rows });
  const readBack = async () =>
    (
      await client.request('POST', `/ws/xte/assignment_score?${users}`, {
        assignment_ids: [assignmentId],
        section_ids: [fx.section.sectionsdcid],
      })
    ).body as Array<Record<string, unknown>>;

  it('writes scores with their flags and reads them back with PTP’s computed fields', async () => {
    await start();
    const response = await put([
      row(s1),
      row(s2, { actualscoreentered: '', actualscorekind: null, isexempt: true }),
      row(s3, { actualscoreentered: '20', islate: true, ismissing: false, _assignmentscorecomment: { commentvalue: 'Turned in Monday' } }),
    ]);
    expect(response.status).toBe(200);
    const scores = await readBack();
    expect(scores).toHaveLength(3);
    const byStudent = new Map(scores.map((s) => [s['studentsdcid'], s]));
    expect(byStudent.get(s1)).toMatchObject({
      _name: 'assignmentscore',
      assignmentscoreid: expect.any(Number),
      actualscoreentered: '34',
      actualscorekind: 'REAL_SCORE',
      scorepoints: 34,
      scorepercent: 85,
      scorelettergrade: 'B',
      isexempt: false,
      _assignmentsection: { assignmentsectionid: sectionId },
      $breach_mitigation: expect.any(String),
    });
    expect(byStudent.get(s2)).toMatchObject({ actualscoreentered: null, scorepoints: null, isexempt: true });
    expect(byStudent.get(s3)).toMatchObject({
      scorepoints: 20,
      islate: true,
      _assignmentscorecomment: { commentvalue: 'Turned in Monday' },
    });
  });

  it('takes score codes, which set flags and a value', async () => {
    await start();
    expect((await put([row(s1, { actualscoreentered: 'IE', actualscorekind: 'SCORE_CODE' })])).status).toBe(200);
    expect((await readBack())[0]).toMatchObject({
      actualscoreentered: 'IE',
      actualscorekind: 'SCORE_CODE',
      ismissing: true,
      scorepercent: 50,
    });
    expect((await put([row(s1, { actualscoreentered: 'ZZ', actualscorekind: 'SCORE_CODE' })])).status).toBe(409);
  });

  it('refuses a student not enrolled in the section, and a score above Max Entry (points + extra credit)', async () => {
    await start();
    expect((await put([row(s1, { actualscoreentered: '45' })])).status).toBe(200);
    const above = await put([row(s1, { actualscoreentered: '45.5' })]);
    expect(above).toMatchObject({
      status: 409,
      body: { errors: [{ field: 'actualscoreentered', code: 'The score is above the Max Entry of 45' }] },
    });
    const stranger = await put([row(fx.stranger)]);
    expect(stranger).toMatchObject({ status: 409, body: { errors: [{ field: 'studentsdcid' }] } });
    expect((await put([row(s1, { actualscoreentered: '-1' })])).status).toBe(409);
    expect((await put([row(s1, { actualscoreentered: 'lots', actualscorekind: 'REAL_SCORE' })])).status).toBe(409);
  });

  it('refuses another teacher (403), unknown assignment sections (404) and a locked term', async () => {
    await start();
    const other = district.teachers.find((t) => !fx.section.teachers.includes(t.users_dcid))?.users_dcid;
    expect((await client.request('PUT', `/ws/xte/score?users_dcid=${other ?? 0}`, { assignment_scores: [row(s1)] })).status).toBe(403);
    expect(
      (await client.request('POST', `/ws/xte/assignment_score?users_dcid=${other ?? 0}`, { section_ids: [fx.section.sectionsdcid] }))
        .status,
    ).toBe(403);
    expect((await put([{ ...row(s1), _assignmentsection: { assignmentsectionid: 1 } }])).status).toBe(404);
    expect((await put([{ studentsdcid: s1 }])).status).toBe(400);
    const term = district.terms.find((t) => t.id === fx.section.termid && t.schoolid === fx.section.schoolid);
    await client.request('PUT', '/__admin/locks', { termids: [term?.id] });
    expect(await put([row(s1)])).toMatchObject({ status: 409, body: { errors: [{ code: 'Locked Term' }] } });
  });

  describe('readings', () => {
    it('scoreBatchConflicts=whole-batch: one bad row fails the request and nothing is saved', async () => {
      await start({ scoreBatchConflicts: 'whole-batch' });
      const response = await put([row(s1), row(fx.stranger), row(s2, { actualscoreentered: '99' })]);
      expect(response.status).toBe(409);
      expect((response.body as { errors: unknown[] }).errors).toHaveLength(2);
      expect(await readBack()).toEqual([]);
    });

    it('scoreBatchConflicts=per-row: 200, each row reports its own result, the good rows are saved', async () => {
      await start({ scoreBatchConflicts: 'per-row' });
      const response = await put([row(s1), row(fx.stranger), row(s2, { actualscoreentered: '99' })]);
      expect(response.status).toBe(200);
      const results = (response.body as { assignment_scores: Array<{ batch_result: { code: number } }> }).assignment_scores.map(
        (r) => r.batch_result.code,
      );
      expect(results).toEqual([201, 409, 409]);
      expect((await readBack()).map((s) => s['studentsdcid'])).toEqual([s1]);
      expect((await put([row(s1, { actualscoreentered: '35' })])).body).toMatchObject({
        assignment_scores: [{ batch_result: { code: 200 }, actualscoreentered: '35' }],
      });
    });

    it.each([
      ['strict-string', 409],
      ['lenient', 200],
    ] as const)('actualScoreEntered=%s with a JSON number', async (reading, status) => {
      await start({ actualScoreEntered: reading });
      expect((await put([row(s1, { actualscoreentered: 30 })])).status).toBe(status);
      if (status === 200) expect((await readBack())[0]).toMatchObject({ actualscoreentered: '30', scorepoints: 30 });
    });

    it('scoreUpdate=upsert: a second write without assignmentscoreid updates the same score', async () => {
      await start({ scoreUpdate: 'upsert' });
      await put([row(s1, { actualscoreentered: '30' })]);
      const [first] = await readBack();
      expect((await put([row(s1, { actualscoreentered: '31' })])).status).toBe(200);
      expect(await readBack()).toEqual([
        expect.objectContaining({ assignmentscoreid: first?.['assignmentscoreid'], actualscoreentered: '31' }),
      ]);
    });

    it('scoreUpdate=requires-id: updating needs the assignmentscoreid (or the read-back _id)', async () => {
      await start({ scoreUpdate: 'requires-id' });
      await put([row(s1, { actualscoreentered: '30' })]);
      const [first] = await readBack();
      expect(await put([row(s1, { actualscoreentered: '31' })])).toMatchObject({
        status: 409,
        body: { errors: [{ field: 'assignmentscoreid' }] },
      });
      expect((await put([{ ...first, actualscoreentered: '31' }])).status).toBe(200);
      expect((await put([row(s1, { assignmentscoreid: first?.['assignmentscoreid'], actualscoreentered: '32' })])).status).toBe(200);
      expect((await readBack())[0]).toMatchObject({ actualscoreentered: '32' });
    });
  });

  it('answers a configurable share of writes with 412 "Resubmit", saving nothing', async () => {
    await start({}, {}, {});
    await client.request('PUT', '/__admin/config', { resubmitRate: 1 });
    expect(await put([row(s1)])).toMatchObject({ status: 412, body: { message: 'Resubmit' } });
    await client.request('PUT', '/__admin/config', { resubmitRate: 0 });
    expect(await readBack()).toEqual([]);
    await sim.close();
    sim = await startPtpSimulator({ district, resubmitRate: 0.3, resubmitSeed: 11 });
    client = new PtpTestClient(sim.url, sim.clientId, sim.clientSecret);
    await client.authenticate();
    const statuses = [];
    for (let i = 0; i < 60; i++)
      statuses.push((await client.request('POST', `/ws/xte/section/assignment/?${users}`, assignmentBody(fx))).status);
    const resubmits = statuses.filter((s) => s === 412).length;
    expect(resubmits).toBeGreaterThan(8);
    expect(resubmits).toBeLessThan(30);
    expect(statuses.filter((s) => s === 201).length).toBe(60 - resubmits);
  });

  it('shows assignments and scores per section on the read-only /__admin/state', async () => {
    await start();
    await put([row(s1)]);
    const state = (await client.request('GET', `/__admin/state?section=${fx.section.sectionsdcid}`)).body as {
      sections: Array<{ sectionsdcid: number; assignments: Array<{ assignmentid: number; scores: unknown[] }> }>;
    };
    expect(state.sections).toEqual([
      expect.objectContaining({
        sectionsdcid: fx.section.sectionsdcid,
        assignments: [
          expect.objectContaining({ assignmentid: assignmentId, scores: [expect.objectContaining({ studentsdcid: s1, scorepoints: 34 })] }),
        ],
      }),
    ]);
    expect(sim.gradebook().sections.map((s) => s.sectionsdcid)).toEqual([fx.section.sectionsdcid]);
    expect((await client.request('PUT', '/__admin/state', {})).status).toBe(404);
  });
});
