import { generateDistrict, readSifDirectory, toPtpDistrict, type DistrictSize, type PtpDistrict } from '@sisbridge/sandbox-district';

/** Where the simulated PTP's district comes from: the sandbox generator, or the SIF XML files the SIF simulator loads. */
export type PtpDistrictSource =
  { size: DistrictSize; seed: number; schoolYear?: number } | { dataDir: string; dcidElementName?: string | null };

/**
 * The district as PowerTeacher Pro sees it: teachers (users_dcid), sections (SECTIONS.DCID,
 * TERMS.ID), students (STUDENTS.DCID), terms with their store codes, and the district's and
 * teachers' categories, all from the same SIF objects and DCIDs the SIF simulator serves.
 */
export async function loadPtpDistrict(source: PtpDistrictSource): Promise<PtpDistrict> {
  if ('dataDir' in source) return toPtpDistrict(await readSifDirectory(source.dataDir, { dcidElementName: source.dcidElementName }));
  return toPtpDistrict(
    generateDistrict({
      size: source.size,
      seed: source.seed,
      ...(source.schoolYear === undefined ? {} : { schoolYear: source.schoolYear }),
    }),
  );
}
