import {
  describeSifDirectoryReading,
  generateDistrict,
  readSifDirectory,
  toPtpDistrict,
  type DistrictSize,
  type PtpDistrict,
} from '@sisbridge/sandbox-district';

/** Where the simulated PTP's district comes from: the sandbox generator, or the SIF XML files the SIF simulator loads. */
export type PtpDistrictSource =
  { size: DistrictSize; seed: number; schoolYear?: number } | { dataDir: string; dcidElementName?: string | null };

export interface LoadedPtpDistrict {
  district: PtpDistrict;
  /**
   * What the PowerTeacher Pro view leaves out of a directory of SIF files, one line each: files
   * that are not SIF XML, and objects the model cannot read (the SIF zone serves those as written,
   * for sisbridge's agent to reject). Empty for a generated district.
   */
  skipped: string[];
}

/**
 * The district as PowerTeacher Pro sees it: teachers (users_dcid), sections (SECTIONS.DCID,
 * TERMS.ID), students (STUDENTS.DCID), terms with their store codes, and the district's and
 * teachers' categories, all from the same SIF objects and DCIDs the SIF simulator serves.
 */
export async function loadPtpDistrict(source: PtpDistrictSource): Promise<LoadedPtpDistrict> {
  if ('dataDir' in source) {
    const reading = await readSifDirectory(source.dataDir, { dcidElementName: source.dcidElementName });
    const skipped = describeSifDirectoryReading(reading).map((line) => line.replace(/^served as written: /, 'object left out: '));
    const district = toPtpDistrict(reading.district);
    const orphans = reading.district.sectionEnrollments.length - district.sectionEnrollments.length;
    if (orphans > 0)
      skipped.push(`${orphans} section enrollments left out: their student or section is not in the files as a readable object`);
    return { district, skipped };
  }
  const district = toPtpDistrict(
    generateDistrict({
      size: source.size,
      seed: source.seed,
      ...(source.schoolYear === undefined ? {} : { schoolYear: source.schoolYear }),
    }),
  );
  return { district, skipped: [] };
}
