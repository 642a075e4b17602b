import { Worker, type ReplayResult } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import * as workflows from '@sisbridge/workflows';
import { prebuiltWorkflowBundle, quietTemporalRuntime, readRecordedHistories, type RecordedHistory } from '@sisbridge/test-support';

/**
 * Every recorded history (workflows/definitions/test-histories, `npm run histories:record`) replays
 * against the workflow bundle the worker runs: a change that would break a district's workflows
 * in flight (a command added, removed or reordered without `patched()`) fails here, before it
 * reaches a district. See the README, "Changing a workflow".
 */
describe('the workflow bundle replays every recorded history', () => {
  const histories = readRecordedHistories();
  let results: Map<string, ReplayResult>;

  beforeAll(async () => {
    quietTemporalRuntime();
    results = await replay(histories);
  });

  it.each(histories.map((recorded) => [recorded.name]))('%s', (name) => {
    const result = results.get(name);
    expect(result).toBeDefined();
    expect(result?.error).toBeUndefined();
  });

  it('has a history of every workflow type the worker runs', () => {
    const recordedTypes = new Set(histories.map((recorded) => recorded.workflowType));
    expect(Object.keys(workflows).filter((workflowType) => !recordedTypes.has(workflowType))).toEqual([]);
  });

  it('fails a history whose commands the code no longer issues (the check can fail)', async () => {
    const recorded = histories.find((candidate) => candidate.name === 'provisionDistrictWorkflow/applied.json');
    expect(recorded).toBeDefined();
    // As if the code now called another activity first: the first scheduled activity differs.
    const changed = temporal.api.history.v1.History.fromObject((recorded as RecordedHistory).history.toJSON());
    const scheduled = changed.events.find((event) => event.activityTaskScheduledEventAttributes)?.activityTaskScheduledEventAttributes;
    if (!scheduled?.activityType) throw new Error('the recorded provisioning history schedules no activity');
    scheduled.activityType.name = 'somethingElseFirst';

    const [result] = [...(await replay([{ ...(recorded as RecordedHistory), name: 'changed', history: changed }])).values()];
    expect(result?.error?.name).toBe('DeterminismViolationError');
  });
});

async function replay(histories: RecordedHistory[]): Promise<Map<string, ReplayResult>> {
  const results = new Map<string, ReplayResult>();
  const replayed = Worker.runReplayHistories(
    { workflowBundle: prebuiltWorkflowBundle() },
    histories.map((recorded) => ({ workflowId: recorded.name, history: recorded.history })),
  );
  for await (const result of replayed) results.set(result.workflowId, result);
  return results;
}
