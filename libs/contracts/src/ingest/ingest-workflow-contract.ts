import type { DiffSnapshotsResult, IngestDistrictResult } from './ingest-contracts';

/** The standalone ingest workflow: a district's roster out of PowerSchool, then its diff against the last one. */
export const INGEST_DISTRICT_WORKFLOW = 'ingestDistrictWorkflow';

export interface IngestDistrictWorkflowInput {
  districtId: string;
  /** Skip the diff (e.g. when a caller diffs against the last *applied* snapshot itself). */
  skipDiff?: boolean;
}

export interface IngestDistrictWorkflowResult {
  ingest: IngestDistrictResult;
  diff?: DiffSnapshotsResult;
}

export type IngestDistrictWorkflow = (input: IngestDistrictWorkflowInput) => Promise<IngestDistrictWorkflowResult>;

/** Readable and unique per district and day: `ingest-springfield-2026-01-15`. */
export function ingestDistrictWorkflowId(districtId: string, date: string): string {
  return `ingest-${districtId}-${date}`;
}
