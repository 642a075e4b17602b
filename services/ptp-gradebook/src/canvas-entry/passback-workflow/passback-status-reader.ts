import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import {
  Client,
  WorkflowFailedError,
  WorkflowNotFoundError,
  type WorkflowExecutionDescription,
  type WorkflowHandle,
} from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import {
  PASSBACK_WORKFLOW,
  passbackProgressQuery,
  passbackReportQuery,
  passbackResultQuery,
  SearchAttributes,
  type PassbackIdentity,
  type PassbackResult,
  type PassbackWorkflow,
} from '@sisbridge/contracts';
import { failureReference } from '../../failure-reference';
import { PassbackWorkflowError, unavailable } from './passback-workflow-error';
import type { PassbackRunState, PassbackStatus } from './passback-status';

const STATES: Record<string, PassbackRunState> = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TERMINATED: 'terminated',
  TIMED_OUT: 'timed-out',
  CONTINUED_AS_NEW: 'continued-as-new',
};

/**
 * Reads one passback run for the status URL and the teacher's page: Temporal's description of it,
 * then its queries (progress, report, result). A run that has ended gives its result directly.
 */
@Injectable()
export class PassbackStatusReader {
  constructor(
    @Inject(Client) private readonly client: Client,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(PassbackStatusReader.name);
  }

  /**
   * `districtId`, when given, must be the run's district (API callers hold one district's
   * credentials and must not read another's runs).
   */
  async read(workflowId: string, runId: string, districtId?: string): Promise<PassbackStatus> {
    const handle = this.client.workflow.getHandle<PassbackWorkflow>(workflowId, runId);
    let description;
    try {
      description = await handle.describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new PassbackWorkflowError('not-found', `no passback run ${workflowId} / ${runId}`);
      const reference = failureReference();
      this.logger.error(
        { reference, workflowId, error: error instanceof Error ? error.message : String(error) },
        'Temporal did not answer',
      );
      throw unavailable(reference);
    }
    if (description.type !== PASSBACK_WORKFLOW || (districtId !== undefined && !ofDistrict(description, districtId))) {
      throw new PassbackWorkflowError(
        'not-found',
        `no passback run ${workflowId} / ${runId}${districtId ? ` in district ${districtId}` : ''}`,
      );
    }
    const state = STATES[description.status.name] ?? 'running';
    // A run no worker has picked up yet (only "started" and "task scheduled" in its history)
    // cannot answer queries: asking would wait for a worker. Say what Temporal knows instead.
    const unstarted = state === 'running' && description.historyLength <= 2;
    const ask = <T>(definition: QueryDefinition<T, []>) => (unstarted ? Promise.resolve(null) : this.query(handle, definition));
    const [progress, report, queriedResult] = await Promise.all([
      ask(passbackProgressQuery),
      ask(passbackReportQuery),
      ask(passbackResultQuery),
    ]);
    const status: PassbackStatus = {
      workflowId,
      runId: description.runId,
      state,
      startedAt: description.startTime.toISOString(),
      ...(description.closeTime ? { closedAt: description.closeTime.toISOString() } : {}),
      progress,
      report,
      result: queriedResult,
    };
    // A closed run's result is in its history; a continued run's is its successor's, not this one's.
    if (state !== 'running' && state !== 'continued-as-new') {
      const ended = await outcome(handle);
      status.result = ended.result ?? queriedResult;
      if (ended.failure) status.failure = ended.failure;
    }
    return status;
  }

  /**
   * A query's answer, or null when it cannot be had in QUERY_SECONDS (no orchestration worker up,
   * or the run does not answer that query): a page must not hang on a worker that is down.
   */
  private async query<T>(handle: WorkflowHandle<PassbackWorkflow>, definition: QueryDefinition<T, []>): Promise<T | null> {
    try {
      return (await this.client.withDeadline(Date.now() + QUERY_SECONDS * 1000, () => handle.query(definition))) ?? null;
    } catch {
      return null;
    }
  }
}

const QUERY_SECONDS = 5;

/**
 * Whether a run is the district's, exactly: by its district search attribute (every start sets
 * it), else by the memo every start writes. A run that records neither is no district's to read.
 */
function ofDistrict(description: WorkflowExecutionDescription, districtId: string): boolean {
  const recorded = description.typedSearchAttributes.get(SearchAttributes.district);
  if (recorded !== undefined) return recorded === districtId;
  const memo = description.memo?.['passback'] as PassbackIdentity | undefined;
  return memo?.districtId === districtId;
}

async function outcome(handle: WorkflowHandle<PassbackWorkflow>): Promise<{ result?: PassbackResult; failure?: string }> {
  try {
    return { result: await handle.result() };
  } catch (error) {
    if (error instanceof WorkflowFailedError) return { failure: error.cause?.message ?? error.message };
    // Not the run's own words (Temporal's connection, most likely): nothing a caller should read.
    return { failure: 'the run ended without a result sisbridge could read' };
  }
}
