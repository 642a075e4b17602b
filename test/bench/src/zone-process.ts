import { generateDistrict, type DistrictSize } from '@sisbridge/sandbox-district';
import { startSifZoneSimulator } from '@sisbridge/sif-zone-simulator';

/** The zone in a process of its own, so the benchmark's RSS is the agent's alone. Prints one JSON line. */
async function main(): Promise<void> {
  const size = (process.argv[2] ?? 'small') as DistrictSize;
  const district = generateDistrict({ size, seed: 42 });
  const zone = await startSifZoneSimulator({ district, zoneId: 'bench' });
  process.stdout.write(`${JSON.stringify({ zoneUrl: zone.zoneUrl, schoolYear: district.schoolYear })}\n`);
  process.on('SIGTERM', () => void zone.close().then(() => process.exit(0)));
}

void main();
