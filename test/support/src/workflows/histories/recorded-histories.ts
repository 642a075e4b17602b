import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { temporal } from '@temporalio/proto';

/** Where the recorded histories live, one JSON file per run: `<workflow type>/<scenario>.json`. */
export const HISTORIES_DIR = resolve(__dirname, '../../../../../workflows/definitions/test-histories');

export interface RecordedHistory {
  /** The file, relative to HISTORIES_DIR (also the workflow id the replay reports failures under). */
  name: string;
  workflowType: string;
  history: temporal.api.history.v1.History;
}

/** Every recorded history, kept ones of earlier releases included, in a stable order. */
export function readRecordedHistories(dir = HISTORIES_DIR): RecordedHistory[] {
  return jsonFiles(dir)
    .sort()
    .map((file) => {
      const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(file, 'utf8')));
      const workflowType = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
      if (!workflowType) throw new Error(`${file} does not start with WorkflowExecutionStarted`);
      return { name: relative(dir, file), workflowType, history };
    });
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsonFiles(path);
    return entry.name.endsWith('.json') ? [path] : [];
  });
}
