import 'reflect-metadata';
import { runMigrationCommand } from '@sisbridge/persistence';
import { sifIngestPersistence } from './persistence/sif-ingest.persistence';

/** `node services/sif-ingest/dist/migrate.js`: applies this service's migrations to DATABASE_URL. */
void runMigrationCommand('sif-ingest', sifIngestPersistence);
