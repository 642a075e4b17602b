import { Injectable } from '@nestjs/common';
import type { RosterCourse, RosterSchool, RosterSection, RosterTerm } from '@sisbridge/roster';
import type { RosterSnapshots } from '@sisbridge/roster-store';
import { emptySnapshotIndex, type SnapshotIndex } from './builders/build-context';

/** Loads a snapshot's small kinds (schools, terms, courses, sections) into a SnapshotIndex. */
@Injectable()
export class SnapshotIndexLoader {
  async load(snapshots: RosterSnapshots, snapshotId: string | undefined): Promise<SnapshotIndex> {
    if (!snapshotId) return emptySnapshotIndex();
    return {
      schools: await byId<RosterSchool>(snapshots.stream(snapshotId, 'school')),
      terms: await byId<RosterTerm>(snapshots.stream(snapshotId, 'term')),
      courses: await byId<RosterCourse>(snapshots.stream(snapshotId, 'course')),
      sections: await byId<RosterSection>(snapshots.stream(snapshotId, 'section')),
    };
  }
}

async function byId<E extends { sisId: string }>(source: AsyncIterable<E>): Promise<Map<string, E>> {
  const map = new Map<string, E>();
  for await (const entity of source) map.set(entity.sisId, entity);
  return map;
}
