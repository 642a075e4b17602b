import {
  childElement,
  childText,
  generateDistrict,
  parseXmlDocument,
  writeSifObject,
  type SifObject,
  type StudentPersonal,
  type XmlElement,
} from '@sisbridge/sandbox-district';
import { renderMessage, type RenderedMessage } from '../sif/message-writer';
import { ResponseStream, type ResponseStreamOptions } from './response-stream';

const district = generateDistrict({ size: 'small', seed: 4, schoolYear: 2026 });
const REQUEST = '9F8E7D6C5B4A49388271605F4E3D2C1B';

function stream(options: Partial<ResponseStreamOptions> & { maxBufferSize: number; objects: readonly SifObject[] }): RenderedMessage[] {
  const responses = new ResponseStream({
    objectName: 'StudentPersonal',
    matches: () => true,
    requestMsgId: REQUEST,
    destinationId: 'sisbridge',
    version: '2.0r1',
    onePerPacket: false,
    providerSourceId: 'PowerSchool',
    dcidElementName: 'DCID',
    timestamp: () => '2025-08-20T07:01:10-06:00',
    ...options,
  });
  const packets: RenderedMessage[] = [];
  for (let guard = 0; guard < 100_000; guard++) {
    packets.push(responses.current());
    if (!responses.advance()) return packets;
  }
  throw new Error('the stream never ended');
}

/** The standalone packet, as pushed: what SIF_MaxBufferSize bounds. */
function bytes(packet: RenderedMessage): number {
  return Buffer.byteLength(renderMessage(packet, true));
}

/** The SIF_Response element of a packet, read back with the XML parser. */
function responseOf(packet: RenderedMessage | undefined): XmlElement {
  const response = packet ? parseXmlDocument(renderMessage(packet, true)).children[0] : undefined;
  if (!response) throw new Error('no SIF_Response');
  return response;
}

function refIdsIn(packet: RenderedMessage): string[] {
  return (childElement(responseOf(packet), 'SIF_ObjectData')?.children ?? []).map((object) => object.attributes['RefId'] ?? '');
}

function field(packet: RenderedMessage, name: string): string | undefined {
  return childText(responseOf(packet), name);
}

