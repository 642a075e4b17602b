import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDistrict, toPtpDistrict, writeSifDirectory } from '@sisbridge/sandbox-district';
import { startPtpSimulator } from '../ptp-simulator';
import { PtpTestClient } from '../testing/ptp-test-client';
import { loadPtpDistrict } from './load-district';

describe('the PTP simulator’s district', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ptp-sim-district-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('comes from the generator (--size, --seed), with year ids as PowerSchool numbers them', async () => {
    const district = await loadPtpDistrict({ size: 'tiny', seed: 4, schoolYear: 2026 });
    expect(district.yearid).toBe(35);
    expect(district.terms.filter((t) => t.yearid === 35).every((t) => Math.floor(t.id / 100) === 35)).toBe(true);
    expect(district).toEqual(toPtpDistrict(generateDistrict({ size: 'tiny', seed: 4, schoolYear: 2026 })));
  });

  it('or from the SIF XML files the SIF simulator loads (--data DIR), with the same DCIDs and every teacher’s default categories', async () => {
    const generated = generateDistrict({ size: 'tiny', seed: 5, schoolYear: 2026 });
    await writeSifDirectory(generated, dir);
    const fromFiles = await loadPtpDistrict({ dataDir: dir });
    const expected = toPtpDistrict(generated);
    expect(fromFiles.teachers.map((t) => t.users_dcid).sort()).toEqual(expected.teachers.map((t) => t.users_dcid).sort());
    expect(fromFiles.sections.map((s) => [s.sectionsdcid, s.termid, s.yearid]).sort()).toEqual(
      expected.sections.map((s) => [s.sectionsdcid, s.termid, s.yearid]).sort(),
    );
    expect(fromFiles.students.map((s) => s.studentsdcid).sort()).toEqual(expected.students.map((s) => s.studentsdcid).sort());
    for (const teacher of fromFiles.teachers.filter((t) =>
      fromFiles.sections.some((s) => s.teachers.includes(t.users_dcid) && s.yearid === fromFiles.yearid),
    )) {
      const names = fromFiles.teacherCategories
        .filter((c) => c.usersdcid === teacher.users_dcid && c.categorytype === 'district')
        .map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['Homework', 'Quiz', 'Test']));
    }

    const sim = await startPtpSimulator({ district: fromFiles });
    try {
      const client = new PtpTestClient(sim.url, sim.clientId, sim.clientSecret);
      await client.authenticate();
      const teacher = fromFiles.teachers[0]?.users_dcid;
      const categories = await client.request('GET', `/ws/xte/teacher_category?users_dcid=${teacher ?? 0}&year_id=${fromFiles.yearid}`);
      expect(categories.status).toBe(200);
      const teachers = (await client.request('GET', '/__admin/teachers')).body as {
        yearid: number;
        teachers: Array<{ users_dcid: number }>;
      };
      expect(teachers.teachers).toHaveLength(fromFiles.teachers.length);
    } finally {
      await sim.close();
    }
  });
});
