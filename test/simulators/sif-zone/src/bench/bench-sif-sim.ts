import {
  countObjects,
  DISTRICT_SIZES,
  generateDistrict,
  SIF_OBJECT_NAMES,
  type DistrictSize,
  type SandboxDistrict,
} from '@sisbridge/sandbox-district';
import { newMsgId, sifTimestamp } from '../sif/sif-clock';
import { startSifZoneSimulator, type SifZoneSimulator } from '../zone/start-sif-zone-simulator';

/**
 * `npm run bench:sif-sim [-- --size xlarge]`: how long a district (`large` by default) takes to
 * generate and how much memory it needs, then how fast the zone serves a full StudentSectionEnrollment request at a 1 MiB
 * buffer (and at 256 KiB, four times the packets, to show memory does not grow with them).
 * Prints figures; asserts nothing. Loopback only, bounded.
 */

const MIB = 1024 * 1024;
const MAX_PACKETS = 20_000;
const SIF_NAMESPACE = 'http://www.sifinfo.org/infrastructure/2.x';

function mb(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

function message(sourceId: string, kind: string, inner: string): string {
  return `<SIF_Message xmlns="${SIF_NAMESPACE}" Version="2.0r1"><${kind}><SIF_Header><SIF_MsgId>${newMsgId()}</SIF_MsgId><SIF_Timestamp>${sifTimestamp(new Date(), true)}</SIF_Timestamp><SIF_SourceId>${sourceId}</SIF_SourceId></SIF_Header>${inner}</${kind}></SIF_Message>`;
}

async function post(zoneUrl: string, xml: string): Promise<string> {
  const response = await fetch(zoneUrl, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body: xml });
  return response.text();
}

/** The text of the first `<tag>` after `from` (the benchmark's client reads only what it needs, so the figures are the zone's). */
function textOf(xml: string, tag: string, from = 0): string {
  const start = xml.indexOf(`<${tag}>`, from);
  if (start < 0) return '';
  return xml.slice(start + tag.length + 2, xml.indexOf(`</${tag}>`, start));
}

function count(haystack: string, needle: string): number {
  let found = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) found++;
  return found;
}

interface Served {
  packets: number;
  objects: number;
  bytes: number;
  seconds: number;
  largestPacket: number;
  heapBeforeMb: number;
  heapPeakMb: number;
  heapAt: Array<[number, number]>;
}

async function serveFullRequest(zone: SifZoneSimulator, sourceId: string, bufferSize: number): Promise<Served> {
  await post(
    zone.zoneUrl,
    message(
      sourceId,
      'SIF_Register',
      `<SIF_Name>bench</SIF_Name><SIF_Version>2.0r1</SIF_Version><SIF_MaxBufferSize>${bufferSize}</SIF_MaxBufferSize><SIF_Mode>Pull</SIF_Mode>`,
    ),
  );
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const heapAt: Array<[number, number]> = [];
  const started = process.hrtime.bigint();
  const ack = await post(
    zone.zoneUrl,
    message(
      sourceId,
      'SIF_Request',
      `<SIF_Version>2.0r1</SIF_Version><SIF_MaxBufferSize>${bufferSize}</SIF_MaxBufferSize><SIF_Query><SIF_QueryObject ObjectName="StudentSectionEnrollment"/></SIF_Query>`,
    ),
  );
  if (textOf(ack, 'SIF_Code') !== '0') throw new Error(`the request was refused: ${ack}`);
  let packets = 0;
  let objects = 0;
  let bytes = 0;
  let largestPacket = 0;
  for (;;) {
    if (packets >= MAX_PACKETS) throw new Error(`more than ${MAX_PACKETS} packets`);
    const pulled = await post(
      zone.zoneUrl,
      message(sourceId, 'SIF_SystemControl', '<SIF_SystemControlData><SIF_GetMessage/></SIF_SystemControlData>'),
    );
    const inner = pulled.slice(pulled.indexOf('<SIF_Data>') + 10, pulled.lastIndexOf('</SIF_Data>'));
    if (textOf(pulled, 'SIF_Code') !== '0' || inner === '')
      throw new Error(`the zone stopped before the last packet: ${pulled.slice(0, 300)}`);
    const innerMsgId = textOf(inner, 'SIF_MsgId');
    packets++;
    objects += count(inner, '<StudentSectionEnrollment ');
    // The standalone packet is the nested one plus its namespace declaration.
    const packetBytes = Buffer.byteLength(inner) + ` xmlns="${SIF_NAMESPACE}"`.length;
    bytes += packetBytes;
    largestPacket = Math.max(largestPacket, packetBytes);
    await post(
      zone.zoneUrl,
      message(
        sourceId,
        'SIF_Ack',
        `<SIF_OriginalSourceId>PowerSchool</SIF_OriginalSourceId><SIF_OriginalMsgId>${innerMsgId}</SIF_OriginalMsgId><SIF_Status><SIF_Code>1</SIF_Code></SIF_Status>`,
      ),
    );
    const heap = process.memoryUsage().heapUsed;
    heapPeak = Math.max(heapPeak, heap);
    if (packets % 100 === 0) {
      // What is still alive after a full collection: garbage left by earlier packets does not count.
      global.gc?.();
      heapAt.push([packets, process.memoryUsage().heapUsed]);
    }
    if (textOf(inner, 'SIF_MorePackets') === 'No') break;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    packets,
    objects,
    bytes,
    seconds,
    largestPacket,
    heapBeforeMb: heapBefore / MIB,
    heapPeakMb: heapPeak / MIB,
    heapAt: heapAt.map(([n, heap]) => [n, heap / MIB]),
  };
}

