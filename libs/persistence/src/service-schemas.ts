/** One Postgres schema per service; a service never reads another service's schema. */
export const ServiceSchemas = {
  sifIngest: 'sif_ingest',
  canvasProvisioner: 'canvas_provisioner',
  ptpGradebook: 'ptp_gradebook',
} as const;

/**
 * The published roster: snapshots, diffs and the RefId ⇄ DCID ⇄ SIS id map. sif-ingest owns it
 * (creates it in its migrations, and is the only writer); the other services read it through
 * `@sisbridge/roster-store`. It is the one schema shared between services, by design: rosters are
 * too big to travel through Temporal, so workflows pass snapshot and diff ids instead.
 */
export const ROSTER_SCHEMA = 'roster';

export type ServiceSchema = (typeof ServiceSchemas)[keyof typeof ServiceSchemas];
