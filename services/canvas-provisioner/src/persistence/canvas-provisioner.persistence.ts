import { CreateWiringCheck1764374400000, ServiceSchemas, WiringCheckRow } from '@sisbridge/persistence';

/** The canvas-provisioner schema: its entities and its migrations, in the order they apply. */
export const canvasProvisionerPersistence = {
  schema: ServiceSchemas.canvasProvisioner,
  entities: [WiringCheckRow],
  migrations: [CreateWiringCheck1764374400000],
};
