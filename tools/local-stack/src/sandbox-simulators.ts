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
import type { SimulatedSystems } from './stack-districts';

/** The generated sandbox district is always the same one: `small`, this seed. */
export const SANDBOX_SEED = 20_260_901;

export interface SandboxPorts {
  sif: number;
  canvas: number;
  ptp: number;
}

export interface Sandbox {
  district: SandboxDistrict;
  /** What a directory of SIF files held that is refused or served as written, one line each (empty when generated). */
  sifDataNotes: string[];
  sif: SifZoneSimulator;
  canvas: CanvasSimulator;
  ptp: PtpSimulator;
  /** The simulators as a districts file names them. */
  systems(sifIngestUrl: string, lti?: SimulatedSystems['lti']): SimulatedSystems;
  close(): Promise<void>;
}

/**
 * The stand-ins for PowerSchool (its SIF zone and PowerTeacher Pro) and Canvas, serving one
 * district: generated (`small`, fixed seed) or loaded from a directory of SIF XML files. They start
 * empty every time.
 */
export async function startSandbox(options: { ports: SandboxPorts; sifData?: string }): Promise<Sandbox> {
  const reading = options.sifData ? await readSifDirectory(options.sifData) : undefined;
  const district = reading?.district ?? generateDistrict({ size: 'small', seed: SANDBOX_SEED });
  const sif = await startSifZoneSimulator({ district, port: options.ports.sif, zoneId: 'SandboxZone' });
  const canvas = await startCanvasSimulator({ port: options.ports.canvas, processingTimeMs: 1_000, rootAccountName: district.lea.leaName });
  const ptp = await startPtpSimulator({ district: toPtpDistrict(district), port: options.ports.ptp });
  return {
    district,
    sifDataNotes: reading ? describeSifDirectoryReading(reading) : [],
    sif,
    canvas,
    ptp,
    systems: (sifIngestUrl, lti) => ({
      sif: { zoneUrl: sif.zoneUrl, schoolYear: district.schoolYear, districtName: district.lea.leaName },
      canvas: { url: canvas.url, rootAccountId: canvas.rootAccountId, token: canvas.token },
      ptp: { url: ptp.url, clientId: ptp.clientId, clientSecret: ptp.clientSecret },
      sifIngestUrl,
      ...(lti ? { lti } : {}),
    }),
    async close() {
      await Promise.allSettled([sif.close(), canvas.close(), ptp.close()]);
    },
  };
}
