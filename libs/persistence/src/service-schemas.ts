/** One Postgres schema per service; a service never reads another service's schema. */
export const ServiceSchemas = {
  sifIngest: 'sif_ingest',
  canvasProvisioner: 'canvas_provisioner',
  ptpGradebook: 'ptp_gradebook',
} as const;

export type ServiceSchema = (typeof ServiceSchemas)[keyof typeof ServiceSchemas];
