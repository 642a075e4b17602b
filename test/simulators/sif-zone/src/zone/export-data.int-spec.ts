import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateDistrict,
  readSifDirectory,
  serializeElement,
  SIF_OBJECT_NAMES,
  writeSifDirectory,
  type SandboxDistrict,
} from '@sisbridge/sandbox-district';
import { objectsIn, TestAgent } from '../test-agent/test-agent';
import { startSifZoneSimulator } from './start-sif-zone-simulator';

/** Everything a zone serves: every object of every kind, as the agent receives it. */
async function everythingServed(district: SandboxDistrict): Promise<Record<string, string[]>> {
  const zone = await startSifZoneSimulator({ district });
  try {
    const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
    await agent.register();
    const served: Record<string, string[]> = {};
    for (const objectName of SIF_OBJECT_NAMES) {
      await agent.request(objectName, { maxBufferSize: 1_048_576 });
      served[objectName] = (await agent.drain()).flatMap((packet) => objectsIn(packet.body).map(serializeElement));
    }
    return served;
  } finally {
    await zone.close();
  }
}

describe('--export then --data', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sif-zone-export-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a district read back from its SIF XML export exactly as the generated one', async () => {
    const generated = generateDistrict({ size: 'tiny', seed: 31, schoolYear: 2026 });
    await writeSifDirectory(generated, dir, { objectsPerFile: 150 });
    const { district: loaded } = await readSifDirectory(dir);
    const [fromGenerated, fromFiles] = [await everythingServed(generated), await everythingServed(loaded)];
    expect(fromFiles).toEqual(fromGenerated);
    expect(fromFiles['StudentSectionEnrollment']).toHaveLength(generated.sectionEnrollments.length);
  });

  it('replays a district published without DCIDs without inventing any [U]', async () => {
    const generated = generateDistrict({ size: 'tiny', seed: 31, schoolYear: 2026, dcidElementName: null });
    await writeSifDirectory(generated, dir);
    const served = await everythingServed((await readSifDirectory(dir)).district);
    expect(
      Object.values(served)
        .flat()
        .some((object) => object.includes('DCID')),
    ).toBe(false);
    expect(served['StudentPersonal']).toEqual((await everythingServed(generated))['StudentPersonal']);
  });

  it('serves a real export as the files hold it: a schema-breaking object as written, a repeated RefId twice', async () => {
    const generated = generateDistrict({ size: 'tiny', seed: 31, schoolYear: 2026 });
    await writeSifDirectory(generated, dir);
    const [student, other] = generated.students;
    if (!student || !other) throw new Error('the tiny district has students');
    const students = await readFile(join(dir, 'StudentPersonal.xml'), 'utf8');
    const withoutName = students.replace(new RegExp(`(<StudentPersonal RefId="${student.refId}">.*?)<Name [^]*?</Name>`), '$1');
    // The other student again, in a file read after the export (files are read in name order), with another LocalId.
    const otherXml = new RegExp(`<StudentPersonal RefId="${other.refId}">[^]*?</StudentPersonal>`).exec(students)?.[0] ?? '';
    await writeFile(join(dir, 'StudentPersonal.xml'), withoutName);
    await writeFile(
      join(dir, 'later-export.xml'),
      `<SIF_ObjectData>${otherXml.replace(/<LocalId>[^<]*</, '<LocalId>again<')}</SIF_ObjectData>`,
    );
    await writeFile(join(dir, 'broken.xml'), '<SIF_ObjectData><SchoolInfo RefId="X">');

    const reading = await readSifDirectory(dir);
    expect(reading.refusedFiles.map((refused) => refused.file)).toEqual(['broken.xml']);
    const served = await everythingServed(reading.district);
    const servedStudents = served['StudentPersonal'] ?? [];
    // Every student is served, the broken one as written (no Name) and the repeated one twice.
    expect(servedStudents).toHaveLength(generated.students.length + 1);
    const broken = servedStudents.filter((xml) => xml.includes(`RefId="${student.refId}"`));
    expect(broken).toHaveLength(1);
    expect(broken[0]).not.toContain('<Name');
    expect(broken[0]).toContain('<LocalId>');
    const repeated = servedStudents.filter((xml) => xml.includes(`RefId="${other.refId}"`));
    expect(repeated).toHaveLength(2);
    expect(repeated[1]).toContain('<LocalId>again</LocalId>');
    expect(served['SchoolInfo']).toHaveLength(generated.schools.length);
  });

  it('answers a query pinned to a RefId with every copy the export holds', async () => {
    const generated = generateDistrict({ size: 'tiny', seed: 31, schoolYear: 2026 });
    const [school] = generated.schools;
    if (!school) throw new Error('the tiny district has schools');
    const zone = await startSifZoneSimulator({
      district: {
        ...generated,
        verbatim: [
          {
            objectName: 'SchoolInfo',
            refId: school.refId,
            attributes: { RefId: school.refId },
            elements: [{ name: 'SchoolName', xml: '<SchoolName>Copy</SchoolName>' }],
            file: 'x.xml',
            problem: 'again',
          },
        ],
      },
    });
    try {
      const agent = new TestAgent(zone.zoneUrl, 'sisbridge');
      await agent.register();
      await agent.request('SchoolInfo', { maxBufferSize: 1_048_576, conditions: [{ element: '@RefId', value: school.refId }] });
      const objects = (await agent.drain()).flatMap((packet) => objectsIn(packet.body).map(serializeElement));
      expect(objects).toHaveLength(2);
      expect(objects[1]).toBe(`<SchoolInfo RefId="${school.refId}"><SchoolName>Copy</SchoolName></SchoolInfo>`);
      expect(zone.state().district.servedAsWritten).toEqual({
        count: 1,
        objects: [{ objectName: 'SchoolInfo', refId: school.refId, file: 'x.xml', problem: 'again' }],
      });
    } finally {
      await zone.close();
    }
  });
});
