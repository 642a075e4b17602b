import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface AssignmentLink {
  canvasAssignmentId: number;
  sectionsDcid: number;
  usersDcid: number;
  /** `creating`: a create was sent and its answer not yet stored (it may or may not exist in PTP). */
  state: 'creating' | 'linked';
  ptpAssignmentId?: number;
  assignmentSectionId?: number;
  /** Of the definition PTP last got from us. */
  fingerprint?: string;
  createdByRunId: string;
}

interface LinkRow {
  canvas_assignment_id: string;
  sections_dcid: string;
  users_dcid: string;
  state: 'creating' | 'linked';
  ptp_assignment_id: string | null;
  assignment_section_id: string | null;
  fingerprint: string | null;
  created_by_run_id: string;
}

/**
 * Canvas assignment (in one section) ⇄ PTP assignment and assignment section, across runs. The
 * link is written before a create is sent (`creating`), so a retried step knows to look for what
 * an interrupted create may have made instead of making a second one.
 */
@Injectable()
export class AssignmentLinks {
  constructor(private readonly dataSource: DataSource) {}

  async get(districtId: string, canvasAssignmentId: number, sectionsDcid: number): Promise<AssignmentLink | undefined> {
    const rows: LinkRow[] = await this.dataSource.query(
      'SELECT * FROM ptp_gradebook.assignment_link WHERE district_id = $1 AND canvas_assignment_id = $2 AND sections_dcid = $3',
      [districtId, canvasAssignmentId, sectionsDcid],
    );
    return rows[0] ? toLink(rows[0]) : undefined;
  }

  /** Records the intent to create; an existing link of any state is left as it is. */
  async beginCreate(
    districtId: string,
    link: { canvasAssignmentId: number; sectionsDcid: number; usersDcid: number; runId: string },
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ptp_gradebook.assignment_link (district_id, canvas_assignment_id, sections_dcid, users_dcid, state, created_by_run_id)
       VALUES ($1, $2, $3, $4, 'creating', $5) ON CONFLICT (district_id, canvas_assignment_id, sections_dcid) DO NOTHING`,
      [districtId, link.canvasAssignmentId, link.sectionsDcid, link.usersDcid, link.runId],
    );
  }

  /** The create landed (or an interrupted one was found): the link now names PTP's ids. */
  async linkCreated(
    districtId: string,
    link: {
      canvasAssignmentId: number;
      sectionsDcid: number;
      ptpAssignmentId: number;
      assignmentSectionId: number;
      fingerprint: string | null;
      runId: string;
    },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE ptp_gradebook.assignment_link SET state = 'linked', ptp_assignment_id = $4, assignment_section_id = $5, fingerprint = $6, created_by_run_id = $7, updated_at = now()
        WHERE district_id = $1 AND canvas_assignment_id = $2 AND sections_dcid = $3`,
      [
        districtId,
        link.canvasAssignmentId,
        link.sectionsDcid,
        link.ptpAssignmentId,
        link.assignmentSectionId,
        link.fingerprint,
        link.runId,
      ],
    );
  }

  async setFingerprint(
    districtId: string,
    link: { canvasAssignmentId: number; sectionsDcid: number },
    fingerprint: string | null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE ptp_gradebook.assignment_link SET fingerprint = $4, updated_at = now() WHERE district_id = $1 AND canvas_assignment_id = $2 AND sections_dcid = $3`,
      [districtId, link.canvasAssignmentId, link.sectionsDcid, fingerprint],
    );
  }

  async remove(districtId: string, link: { canvasAssignmentId: number; sectionsDcid: number }): Promise<void> {
    await this.dataSource.query(
      'DELETE FROM ptp_gradebook.assignment_link WHERE district_id = $1 AND canvas_assignment_id = $2 AND sections_dcid = $3',
      [districtId, link.canvasAssignmentId, link.sectionsDcid],
    );
  }

  /** The links of these Canvas assignments in this section (any state). */
  async inSection(districtId: string, sectionsDcid: number, canvasAssignmentIds: readonly number[]): Promise<AssignmentLink[]> {
    if (canvasAssignmentIds.length === 0) return [];
    const rows: LinkRow[] = await this.dataSource.query(
      'SELECT * FROM ptp_gradebook.assignment_link WHERE district_id = $1 AND sections_dcid = $2 AND canvas_assignment_id = ANY($3::bigint[])',
      [districtId, sectionsDcid, canvasAssignmentIds],
    );
    return rows.map(toLink);
  }

  /** Links a run made (created PTP assignments, or creates it sent): what its compensation deletes. */
  async createdBy(districtId: string, runId: string): Promise<AssignmentLink[]> {
    const rows: LinkRow[] = await this.dataSource.query(
      'SELECT * FROM ptp_gradebook.assignment_link WHERE district_id = $1 AND created_by_run_id = $2 ORDER BY canvas_assignment_id, sections_dcid',
      [districtId, runId],
    );
    return rows.map(toLink);
  }

  /** PTP assignment ids (of these) already linked to some Canvas assignment. */
  async linkedPtpAssignments(districtId: string, ptpAssignmentIds: readonly number[]): Promise<Set<number>> {
    if (ptpAssignmentIds.length === 0) return new Set();
    const rows: Array<{ ptp_assignment_id: string }> = await this.dataSource.query(
      'SELECT ptp_assignment_id FROM ptp_gradebook.assignment_link WHERE district_id = $1 AND ptp_assignment_id = ANY($2::bigint[])',
      [districtId, ptpAssignmentIds],
    );
    return new Set(rows.map((row) => Number(row.ptp_assignment_id)));
  }
}

function toLink(row: LinkRow): AssignmentLink {
  return {
    canvasAssignmentId: Number(row.canvas_assignment_id),
    sectionsDcid: Number(row.sections_dcid),
    usersDcid: Number(row.users_dcid),
    state: row.state,
    ...(row.ptp_assignment_id === null ? {} : { ptpAssignmentId: Number(row.ptp_assignment_id) }),
    ...(row.assignment_section_id === null ? {} : { assignmentSectionId: Number(row.assignment_section_id) }),
    ...(row.fingerprint === null ? {} : { fingerprint: row.fingerprint }),
    createdByRunId: row.created_by_run_id,
  };
}
