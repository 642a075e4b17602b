import type { DataSource } from 'typeorm';
import type { RosterEnrollment, RosterEntityOf, RosterKind, RosterSection } from '@sisbridge/roster';
import type { Identity } from './roster-identities';

/**
 * Targeted reads of one snapshot for grade passback and categories, where a teacher needs a few
 * dozen rows of a district's hundreds of thousands: entities by SIS id, a teacher's sections, the
 * enrollments of some sections (index range scans on the `(snapshot, kind, sis id)` key), and the
 * teachers of a snapshot a page at a time.
 */
export class RosterLookups {
  constructor(private readonly dataSource: DataSource) {}

  async entities<K extends RosterKind>(snapshotId: string, kind: K, sisIds: readonly string[]): Promise<Array<RosterEntityOf<K>>> {
    if (sisIds.length === 0) return [];
    const rows: Array<{ data: RosterEntityOf<K> }> = await this.dataSource.query(
      'SELECT data FROM roster.entity WHERE snapshot_id = $1 AND kind = $2 AND sis_id = ANY($3::text[]) ORDER BY sis_id',
      [snapshotId, kind, [...new Set(sisIds)]],
    );
    return rows.map((row) => row.data);
  }

  /** Sections whose teachers (lead or co-teacher) include this one. */
  async sectionsTaughtBy(snapshotId: string, teacherSisId: string): Promise<RosterSection[]> {
    const rows: Array<{ data: RosterSection }> = await this.dataSource.query(
      `SELECT data FROM roster.entity WHERE snapshot_id = $1 AND kind = 'section' AND data->'teacherSisIds' ? $2 ORDER BY sis_id`,
      [snapshotId, teacherSisId],
    );
    return rows.map((row) => row.data);
  }

  /** Every enrollment (students and teachers) of these sections: `{section}|…` is a key range. */
  async enrollmentsOf(snapshotId: string, sectionSisIds: readonly string[]): Promise<RosterEnrollment[]> {
    if (sectionSisIds.length === 0) return [];
    const rows: Array<{ data: RosterEnrollment }> = await this.dataSource.query(
      `SELECT e.data FROM unnest($2::text[]) AS s(section)
         JOIN roster.entity e ON e.snapshot_id = $1 AND e.kind = 'enrollment'
          AND e.sis_id >= (s.section || '|') COLLATE "C" AND e.sis_id < (s.section || '}') COLLATE "C"
        ORDER BY e.sis_id`,
      [snapshotId, [...new Set(sectionSisIds)]],
    );
    return rows.map((row) => row.data).filter((enrollment) => sectionSisIds.includes(enrollment.sectionSisId));
  }

  /** Teachers (SIS ids) of the snapshot's sections after `after`, in SIS id order. */
  async teachersWithSections(snapshotId: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows: Array<{ teacher: string }> = await this.dataSource.query(
      `SELECT DISTINCT t.teacher COLLATE "C" AS teacher
         FROM roster.entity e, jsonb_array_elements_text(e.data->'teacherSisIds') AS t(teacher)
        WHERE e.snapshot_id = $1 AND e.kind = 'section' AND ($2::text IS NULL OR t.teacher COLLATE "C" > $2::text COLLATE "C")
        ORDER BY 1 LIMIT $3`,
      [snapshotId, after ?? null, limit],
    );
    return rows.map((row) => row.teacher);
  }

  /** A staff member by PowerSchool DCID (a student may carry the same number: STUDENTS and USERS are separate tables). */
  async staffByDcid(districtId: string, dcid: number): Promise<Identity | undefined> {
    const rows: Array<{ ref_id: string; dcid: string; sis_id: string }> = await this.dataSource.query(
      `SELECT ref_id, dcid, sis_id FROM roster.identity WHERE district_id = $1 AND kind = 'user' AND person_type = 'staff' AND dcid = $2 ORDER BY updated_at DESC LIMIT 1`,
      [districtId, dcid],
    );
    const row = rows[0];
    return row ? { kind: 'user', refId: row.ref_id, dcid: Number(row.dcid), sisId: row.sis_id, personType: 'staff' } : undefined;
  }
}
