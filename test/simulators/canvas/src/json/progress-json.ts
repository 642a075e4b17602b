import { canvasTime } from '../http/canvas-time';
import type { Progress } from '../model/entities';

/** The Progress object (Progress API); `url` is where to poll it. */
export function progressJson(progress: Progress, baseUrl: string): Record<string, unknown> {
  return {
    id: progress.id,
    context_id: progress.contextId,
    context_type: progress.contextType,
    user_id: progress.userId,
    tag: progress.tag,
    completion: progress.completion,
    workflow_state: progress.workflowState,
    created_at: canvasTime(progress.createdAt),
    updated_at: canvasTime(progress.updatedAt),
    message: progress.message,
    results: progress.results,
    url: `${baseUrl}/api/v1/progress/${progress.id}`,
  };
}
