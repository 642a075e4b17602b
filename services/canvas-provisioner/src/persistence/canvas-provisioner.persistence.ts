import { CreateWiringCheck1764374400000, ServiceSchemas, WiringCheckRow } from '@sisbridge/persistence';
import { CreateProvisioningTables1764547200000 } from './migrations/1764547200000-create-provisioning-tables';

/** The canvas-provisioner schema: its entities and its migrations, in the order they apply. */
export const canvasProvisionerPersistence = {
  schema: ServiceSchemas.canvasProvisioner,
  entities: [WiringCheckRow],
  migrations: [CreateWiringCheck1764374400000, CreateProvisioningTables1764547200000],
};
