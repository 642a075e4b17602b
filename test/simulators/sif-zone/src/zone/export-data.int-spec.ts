import { mkdtemp, rm } from 'node:fs/promises';
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
    const loaded = await readSifDirectory(dir);
    const [fromGenerated, fromFiles] = [await everythingServed(generated), await everythingServed(loaded)];
    expect(fromFiles).toEqual(fromGenerated);
    expect(fromFiles['StudentSectionEnrollment']).toHaveLength(generated.sectionEnrollments.length);
  });

  it('replays a district published without DCIDs without inventing any [U]', async () => {
    const generated = generateDistrict({ size: 'tiny', seed: 31, schoolYear: 2026, dcidElementName: null });
    await writeSifDirectory(generated, dir);
    const served = await everythingServed(await readSifDirectory(dir));
    expect(
      Object.values(served)
        .flat()
        .some((object) => object.includes('DCID')),
    ).toBe(false);
    expect(served['StudentPersonal']).toEqual((await everythingServed(generated))['StudentPersonal']);
  });
});