function report(label: string, bufferSize: number, served: Served): void {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`\nFull StudentSectionEnrollment request, SIF_MaxBufferSize ${bufferSize} (${label})`);
  print(
    `  ${served.packets} packets, ${served.objects} objects, ${mb(served.bytes)} in ${served.seconds.toFixed(2)} s (largest packet ${served.largestPacket} bytes)`,
  );
  print(
    `  throughput: ${Math.round(served.objects / served.seconds).toLocaleString('en-US')} objects/s, ${(served.bytes / MIB / served.seconds).toFixed(1)} MiB/s (pull loop over loopback HTTP: GetMessage + ack per packet)`,
  );
  print(
    `  heap: ${served.heapBeforeMb.toFixed(1)} MiB before the request, peak ${served.heapPeakMb.toFixed(1)} MiB while serving (+${(served.heapPeakMb - served.heapBeforeMb).toFixed(1)} MiB)`,
  );
  print(`  heap after packet ${served.heapAt.map(([n, heap]) => `${n}: ${heap.toFixed(0)}`).join(', ')} MiB`);
}

async function main(): Promise<void> {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`bench:sif-sim on Node ${process.version}${global.gc ? ' (with --expose-gc)' : ''}`);
  const rssBefore = process.resourceUsage().maxRSS * 1024;
  const started = process.hrtime.bigint();
  const size = sizeFromArguments(process.argv.slice(2));
  const district: SandboxDistrict = generateDistrict({ size, seed: 1 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakRss = process.resourceUsage().maxRSS * 1024;
  global.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  const counts = countObjects(district);
  print(`\nGenerate ${size} (seed 1, SchoolYear ${district.schoolYear}): ${seconds.toFixed(2)} s`);
  print(`  peak RSS ${mb(peakRss)} (process started at ${mb(rssBefore)}); heap holding the district ${mb(heapAfter)}`);
  print(`  ${SIF_OBJECT_NAMES.map((name) => `${name} ${counts[name].toLocaleString('en-US')}`).join(', ')}`);

  const zone = await startSifZoneSimulator({ district });
  try {
    report('1 MiB', MIB, await serveFullRequest(zone, 'bench-1mib', MIB));
    report('256 KiB: four times the packets', 256 * 1024, await serveFullRequest(zone, 'bench-256kib', 256 * 1024));
  } finally {
    await zone.close();
  }
  print(`\npeak RSS of the whole run ${mb(process.resourceUsage().maxRSS * 1024)}`);
}

function sizeFromArguments(args: readonly string[]): DistrictSize {
  const at = args.indexOf('--size');
  const size = at >= 0 ? args[at + 1] : 'large';
  if (!DISTRICT_SIZES.includes(size as DistrictSize))
    throw new Error(`--size must be one of ${DISTRICT_SIZES.join(', ')} (got ${String(size)})`);
  return size as DistrictSize;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:sif-sim: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
