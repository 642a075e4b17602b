import { stringify } from 'csv-stringify/sync';
import type { CanvasStore } from '../model/canvas-store';
import type { RollBackContextType, SisImport } from './sis-import';

/** The classes Canvas reports statistics for (canvas.md §2.2), including ones the simulator never changes. */
const STATISTICS_CLASSES = [
  'Account',
  'EnrollmentTerm',
  'CommunicationChannel',
  'AbstractCourse',
  'Course',
  'CourseSection',
  'Enrollment',
  'GroupCategory',
  'Group',
  'GroupMembership',
  'Pseudonym',
  'UserObserver',
  'AccountUser',
] as const;

/** `statistics`: per class, how many objects the import created, concluded, deactivated, restored and deleted. */
export function buildStatistics(sisImport: SisImport): Record<string, unknown> {
  const stats: Record<string, unknown> = { total_state_changes: sisImport.rollBack.length };
  for (const type of STATISTICS_CLASSES) {
    const entries = sisImport.rollBack.filter((e) => e.contextType === (type as RollBackContextType));
    stats[type] = {
      created: entries.filter((e) => e.previous === 'non-existent').length,
      concluded: entries.filter((e) => e.updated === 'completed').length,
      deactivated: entries.filter((e) => e.updated === 'inactive' || e.updated === 'suspended').length,
      restored: entries.filter((e) => e.restored).length,
      deleted: entries.filter((e) => e.updated === 'deleted').length,
    };
  }
  return stats;
}

/** The error report Canvas attaches to a finished import: `sis_import_id,file,message,row`. */
export function buildErrorsFile(store: CanvasStore, sisImport: SisImport): number {
  const rows = sisImport.errors.map((e) => [sisImport.id, e.file ?? '', e.message, e.row ?? '']);
  const bytes = Buffer.from(stringify([['sis_import_id', 'file', 'message', 'row'], ...rows]), 'utf8');
  const id = sisImport.errorsFileId ?? store.nextId();
  store.files.set(id, {
    id,
    displayName: `sis_errors_attachment_${sisImport.id}.csv`,
    contentType: 'text/csv',
    bytes,
    createdAt: store.now(),
  });
  return id;
}
