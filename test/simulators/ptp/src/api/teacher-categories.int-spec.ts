import { startPtpSimulator, type PtpSimulator } from '../ptp-simulator';
import type { PtpReadings } from '../ptp-readings';
import { PtpTestClient, tinyDistrict } from '../testing/ptp-test-client';

describe('GET /ws/xte/teacher_category', () => {
  const district = tinyDistrict();
  const excluded = district.teacherCategories.find((c) => c.section_exclusions.length > 0);
  if (!excluded) throw new Error('the sandbox district has no excluded category');
  const teacher = excluded.usersdcid;
  let sim: PtpSimulator;
  let client: PtpTestClient;
  const start = async (readings: Partial<PtpReadings> = {}) => {
    sim = await startPtpSimulator({ district, readings });
    client = new PtpTestClient(sim.url, sim.clientId, sim.clientSecret);
    await client.authenticate();
  };
  afterEach(async () => sim?.close());

  it('lists the teacher’s district and own categories, with active flags and section exclusions', async () => {
    await start();
    const response = await client.request('GET', `/ws/xte/teacher_category?users_dcid=${teacher}&year_id=${district.yearid}`);
    expect(response.status).toBe(200);
    const list = response.body as Array<Record<string, unknown>>;
    const expected = district.teacherCategories.filter((c) => c.usersdcid === teacher);
    expect(list.map((c) => c['teachercategoryid']).sort()).toEqual(expected.map((c) => c.teachercategoryid).sort());
    const found = list.find((c) => c['teachercategoryid'] === excluded.teachercategoryid);
    expect(found).toMatchObject({
      _name: 'teachercategory',
      _id: excluded.teachercategoryid,
      name: excluded.name,
      categorytype: excluded.categorytype,
      districtteachercategoryid: excluded.districtteachercategoryid,
      usersdcid: teacher,
      isactive: excluded.isactive,
      color: expect.stringMatching(/^\d$/),
      _teachercategorysectionexcludeassociations: excluded.section_exclusions.map((sectionsdcid) =>
        expect.objectContaining({ sectionsdcid }),
      ),
      $breach_mitigation: expect.any(String),
    });
    expect(list.some((c) => c['categorytype'] === 'district')).toBe(true);
  });

  it('needs users_dcid (400) and a known teacher (404), and year_id', async () => {
    await start();
    expect((await client.request('GET', `/ws/xte/teacher_category?year_id=${district.yearid}`)).status).toBe(400);
    expect((await client.request('GET', `/ws/xte/teacher_category?users_dcid=999999999&year_id=${district.yearid}`)).status).toBe(404);
    expect((await client.request('GET', `/ws/xte/teacher_category?users_dcid=${teacher}`)).status).toBe(400);
  });

  it.each([
    ['all', 200, true],
    ['empty', 200, false],
    ['error', 400, false],
  ] as const)('year_id=0 under the reading yearIdZero=%s', async (reading, status, hasCategories) => {
    await start({ yearIdZero: reading });
    const response = await client.request('GET', `/ws/xte/teacher_category?users_dcid=${teacher}&year_id=0`);
    expect(response.status).toBe(status);
    if (status === 200) expect((response.body as unknown[]).length > 0).toBe(hasCategories);
  });
});
