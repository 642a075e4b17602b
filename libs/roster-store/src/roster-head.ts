import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { RosterEnrollment, RosterEntity, RosterEntityOf, RosterKind } from '@sisbridge/roster';

/** Somewhere queries run: a transaction's client, or the pool. */
type Queryable = Pick<PoolClient, 'query'>;

/**
 * The district's newest version (its open rows), read a few entities at a time: what an
 * incremental build compares with, by the RefIds of the objects it rebuilds (an index on open
 * rows), by SIS id (who holds one), and the teachers' enrollments of some sections.
 */
export class RosterHead {
  constructor(private readonly dataSource: DataSource) {}

  async byRefIds<K extends RosterKind>(
    districtId: string,
    kind: K,
    refIds: Iterable<string>,
    db?: Queryable,
  ): Promise<Array<RosterEntityOf<K>>> {
    const wanted = [...new Set(refIds)];
    if (wanted.length === 0) return [];
    return this.select<RosterEntityOf<K>>(
      db,
      `SELECT data FROM roster.entity_version WHERE district_id = $1 AND kind = $2 AND valid_to IS NULL AND (data ->> 'refId') = ANY($3::text[])`,
      [districtId, kind, wanted],
    );
  }

  async bySisIds<K extends RosterKind>(
    districtId: string,
    kind: K,
    sisIds: Iterable<string>,
    db?: Queryable,
  ): Promise<Array<RosterEntityOf<K>>> {
    const wanted = [...new Set(sisIds)];
    if (wanted.length === 0) return [];
    return this.select<RosterEntityOf<K>>(
      db,
      `SELECT data FROM roster.entity_version WHERE district_id = $1 AND kind = $2 AND valid_to IS NULL AND sis_id = ANY($3::text[])`,
      [districtId, kind, wanted],
    );
  }

  /** The teachers' enrollments of these sections (`{section}|…|teacher`, a key range per section). */
  async teacherEnrollmentsOf(districtId: string, sectionSisIds: Iterable<string>, db?: Queryable): Promise<RosterEnrollment[]> {
    const sections = [...new Set(sectionSisIds)];
    if (sections.length === 0) return [];
    const found = await this.select<RosterEnrollment>(
      db,
      `SELECT e.data FROM unnest($2::text[]) AS s(section)
         JOIN roster.entity_version e ON e.district_id = $1 AND e.kind = 'enrollment' AND e.valid_to IS NULL
          AND e.sis_id >= (s.section || '|') COLLATE "C" AND e.sis_id < (s.section || '}') COLLATE "C"`,
      [districtId, sections],
    );
    return found.filter((enrollment) => enrollment.role === 'teacher' && sections.includes(enrollment.sectionSisId));
  }

  private async select<E extends RosterEntity>(db: Queryable | undefined, sql: string, values: unknown[]): Promise<E[]> {
    if (db) return ((await db.query(sql, values)).rows as Array<{ data: E }>).map((row) => row.data);
    return ((await this.dataSource.query(sql, values)) as Array<{ data: E }>).map((row) => row.data);
  }
}
