import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { startCanvasSimulator, type CanvasSimulator } from '@sisbridge/canvas-simulator';
import { startPtpSimulator, type PtpSimulator } from '@sisbridge/ptp-simulator';
import {
  describeSifDirectoryReading,
  generateDistrict,
  readSifDirectory,
  toPtpDistrict,
  type SandboxDistrict,
} from '@sisbridge/sandbox-district';
import { startSifZoneSimulator, type SifZoneSimulator } from '@sisbridge/sif-zone-simulator';

export const SANDBOX_DISTRICT_ID = 'sandbox';
/** The generated sandbox district is always the same one: `small`, this seed. */
export const SANDBOX_SEED = 20_260_901;

export interface SandboxPorts {
  sif: number;
  canvas: number;
  ptp: number;
}

export interface Sandbox {
  district: SandboxDistrict;
  sif: SifZoneSimulator;
  canvas: CanvasSimulator;
  ptp: PtpSimulator;
  /** What a directory of SIF files held that is refused or served as written, one line each (empty when generated). */
  sifDataNotes: string[];
  /** The districts file the services read (DISTRICTS_FILE), and the secrets it names. */
  districtsFile: string;
  secrets: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The stand-ins for PowerSchool (its SIF zone and PowerTeacher Pro) and Canvas, serving one
 * district: generated (`small`, fixed seed) or loaded from a directory of SIF XML files.
 */
export async function startSandbox(options: { ports: SandboxPorts; sifData?: string; districtsFile: string }): Promise<Sandbox> {
  const reading = options.sifData ? await readSifDirectory(options.sifData) : undefined;
  const district = reading?.district ?? generateDistrict({ size: 'small', seed: SANDBOX_SEED });
  const sif = await startSifZoneSimulator({ district, port: options.ports.sif, zoneId: 'SandboxZone' });
  const canvas = await startCanvasSimulator({ port: options.ports.canvas, processingTimeMs: 1_000, rootAccountName: district.lea.leaName });
  const ptp = await startPtpSimulator({ district: toPtpDistrict(district), port: options.ports.ptp });
  const secrets = {
    CANVAS_TOKEN_SANDBOX: canvas.token,
    PTP_CLIENT_ID_SANDBOX: ptp.clientId,
    PTP_CLIENT_SECRET_SANDBOX: ptp.clientSecret,
  };
  writeFileSync(
    options.districtsFile,
    `# Written by \`npm start\` for the sandbox district; the secrets are in the services' environment.\n${stringify({
      districts: [
        {
          id: SANDBOX_DISTRICT_ID,
          name: district.lea.leaName,
          timeZone: 'America/Chicago',
          schoolYear: district.schoolYear,
          // The sandbox can be swapped for another district between starts (--sif-data): a feed much
          // smaller than the last snapshot is expected here, not a truncated PowerSchool feed.
          sif: { zoneUrl: sif.zoneUrl, sourceId: 'sisbridge-sandbox', minShareOfLastSnapshot: 0 },
          canvas: { baseUrl: canvas.url, rootAccountId: canvas.rootAccountId, tokenEnv: 'CANVAS_TOKEN_SANDBOX' },
          ptp: { baseUrl: ptp.url, clientIdEnv: 'PTP_CLIENT_ID_SANDBOX', clientSecretEnv: 'PTP_CLIENT_SECRET_SANDBOX' },
        },
      ],
    })}`,
  );
  return {
    district,
    sifDataNotes: reading ? describeSifDirectoryReading(reading) : [],
    sif,
    canvas,
    ptp,
    districtsFile: options.districtsFile,
    secrets,
    async close() {
      await Promise.allSettled([sif.close(), canvas.close(), ptp.close()]);
    },
  };
}
