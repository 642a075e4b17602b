import type { CanvasStore } from '../model/canvas-store';
import type { RollBackContextType, RollBackEntry, SisImport } from './sis-import';

export interface RestoreScope {
  /** Only what batch mode deleted. */
  batchMode: boolean;
  /** Only what was deleted (created and changed objects stay). */
  undeleteOnly: boolean;
  /** Only enrollments that were concluded. */
  unconcludeOnly: boolean;
}

/** Canvas restores types in dependency order: containers before what they contain. */
const RESTORE_ORDER: readonly RollBackContextType[] = ['Account', 'EnrollmentTerm', 'Course', 'CourseSection', 'Pseudonym', 'Enrollment'];

/**
 * `restore_states` (canvas.md §2.3): every workflow_state this import changed goes back to what it
 * was; objects the import created (previous state `non-existent`) are deleted. Returns how many
 * objects changed.
 */
export function restoreStates(store: CanvasStore, sisImport: SisImport, scope: RestoreScope): number {
  const entries = sisImport.rollBack.filter((entry) => !entry.restored && inScope(entry, scope));
  let restored = 0;
  for (const type of RESTORE_ORDER) {
    for (const entry of entries) {
      if (entry.contextType !== type) continue;
      const target = entry.previous === 'non-existent' ? 'deleted' : entry.previous;
      if (setWorkflowState(store, entry, target)) restored++;
      entry.restored = true;
    }
  }
  return restored;
}

function inScope(entry: RollBackEntry, scope: RestoreScope): boolean {
  if (scope.undeleteOnly && entry.updated !== 'deleted') return false;
  if (scope.unconcludeOnly && entry.updated !== 'completed') return false;
  if (scope.batchMode && !entry.batchModeDelete) return false;
  return true;
}

function setWorkflowState(store: CanvasStore, entry: RollBackEntry, state: string): boolean {
  const object = objectFor(store, entry.contextType, entry.contextId);
  if (!object || object.workflowState === state) return false;
  object.workflowState = state;
  return true;
}

function objectFor(store: CanvasStore, type: RollBackContextType, id: number): { workflowState: string } | undefined {
  switch (type) {
    case 'Account':
      return store.accounts.get(id);
    case 'EnrollmentTerm':
      return store.terms.get(id);
    case 'Course':
      return store.courses.get(id);
    case 'CourseSection':
      return store.sections.get(id);
    case 'Pseudonym':
      return store.logins.get(id);
    case 'Enrollment':
      return store.enrollments.get(id);
  }
}
