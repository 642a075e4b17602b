import type { DataSource } from 'typeorm';
import type { RosterKind } from '@sisbridge/roster';

/** One PowerSchool object as every system names it. */
export interface Identity {
  kind: RosterKind;
  refId: string;
  dcid?: number;
  sisId: string;
  personType?: 'student' | 'staff';
}

interface IdentityRow {
  kind: RosterKind;
  ref_id: string;
  dcid: string | null;
  sis_id: string;
  person_type: 'student' | 'staff' | null;
}

/**
 * The RefId ⇄ DCID ⇄ SIS id map of a district, kept across snapshots. Passback uses it to go
 * from a Canvas section or user (by SIS id) back to PowerTeacher Pro's `sectionsdcid`,
 * `studentsdcid` and `users_dcid`.
 */
export class RosterIdentities {
  constructor(private readonly dataSource: DataSource) {}

  async bySisIds(districtId: string, kind: RosterKind, sisIds: readonly string[]): Promise<Map<string, Identity>> {
    if (sisIds.length === 0) return new Map();
    const rows: IdentityRow[] = await this.dataSource.query(
      'SELECT kind, ref_id, dcid, sis_id, person_type FROM roster.identity WHERE district_id = $1 AND kind = $2 AND sis_id = ANY($3::text[])',
      [districtId, kind, sisIds],
    );
    return new Map(rows.map((row) => [row.sis_id, toIdentity(row)]));
  }

  async byDcid(districtId: string, kind: RosterKind, dcid: number): Promise<Identity | undefined> {
    const rows: IdentityRow[] = await this.dataSource.query(
      'SELECT kind, ref_id, dcid, sis_id, person_type FROM roster.identity WHERE district_id = $1 AND kind = $2 AND dcid = $3',
      [districtId, kind, dcid],
    );
    return rows[0] ? toIdentity(rows[0]) : undefined;
  }

  async byRefId(districtId: string, kind: RosterKind, refId: string): Promise<Identity | undefined> {
    const rows: IdentityRow[] = await this.dataSource.query(
      'SELECT kind, ref_id, dcid, sis_id, person_type FROM roster.identity WHERE district_id = $1 AND kind = $2 AND ref_id = $3',
      [districtId, kind, refId],
    );
    return rows[0] ? toIdentity(rows[0]) : undefined;
  }
}

function toIdentity(row: IdentityRow): Identity {
  return {
    kind: row.kind,
    refId: row.ref_id,
    dcid: row.dcid === null ? undefined : Number(row.dcid),
    sisId: row.sis_id,
    personType: row.person_type ?? undefined,
  };
}
