import { createHash } from 'node:crypto';
import type { RosterEntity } from '@sisbridge/roster';

/**
 * What tells two versions of an entity apart without reading them back: the MD5 of its JSON as
 * the builders make it (the same builders always give the same property order). Not a defence
 * against anyone: a change detector, stored with each row of `roster.entity_version`.
 */
export function entityContentHash(entity: RosterEntity): string {
  return createHash('md5').update(JSON.stringify(entity)).digest('hex');
}
