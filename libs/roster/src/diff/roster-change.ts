import type { RosterEntity } from '../model/roster-entities';

/** One difference between two snapshots, for one entity. */
export type RosterChange<E extends RosterEntity = RosterEntity> =
  | { op: 'add'; kind: E['kind']; sisId: string; after: E }
  | { op: 'change'; kind: E['kind']; sisId: string; before: E; after: E; fields: string[] }
  | { op: 'remove'; kind: E['kind']; sisId: string; before: E };

export type RosterChangeOp = RosterChange['op'];
