import type { CanvasStore } from './model/canvas-store';
import type { SisImportQueue } from './sis-import/import-queue';

/** What the API routes share: the state, the import queue, and the switches that change behaviour. */
export interface CanvasRuntime {
  store: CanvasStore;
  imports: SisImportQueue;
  /**
   * Whether SIS grade export is enabled (the Post Grades feature or an LTI tool with the
   * `post_grades` placement); without it `/api/sis/...` answers 400 `not_enabled`.
   */
  postGradesEnabled: boolean;
}
