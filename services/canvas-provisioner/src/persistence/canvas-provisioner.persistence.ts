import { CreateWiringCheck1764374400000, ServiceSchemas, WiringCheckRow } from '@sisbridge/persistence';
import { CreateCategoryGroupLinks1764720000000 } from './migrations/1764720000000-create-category-group-links';
import { CreateProvisioningTables1764547200000 } from './migrations/1764547200000-create-provisioning-tables';
import { CanvasImportIdsPerDistrict1764633600000 } from './migrations/1764633600000-canvas-import-ids-per-district';
import { SisImportsKeyedByRun1764806400000 } from './migrations/1764806400000-sis-imports-keyed-by-run';

/** The canvas-provisioner schema: its entities and its migrations, in the order they apply. */
export const canvasProvisionerPersistence = {
  schema: ServiceSchemas.canvasProvisioner,
  entities: [WiringCheckRow],
  migrations: [
    CreateWiringCheck1764374400000,
    CreateProvisioningTables1764547200000,
    CanvasImportIdsPerDistrict1764633600000,
    CreateCategoryGroupLinks1764720000000,
    SisImportsKeyedByRun1764806400000,
  ],
};
