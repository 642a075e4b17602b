import type { SisFileKind } from './file-kinds';
import type { CanvasStore } from '../model/canvas-store';
import type { Progress } from '../model/entities';
import { cleanupBatch } from './batch-mode-cleanup';
import { ImportContext } from './import-context';
import { applyRows, finishImport, prepareImport } from './import-processor';
import { buildStatistics } from './import-report';
import { restoreStates, type RestoreScope } from './restore-states';
import { UNFINISHED_STATES, type SisImport } from './sis-import';

/**
 * Runs SIS imports the way Canvas's job queue does: one at a time per root account, in the order
 * they were created, each moving `created` → `importing` (progress rising) → [`cleanup_batch`] →
 * a final state over `processingTimeMs`. Restores run here too, behind a Progress.
 */
export class SisImportQueue {
  /** Fault injection: the next `remaining` imports die after applying `afterKind` (see applyRows). */
  crashes: { remaining: number; afterKind: SisFileKind } = { remaining: 0, afterKind: 'course' };
  private running = false;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: CanvasStore,
    private readonly processingTimeMs: number,
    /** How the queue waits between stages; a timer unless a test holds and releases each stage (HeldImportStages). */
    private readonly waitStage?: (ms: number) => Promise<void>,
  ) {}

  submit(): void {
    void this.pump();
  }

  /** Canvas aborts only imports that have not finished. Returns false for a finished one. */
  abort(sisImport: SisImport): boolean {
    if (!UNFINISHED_STATES.includes(sisImport.workflowState)) return false;
    sisImport.workflowState = 'aborted';
    sisImport.updatedAt = this.store.now();
    if (sisImport.startedAt === null) {
      sisImport.progress = 100;
      sisImport.endedAt = this.store.now();
    }
    return true;
  }

  abortAllPending(): void {
    for (const sisImport of this.store.sisImports.values()) {
      if (sisImport.workflowState === 'created' || sisImport.workflowState === 'initializing') this.abort(sisImport);
    }
  }

  /** `restore_states`: returns the Progress at once; the restore runs behind it. */
  restore(sisImport: SisImport, scope: RestoreScope): Progress {
    const now = this.store.now();
    const progress: Progress = {
      id: this.store.nextId(),
      contextId: sisImport.id,
      contextType: 'SisBatch',
      userId: this.store.adminUserId,
      tag: 'sis_batch_state_restore',
      completion: 0,
      workflowState: 'queued',
      message: null,
      results: null,
      createdAt: now,
      updatedAt: now,
    };
    this.store.progresses.set(progress.id, progress);
    void this.runRestore(sisImport, progress, scope);
    return progress;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async pump(): Promise<void> {
    if (this.running || this.closed) return;
    this.running = true;
    try {
      for (;;) {
        const next = [...this.store.sisImports.values()].filter((i) => i.workflowState === 'created').sort((a, b) => a.id - b.id)[0];
        if (!next) break;
        await this.process(next);
      }
    } finally {
      this.running = false;
    }
  }

  private async process(sisImport: SisImport): Promise<void> {
    const stage = this.processingTimeMs;
    await this.sleep(stage * 0.2);
    if (sisImport.workflowState !== 'created') return;
    this.update(sisImport, { workflowState: 'importing', progress: 0, startedAt: this.store.now() });
    const preparation = await prepareImport(this.store, sisImport);
    for (const progress of [25, 50, 75]) {
      await this.sleep(stage * 0.15);
      if (aborted(sisImport)) return finishImport(this.store, sisImport);
      this.update(sisImport, { progress });
    }
    await this.sleep(stage * 0.1);
    if (aborted(sisImport)) return finishImport(this.store, sisImport);
    if (preparation.kind === 'fatal') return finishImport(this.store, sisImport, preparation.message);
    if (preparation.kind === 'empty_diff') return finishImport(this.store, sisImport);

    const ctx = new ImportContext(this.store, sisImport);
    const crashAfter = this.crashes.remaining > 0 ? this.crashes.afterKind : undefined;
    if (crashAfter) this.crashes.remaining--;
    applyRows(ctx, preparation.prepared, crashAfter);
    const cleansUp =
      sisImport.options.batchMode &&
      !ctx.failed &&
      sisImport.suppliedBatches.some((k) => k === 'course' || k === 'section' || k === 'enrollment');
    if (cleansUp) {
      this.update(sisImport, { workflowState: 'cleanup_batch', progress: 0 });
      await this.sleep(stage * 0.1);
      if (aborted(sisImport)) return finishImport(this.store, sisImport);
      this.update(sisImport, { progress: 50 });
      await this.sleep(stage * 0.1);
      if (aborted(sisImport)) return finishImport(this.store, sisImport);
      const outcome = cleanupBatch(ctx);
      if (outcome.kind === 'aborted') {
        ctx.warn(null, outcome.message);
        sisImport.workflowState = 'aborted';
      }
    }
    finishImport(this.store, sisImport);
  }

  private async runRestore(sisImport: SisImport, progress: Progress, scope: RestoreScope): Promise<void> {
    await this.sleep(this.processingTimeMs * 0.3);
    const previousState = sisImport.workflowState;
    this.update(sisImport, { workflowState: 'restoring' });
    Object.assign(progress, { workflowState: 'running', completion: 0, updatedAt: this.store.now() });
    await this.sleep(this.processingTimeMs * 0.4);
    try {
      const restored = restoreStates(this.store, sisImport, scope);
      const partial = scope.batchMode || scope.undeleteOnly || scope.unconcludeOnly;
      sisImport.statistics = buildStatistics(sisImport);
      this.update(sisImport, { workflowState: partial ? 'partially_restored' : 'restored' });
      Object.assign(progress, { workflowState: 'completed', completion: 100, results: { restored }, updatedAt: this.store.now() });
    } catch (error) {
      this.update(sisImport, { workflowState: previousState });
      Object.assign(progress, {
        workflowState: 'failed',
        message: error instanceof Error ? error.message : String(error),
        updatedAt: this.store.now(),
      });
    }
  }

  private update(sisImport: SisImport, changes: Partial<SisImport>): void {
    Object.assign(sisImport, changes, { updatedAt: this.store.now() });
  }

  private sleep(ms: number): Promise<void> {
    if (this.waitStage && !this.closed) return this.waitStage(ms);
    return new Promise((resolve) => {
      if (this.closed) return;
      const timer = setTimeout(
        () => {
          this.timers.delete(timer);
          resolve();
        },
        Math.max(0, Math.round(ms)),
      );
      this.timers.add(timer);
    });
  }
}

/** Read through a function so the compiler does not carry a narrowing across the awaits above. */
function aborted(sisImport: SisImport): boolean {
  return sisImport.workflowState === 'aborted';
}
