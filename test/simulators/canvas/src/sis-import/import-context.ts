import type { CanvasStore } from '../model/canvas-store';
import type { CsvRow } from './csv-file';
import type { RollBackContextType, SisImport, SisImportOptions } from './sis-import';

/**
 * What the importers share while an import runs: the store, the import's options, its error
 * list and its restore data. Every workflow_state change goes through `stateChange`, so that
 * `restore_states` can undo exactly what this import did.
 */
export class ImportContext {
  constructor(
    readonly store: CanvasStore,
    readonly sisImport: SisImport,
  ) {}

  get batchId(): number {
    return this.sisImport.id;
  }

  get options(): SisImportOptions {
    return this.sisImport.options;
  }

  get now(): Date {
    return this.store.now();
  }

  /** A row problem: the row is skipped (or partly applied) and the import goes on. */
  warn(file: string | null, message: string, row?: CsvRow): void {
    this.sisImport.errors.push({ file, message, row: row?.line ?? null, rowInfo: row?.raw ?? null, failure: false, createdAt: this.now });
  }

  /** A problem that fails the import (`failed_with_messages`). */
  fail(file: string | null, message: string): void {
    this.sisImport.errors.push({ file, message, row: null, rowInfo: null, failure: true, createdAt: this.now });
  }

  get failed(): boolean {
    return this.sisImport.errors.some((e) => e.failure);
  }

  /** Records a workflow_state change (`previous` is `non-existent` for a created object). */
  stateChange(contextType: RollBackContextType, contextId: number, previous: string, updated: string, batchModeDelete = false): void {
    if (previous === updated) return;
    this.sisImport.rollBack.push({ contextType, contextId, previous, updated, batchModeDelete, restored: false });
  }

  /**
   * Sets a sticky field unless the UI changed it since (canvas.md §1.9): with
   * `override_sis_stickiness` the import writes anyway, and may add or clear the stickiness.
   * Returns whether the field was written.
   */
  writeSticky(stuckFields: Set<string>, field: string, write: () => void): boolean {
    const override = this.options.overrideSisStickiness;
    if (stuckFields.has(field) && !override) return false;
    write();
    if (override && this.options.clearSisStickiness) stuckFields.delete(field);
    else if (override && this.options.addSisStickiness) stuckFields.add(field);
    return true;
  }
}
