import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
    const { district, skipped } = await loadPtpDistrict({ size: 'tiny', seed: 4, schoolYear: 2026 });
    expect(skipped).toEqual([]);
    expect(district.yearid).toBe(35);
    expect(district.terms.filter((t) => t.yearid === 35).every((t) => Math.floor(t.id / 100) === 35)).toBe(true);
    expect(district).toEqual(toPtpDistrict(generateDistrict({ size: 'tiny', seed: 4, schoolYear: 2026 })));
  });

  it('or from the SIF XML files the SIF simulator loads (--data DIR), with the same DCIDs and every teacher’s default categories', async () => {
    const generated = generateDistrict({ size: 'tiny', seed: 5, schoolYear: 2026 });
    await writeSifDirectory(generated, dir);
    const { district: fromFiles } = await loadPtpDistrict({ dataDir: dir });
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

  it('skips what it cannot use from a real export and says so, keeping the rest', async () => {
    const messy = await mkdtemp(join(tmpdir(), 'ptp-sim-messy-'));
    try {
      const generated = generateDistrict({ size: 'tiny', seed: 6, schoolYear: 2026 });
      await writeSifDirectory(generated, messy);
      const student = generated.students[0];
      if (!student) throw new Error('the tiny district has students');
      // The first student loses its Name (a schema break), and a file that is not XML sits beside the export.
      const students = await readFile(join(messy, 'StudentPersonal.xml'), 'utf8');
      const opening = `<StudentPersonal RefId="${student.refId}">`;
      const start = students.indexOf(opening);
      const nameStart = students.indexOf('<Name ', start);
      const nameEnd = students.indexOf('</Name>', nameStart) + '</Name>'.length;
      await writeFile(join(messy, 'StudentPersonal.xml'), students.slice(0, nameStart) + students.slice(nameEnd));
      await writeFile(join(messy, 'export-log.xml'), 'PowerSchool export finished at 02:00');

      const { district, skipped } = await loadPtpDistrict({ dataDir: messy });
      expect(skipped).toEqual([
        expect.stringMatching(/^file refused: export-log\.xml: not well-formed XML/),
        `object left out: StudentPersonal.xml: StudentPersonal ${student.refId}: missing mandatory element Name`,
        expect.stringMatching(/^[1-9]\d* section enrollments left out: their student or section is not in the files as a readable object$/),
      ]);
      expect(district.sectionEnrollments.every((enrollment) => enrollment.studentsdcid !== student.dcid)).toBe(true);
      const expected = toPtpDistrict(generated);
      expect(district.students.map((s) => s.studentsdcid).sort()).toEqual(
        expected.students
          .map((s) => s.studentsdcid)
          .filter((dcid) => dcid !== student.dcid)
          .sort(),
      );
      expect(district.teachers).toHaveLength(expected.teachers.length);
    } finally {
      await rm(messy, { recursive: true, force: true });
    }
  });
});
