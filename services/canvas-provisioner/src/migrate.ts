import 'reflect-metadata';
import { runMigrationCommand } from '@sisbridge/persistence';
import { canvasProvisionerPersistence } from './persistence/canvas-provisioner.persistence';

/** `node services/canvas-provisioner/dist/migrate.js`: applies this service's migrations to DATABASE_URL. */
void runMigrationCommand('canvas-provisioner', canvasProvisionerPersistence);
