import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDistrict } from '../generate/generate-district';
import { SIF_NAMESPACE } from './sif-object-xml';
import { readSifDirectory, writeSifDirectory } from './sif-directory';

describe('a district as a directory of SIF XML files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sandbox-district-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back exactly what was written, splitting large kinds into numbered files', async () => {
    const district = generateDistrict({ size: 'tiny', seed: 9, schoolYear: 2026 });
    await writeSifDirectory(district, dir, { objectsPerFile: 100 });
    const files = await readdir(dir);
    expect(files).toEqual(
      expect.arrayContaining(['LEAInfo.xml', 'SchoolInfo.xml', 'StudentSectionEnrollment-0001.xml', 'StudentSectionEnrollment-0002.xml']),
    );
    expect(await readFile(join(dir, 'LEAInfo.xml'), 'utf8')).toMatch(
      new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<LEAInfo xmlns="${SIF_NAMESPACE}" RefId="[0-9A-F]{32}">`),
    );
    const read = await readSifDirectory(dir);
    expect(read).toEqual({ district: { ...district, seed: 0, size: 'loaded', exitDateSemantics: undefined }, refusedFiles: [] });
  });

  it('refuses to export over an earlier export', async () => {
    const district = generateDistrict({ size: 'tiny', seed: 9, schoolYear: 2026 });
    await writeSifDirectory(district, dir);
    await expect(writeSifDirectory(district, dir)).rejects.toThrow(`${dir} already holds SIF XML files`);
  });

  it('replays files shaped like a real export: single objects, captured SIF_Responses, no DCIDs', async () => {
    await writeFile(
      join(dir, 'lea.xml'),
      `<LEAInfo xmlns="${SIF_NAMESPACE}" RefId="E5000000000000000000000000000005"><LEAName>Example USD</LEAName></LEAInfo>`,
    );
    await writeFile(
      join(dir, 'response-209.xml'),
      `<SIF_Message xmlns="${SIF_NAMESPACE}" Version="2.0r1"><SIF_Response><SIF_Header><SIF_MsgId>3E4F5A6B7C8D49E0A1B2C3D4E5F60718</SIF_MsgId><SIF_Timestamp>2025-08-20T07:01:10-06:00</SIF_Timestamp><SIF_SourceId>PowerSchool</SIF_SourceId></SIF_Header>` +
        '<SIF_RequestMsgId>9F8E7D6C5B4A49388271605F4E3D2C1B</SIF_RequestMsgId><SIF_PacketNumber>209</SIF_PacketNumber><SIF_MorePackets>No</SIF_MorePackets><SIF_ObjectData>' +
        '<SchoolInfo RefId="F6000000000000000000000000000006"><LocalId>308</LocalId><SchoolName>Example Middle School</SchoolName></SchoolInfo>' +
        '<TermInfo RefId="07000000000000000000000000000007" SchoolInfoRefId="F6000000000000000000000000000006" SchoolYear="2025"><StartDate>2024-08-21</StartDate><EndDate>2025-06-05</EndDate></TermInfo>' +
        '<TermInfo RefId="07000000000000000000000000000001" SchoolInfoRefId="F6000000000000000000000000000006" SchoolYear="2025"><StartDate>2024-08-21</StartDate><EndDate>2025-01-10</EndDate></TermInfo>' +
        '</SIF_ObjectData></SIF_Response></SIF_Message>',
    );
    const { district } = await readSifDirectory(dir);
    expect(district).toMatchObject({ size: 'loaded', schoolYear: 2025, dcidElementName: null, lea: { leaName: 'Example USD', dcid: 1 } });
    // Without DCIDs the objects are numbered in RefId order (never written back as SIF).
    expect(district.terms.map((term) => [term.refId, term.dcid])).toEqual([
      ['07000000000000000000000000000007', 2],
      ['07000000000000000000000000000001', 1],
    ]);
  });

  it('keeps what breaks the schema or comes twice, to serve as written, and refuses only files that hold no SIF XML', async () => {
    const lea = `<LEAInfo xmlns="${SIF_NAMESPACE}" RefId="E5000000000000000000000000000005"><LEAName>Example USD</LEAName></LEAInfo>`;
    await writeFile(join(dir, 'a.xml'), lea);
    await writeFile(
      join(dir, 'b.xml'),
      '<SIF_ObjectData><SchoolInfo RefId="F6"><SchoolName>A</SchoolName></SchoolInfo><SchoolInfo RefId="F6"><SchoolName>B</SchoolName></SchoolInfo>' +
        '<StaffPersonal RefId="D4"><LocalId>T1</LocalId></StaffPersonal><StudentPersonal><LocalId>9</LocalId></StudentPersonal></SIF_ObjectData>',
    );
    await writeFile(join(dir, 'c.xml'), '<SIF_ObjectData><SchoolInfo RefId="F7"><SchoolName>C</SchoolName></SIF_ObjectData>');
    await writeFile(join(dir, 'd.xml'), '<Report><Row>1</Row></Report>');
    await writeFile(join(dir, 'e.xml'), lea.replace('E5000000000000000000000000000005', 'E5000000000000000000000000000006'));
    await writeFile(join(dir, 'notes.txt'), 'not read: only .xml files are');

    const { district, refusedFiles } = await readSifDirectory(dir);
    expect(district.lea.refId).toBe('E5000000000000000000000000000005');
    expect(district.schools).toEqual([expect.objectContaining({ refId: 'F6', schoolName: 'A' })]);
    expect(district.staff).toEqual([]);
    expect(district.verbatim).toEqual([
      {
        objectName: 'SchoolInfo',
        refId: 'F6',
        attributes: { RefId: 'F6' },
        elements: [{ name: 'SchoolName', xml: '<SchoolName>B</SchoolName>' }],
        file: 'b.xml',
        problem: 'SchoolInfo F6 again (first read in b.xml)',
      },
      expect.objectContaining({
        objectName: 'StaffPersonal',
        refId: 'D4',
        file: 'b.xml',
        problem: 'StaffPersonal D4: missing mandatory element Name',
      }),
      {
        objectName: 'StudentPersonal',
        attributes: {},
        elements: [{ name: 'LocalId', xml: '<LocalId>9</LocalId>' }],
        file: 'b.xml',
        problem: 'StudentPersonal: missing required attribute RefId',
      },
      expect.objectContaining({ objectName: 'LEAInfo', refId: 'E5000000000000000000000000000006', file: 'e.xml' }),
    ]);
    expect(refusedFiles).toEqual([
      { file: 'c.xml', reason: expect.stringMatching(/^not well-formed XML: .*unexpected close tag/) },
      { file: 'd.xml', reason: expect.stringMatching(/^holds no SIF object \(its root is <Report>;/) },
    ]);
  });

  it('refuses the directory only when nothing in it can be served, or no LEAInfo names the district', async () => {
    await writeFile(join(dir, 'a.xml'), '<SIF_ObjectData><SchoolInfo RefId="F6"><SchoolName>A</SchoolName></SIF_ObjectData>');
    await expect(readSifDirectory(dir)).rejects.toThrow(/none of the 1 \.xml files .* can be served: a\.xml: not well-formed XML/);
    await writeFile(join(dir, 'a.xml'), '<SIF_ObjectData><SchoolInfo RefId="F6"><SchoolName>A</SchoolName></SchoolInfo></SIF_ObjectData>');
    await writeFile(join(dir, 'b.xml'), `<LEAInfo xmlns="${SIF_NAMESPACE}" RefId="E5"/>`);
    await expect(readSifDirectory(dir)).rejects.toThrow(
      `${dir} holds no LEAInfo the district can be named by (b.xml: LEAInfo E5: missing mandatory element LEAName)`,
    );
  });
});