describe('SIF_Response packets', () => {
  it.each([4_096, 16_384, 65_000, 262_144, 1_048_576])(
    'never exceed a %i-byte buffer, and fill each packet before starting the next',
    (maxBufferSize) => {
      const objects = district.sectionEnrollments;
      const packets = stream({ objectName: 'StudentSectionEnrollment', objects, maxBufferSize });
      const objectBytes = new Map(
        objects.map((object) => [object.refId, Buffer.byteLength(writeSifObject('StudentSectionEnrollment', object))]),
      );
      packets.forEach((packet, index) => {
        expect(bytes(packet)).toBeLessThanOrEqual(maxBufferSize);
        expect([field(packet, 'SIF_RequestMsgId'), field(packet, 'SIF_PacketNumber'), field(packet, 'SIF_MorePackets')]).toEqual([
          REQUEST,
          String(index + 1),
          index < packets.length - 1 ? 'Yes' : 'No',
        ]);
        const next = packets[index + 1];
        // Full: the next packet's first object would not have fit in this one.
        if (next) expect(bytes(packet) + (objectBytes.get(refIdsIn(next)[0] ?? '') ?? 0)).toBeGreaterThan(maxBufferSize);
      });
      expect(packets.flatMap(refIdsIn)).toEqual(objects.map((object) => object.refId));
      const total = [...objectBytes.values()].reduce((sum, size) => sum + size, 0);
      expect(packets.length).toBeGreaterThanOrEqual(Math.ceil(total / maxBufferSize));
    },
  );

  it('counts UTF-8 bytes, not characters', () => {
    const base = district.students[0] as StudentPersonal;
    const objects = Array.from({ length: 60 }, (_, index): StudentPersonal => ({
      ...base,
      refId: `${String(index).padStart(2, '0')}${'A'.repeat(30)}`,
      name: { ...base.name, lastName: '鐘'.repeat(150), firstName: '王'.repeat(150) },
    }));
    const packets = stream({ objects, maxBufferSize: 8_000 });
    expect(packets.length).toBeGreaterThan(1);
    for (const packet of packets) {
      expect(Buffer.byteLength(renderMessage(packet, true))).toBeLessThanOrEqual(8_000);
      // Counted in characters, the packet would look far smaller than it is.
      expect(renderMessage(packet, true).length).toBeLessThan(Buffer.byteLength(renderMessage(packet, true)) - 1_500);
    }
  });

  it('nested without xmlns, a packet is exactly the namespace declaration smaller', () => {
    const [packet] = stream({ objects: district.students.slice(0, 5), maxBufferSize: 65_000 });
    if (!packet) throw new Error('no packet');
    expect(bytes(packet) - Buffer.byteLength(renderMessage(packet, false))).toBe(
      ' xmlns="http://www.sifinfo.org/infrastructure/2.x"'.length,
    );
  });

  it('refuses a buffer too small for one object with 8/8 in a single final packet', () => {
    const packets = stream({ objects: district.students, maxBufferSize: 1_200 });
    expect(packets).toHaveLength(1);
    const response = responseOf(packets[0]);
    const error = childElement(response, 'SIF_Error');
    expect([
      childText(response, 'SIF_MorePackets'),
      error && childText(error, 'SIF_Category'),
      error && childText(error, 'SIF_Code'),
    ]).toEqual(['No', '8', '8']);
    expect(childElement(response, 'SIF_ObjectData')).toBeUndefined();
    expect(error && childText(error, 'SIF_ExtendedDesc')).toMatch(
      /^SIF_MaxBufferSize 1200 is too small for one StudentPersonal: a packet carrying it takes \d+ bytes$/,
    );
  });

  it('ends with 8/8 when a later object alone outgrows the buffer', () => {
    const [first, second] = district.students as [StudentPersonal, StudentPersonal];
    const huge: StudentPersonal = { ...second, name: { ...second.name, fullName: 'x'.repeat(6_000) } };
    const packets = stream({ objects: [first, huge], maxBufferSize: 5_000 });
    expect(packets.map((packet) => [packet.packetNumber, packet.morePackets, packet.action ?? 'objects'])).toEqual([
      [1, true, 'objects'],
      [2, false, 'Error'],
    ]);
  });

  it('answers an empty result with one empty final packet', () => {
    const packets = stream({ objects: district.students, matches: () => false, maxBufferSize: 4_096 });
    expect(packets.map((packet) => [packet.packetNumber, packet.morePackets, refIdsIn(packet)])).toEqual([[1, false, []]]);
  });

  it("pages one object per packet in PowerSchool's diagnostic mode", () => {
    const objects = district.students.slice(0, 7);
    const packets = stream({ objects, maxBufferSize: 1_048_576, onePerPacket: true });
    expect(packets.map(refIdsIn)).toEqual(objects.map((object) => [object.refId]));
    expect(packets.map((packet) => packet.morePackets)).toEqual([true, true, true, true, true, true, false]);
  });

  it('returns only the elements named in SIF_QueryObject, keys always', () => {
    const [packet] = stream({ objects: district.students.slice(0, 3), maxBufferSize: 65_000, elements: new Set(['Name', 'LocalId']) });
    const objects = childElement(responseOf(packet), 'SIF_ObjectData')?.children ?? [];
    expect(objects.map((object) => [Object.keys(object.attributes), object.children.map((child) => child.name)])).toEqual(
      Array.from({ length: 3 }, () => [['RefId'], ['LocalId', 'Name']]),
    );
  });

  it('builds each packet only when it is delivered, and hands out the same packet until acked', () => {
    const responses = new ResponseStream({
      objectName: 'StudentPersonal',
      objects: district.students,
      matches: () => true,
      requestMsgId: REQUEST,
      destinationId: 'sisbridge',
      version: '2.0r1',
      maxBufferSize: 16_384,
      onePerPacket: false,
      providerSourceId: 'PowerSchool',
      dcidElementName: 'DCID',
      timestamp: () => '2025-08-20T07:01:10-06:00',
    });
    expect(responses.builtMsgId).toBeUndefined();
    const first = responses.current();
    expect(responses.current()).toBe(first);
    responses.advance();
    expect(responses.builtMsgId).toBeUndefined();
    expect(responses.current().packetNumber).toBe(2);
  });
});
