import { startPtpSimulator, type PtpSimulator } from '../ptp-simulator';
import type { PtpReadings } from '../ptp-readings';
import { assignmentBody, gradebookFixture, PtpTestClient, tinyDistrict } from '../testing/ptp-test-client';

describe('/ws/xte/section/assignment', () => {
  const district = tinyDistrict();
  const fx = gradebookFixture(district);
  const users = `users_dcid=${fx.teacher}`;
  let sim: PtpSimulator;
  let client: PtpTestClient;
  const start = async (readings: Partial<PtpReadings> = {}, locks = {}) => {
    sim = await startPtpSimulator({ district, readings, locks, pluginId: '744' });
    client = new PtpTestClient(sim.url, sim.clientId, sim.clientSecret);
    await client.authenticate();
  };
  afterEach(async () => sim?.close());
  const create = (body: unknown, query = users) => client.request('POST', `/ws/xte/section/assignment/?${query}`, body);

  it('creates an assignment: 201, Location = the assignment id, AssignmentSectionIds = a JSON array, no body', async () => {
    await start();
    const response = await create(assignmentBody(fx, {}, [fx.section, fx.otherSection]));
    expect(response.status).toBe(201);
    expect(response.text).toBe('');
    const location = response.headers.get('location') ?? '';
    expect(location).toMatch(new RegExp(`^${sim.url}/ws/xte/section/assignment/\\d+$`));
    const assignmentId = Number(location.split('/').pop());
    const sectionIds = JSON.parse(response.headers.get('assignmentsectionids') ?? '[]') as number[];
    expect(sectionIds).toHaveLength(2);
    expect(sectionIds).not.toContain(assignmentId);

    const read = await client.request('GET', `/ws/xte/section/assignment/${assignmentId}?${users}`);
    expect(read.body).toMatchObject({
      _name: 'assignment',
      _id: assignmentId,
      assignmentid: assignmentId,
      createdbyplugin: '744',
      standardcalcdirection: 'NONE',
      _assignmentsections: [
        {
          _name: 'assignmentsection',
          assignmentsectionid: sectionIds[0],
          sectionsdcid: fx.section.sectionsdcid,
          name: 'Unit 3 Test',
          duedate: fx.dueDate,
          scoreentrypoints: 40,
          totalpointvalue: 40,
          islocked: false,
          _assignmentcategoryassociations: [
            { teachercategoryid: fx.category.teachercategoryid, isprimary: true, _teachercategory: { name: fx.category.name } },
          ],
        },
        { assignmentsectionid: sectionIds[1], sectionsdcid: fx.otherSection.sectionsdcid },
      ],
      $breach_mitigation: expect.any(String),
    });
    const listed = await client.request('GET', `/ws/xte/section/assignment/?${users}&section_ids=${fx.otherSection.sectionsdcid}`);
    expect((listed.body as Array<Record<string, unknown>>).map((a) => a['assignmentid'])).toEqual([assignmentId]);
  });

  it('answers 403 for a section the teacher does not teach, 404 for unknown sections and categories, 400 without users_dcid', async () => {
    await start();
    expect((await create(assignmentBody(fx, {}, [fx.foreignSection]))).status).toBe(403);
    expect((await client.request('GET', `/ws/xte/section/assignment/?${users}&section_ids=${fx.foreignSection.sectionsdcid}`)).status).toBe(
      403,
    );
    expect((await create(assignmentBody(fx, { sectionsdcid: 1 }))).status).toBe(404);
    expect(
      (await create(assignmentBody(fx, { _assignmentcategoryassociations: [{ teachercategoryid: 1, isprimary: true }] }))).status,
    ).toBe(404);
    expect((await create(assignmentBody(fx), '')).status).toBe(400);
    expect((await create({ name: 'no sections' })).status).toBe(400);
  });

  describe('409 Validation Error, naming the field', () => {
    const inactive =
      district.teacherCategories.find((c) => c.usersdcid === fx.teacher && !c.isactive) ??
      district.teacherCategories.find((c) => !c.isactive);
    const excluded = district.teacherCategories.find((c) => c.section_exclusions.length > 0);

    it.each([
      ['name over 50 characters', { name: 'x'.repeat(51) }, 'name'],
      ['due date before the term', { duedate: '2000-01-01' }, 'duedate'],
      ['due date after the term', { duedate: '2099-12-31' }, 'duedate'],
      ['not a date', { duedate: '15/10/2025' }, 'duedate'],
      ['total value over 9,999', { scoreentrypoints: 5000, weight: 2, extracreditpoints: 1 }, 'totalpointvalue'],
      ['no primary category', { _assignmentcategoryassociations: [] }, 'teachercategoryid'],
      ['unknown score type', { scoretype: 'SHRUG' }, 'scoretype'],
    ])('%s', async (_what, changes, field) => {
      await start();
      const response = await create(assignmentBody(fx, changes));
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        message: 'Validation Failed',
        errors: [expect.objectContaining({ resource: 'assignmentsection', field })],
      });
    });

    it('exactly 50 characters and 9,999 points are fine', async () => {
      await start();
      expect(
        (await create(assignmentBody(fx, { name: 'x'.repeat(50), scoreentrypoints: 9999, weight: 1, extracreditpoints: 0 }))).status,
      ).toBe(201);
    });

    it('an inactive category, and a category excluded from the section', async () => {
      if (!inactive || !excluded) throw new Error('the sandbox district lacks an inactive or an excluded category');
      await start();
      const dueIn = (sectionsdcid: number) => {
        const section = district.sections.find((s) => s.sectionsdcid === sectionsdcid);
        return district.terms.find((t) => t.id === section?.termid && t.schoolid === section?.schoolid)?.firstday;
      };
      const attempt = (usersDcid: number, sectionsdcid: number, teachercategoryid: number) =>
        client.request('POST', `/ws/xte/section/assignment/?users_dcid=${usersDcid}`, {
          _assignmentsections: [
            {
              sectionsdcid,
              name: 'Quiz',
              duedate: dueIn(sectionsdcid),
              _assignmentcategoryassociations: [{ teachercategoryid, isprimary: true }],
            },
          ],
        });
      const inactiveSection = district.sections.find((s) => s.teachers.includes(inactive.usersdcid) && s.yearid === district.yearid);
      if (!inactiveSection) throw new Error('the inactive category’s teacher has no section');
      const withInactive = await attempt(inactive.usersdcid, inactiveSection.sectionsdcid, inactive.teachercategoryid);
      expect(withInactive).toMatchObject({
        status: 409,
        body: { errors: [{ field: 'teachercategoryid', code: `Category ${inactive.name} is inactive` }] },
      });
      const excludedSection = excluded.section_exclusions[0] as number;
      const withExcluded = await attempt(excluded.usersdcid, excludedSection, excluded.teachercategoryid);
      expect(withExcluded).toMatchObject({
        status: 409,
        body: { errors: [{ field: 'teachercategoryid', code: `Category ${excluded.name} is excluded from section ${excludedSection}` }] },
      });
    });

    it('a due date in a locked reporting term is "Locked Term"', async () => {
      const term = district.terms.find((t) => t.id === fx.section.termid && t.schoolid === fx.section.schoolid);
      const bin = term?.storecodes.find((b) => b.startdate <= fx.dueDate && fx.dueDate <= b.enddate);
      await start({}, { storecodes: [bin?.storecode ?? 'Q1'] });
      const response = await create(assignmentBody(fx));
      expect(response).toMatchObject({ status: 409, body: { errors: [{ field: 'duedate', code: 'Locked Term' }] } });
    });

    it('values other than the due date must match across sections', async () => {
      await start();
      const body = assignmentBody(fx, {}, [fx.section, fx.otherSection]);
      ((body['_assignmentsections'] as Array<Record<string, unknown>>)[1] as Record<string, unknown>)['scoreentrypoints'] = 50;
      expect((await create(body)).body).toMatchObject({ errors: [expect.objectContaining({ field: 'scoreentrypoints' })] });
      ((body['_assignmentsections'] as Array<Record<string, unknown>>)[1] as Record<string, unknown>)['scoreentrypoints'] = 40;
      ((body['_assignmentsections'] as Array<Record<string, unknown>>)[1] as Record<string, unknown>)['duedate'] = fx.termStart;
      expect((await create(body)).status).toBe(201);
    });

    it('under conflictBody=message-only the field is named in the message', async () => {
      await start({ conflictBody: 'message-only' });
      const response = await create(assignmentBody(fx, { name: 'x'.repeat(60) }));
      expect(response.status).toBe(409);
      expect(response.body).toEqual({ message: 'name: Name must be 50 characters or fewer' });
    });
  });

  it.each([
    ['optional', 201],
    ['required', 400],
  ] as const)('a create without the standard fields under assignmentStandardFields=%s', async (reading, status) => {
    await start({ assignmentStandardFields: reading });
    const body = assignmentBody(fx);
    delete body['standardcalcdirection'];
    delete body['standardscoringmethod'];
    delete body['yearid'];
    delete body['_assignmentstandardassociations'];
    expect((await create(body)).status).toBe(status);
  });

  it('PUT replaces the assignment, must include every section, and needs update_scores to change scoring once scored', async () => {
    await start();
    const created = await create(assignmentBody(fx, {}, [fx.section, fx.otherSection]));
    const id = Number((created.headers.get('location') ?? '').split('/').pop());
    const [sectionId] = JSON.parse(created.headers.get('assignmentsectionids') ?? '[]') as number[];
    const renamed = await client.request(
      'PUT',
      `/ws/xte/section/assignment/${id}?${users}`,
      assignmentBody(fx, { name: 'Unit 3 Exam' }, [fx.section, fx.otherSection]),
    );
    expect(renamed.status).toBe(201);
    const after = (await client.request('GET', `/ws/xte/section/assignment/${id}?${users}`)).body as {
      _assignmentsections: Array<Record<string, unknown>>;
    };
    expect(after._assignmentsections.map((s) => [s['assignmentsectionid'], s['name']])).toEqual([
      [sectionId, 'Unit 3 Exam'],
      [expect.any(Number), 'Unit 3 Exam'],
    ]);
    const missingSection = await client.request('PUT', `/ws/xte/section/assignment/${id}?${users}`, assignmentBody(fx, {}, [fx.section]));
    expect(missingSection).toMatchObject({ status: 409, body: { errors: [expect.objectContaining({ field: 'sectionsdcid' })] } });

    await client.request('PUT', `/ws/xte/score?${users}`, {
      assignment_scores: [
        {
          _assignmentsection: { assignmentsectionid: sectionId },
          studentsdcid: fx.students[0],
          actualscoreentered: '30',
          actualscorekind: 'REAL_SCORE',
        },
      ],
    });
    const rescale = assignmentBody(fx, { name: 'Unit 3 Exam', scoreentrypoints: 50, totalpointvalue: 50 }, [fx.section, fx.otherSection]);
    expect((await client.request('PUT', `/ws/xte/section/assignment/${id}?${users}`, rescale)).body).toMatchObject({
      errors: [expect.objectContaining({ field: 'scoreentrypoints' })],
    });
    expect((await client.request('PUT', `/ws/xte/section/assignment/${id}?${users}&update_scores=true`, rescale)).status).toBe(201);
  });

  it('DELETE is 204, but 412 when scores exist unless force=true', async () => {
    await start();
    const created = await create(assignmentBody(fx));
    const id = Number((created.headers.get('location') ?? '').split('/').pop());
    const [sectionId] = JSON.parse(created.headers.get('assignmentsectionids') ?? '[]') as number[];
    await client.request('PUT', `/ws/xte/score?${users}`, {
      assignment_scores: [
        { _assignmentsection: { assignmentsectionid: sectionId }, studentsdcid: fx.students[0], actualscoreentered: '30' },
      ],
    });
    expect(await client.request('DELETE', `/ws/xte/section/assignment/${id}?${users}`)).toMatchObject({
      status: 412,
      body: { message: 'Validation Error - Assignment has grades associated' },
    });
    expect((await client.request('DELETE', `/ws/xte/section/assignment/${id}?${users}&force=true`)).status).toBe(204);
    expect((await client.request('GET', `/ws/xte/section/assignment/${id}?${users}`)).status).toBe(404);
    const empty = await create(assignmentBody(fx));
    expect((await client.request('DELETE', `${empty.headers.get('location') ?? ''}?${users}`)).status).toBe(204);
  });
});
