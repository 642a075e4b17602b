import 'reflect-metadata';
import { runMigrationCommand } from '@sisbridge/persistence';
import { ptpGradebookPersistence } from './persistence/ptp-gradebook.persistence';

/** `node services/ptp-gradebook/dist/migrate.js`: applies this service's migrations to DATABASE_URL. */
void runMigrationCommand('ptp-gradebook', ptpGradebookPersistence);
