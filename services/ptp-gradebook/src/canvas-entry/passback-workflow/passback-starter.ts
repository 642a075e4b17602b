import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import {
  Client,
  isGrpcDeadlineError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  PASSBACK_IDENTITY_MISMATCH,
  PASSBACK_WORKFLOW,
  passbackIdentityOf,
  passbackStartOptions,
  requestPassbackUpdate,
  samePassback,
  SearchAttributes,
  type PassbackIdentity,
  type PassbackInput,
  type PassbackWorkflow,
} from '@sisbridge/contracts';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import { failureReference } from '../../failure-reference';
import type { PtpGradebookConfig } from '../../ptp-gradebook.config';
import { conflict, PassbackWorkflowError, unavailable } from './passback-workflow-error';
import type { StartedPassback } from './passback-status';

export interface PassbackStartRequest {
  districtId: string;
  teacherSisId: string;
  courseSisId?: string;
  trigger: Extract<PassbackInput['trigger'], 'canvas-api' | 'lti'>;
  /** Who asked, for the run's record: `lti:T4711`, `canvas-api`. Never a student. */
  requestedBy: string;
}

/**
 * Starts a teacher's passback, or joins the one already running, in one atomic call: Update-with-
 * Start on the deterministic workflow id with the USE_EXISTING conflict policy. However many
 * clicks and API calls arrive at once, Temporal runs one workflow; each caller gets its run id and
 * the validation report (the update returns once validation is done).
 *
 * A run joined this way must be this request's passback (district, teacher and course): the
 * update names them and the workflow refuses it otherwise, and the answer is checked here again
 * before anything of it is returned (a run started before ids were encoded, or by an older
 * workflow, has no such check). Someone else's run is refused without a word about it.
 */
@Injectable()
export class PassbackStarter {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(SERVICE_CONFIG) private readonly config: PtpGradebookConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(PassbackStarter.name);
  }

  async start(request: PassbackStartRequest): Promise<StartedPassback> {
    const input: PassbackInput = {
      districtId: request.districtId,
      teacherSisId: request.teacherSisId,
      trigger: request.trigger,
      ...(request.courseSisId ? { courseSisId: request.courseSisId } : {}),
    };
    const wanted = passbackIdentityOf(input);
    // The same id, summary, memo and search attributes as every other starter (CLI, nightly run).
    const options = passbackStartOptions(input);
    const { workflowId } = options;
    const start = new WithStartWorkflowOperation<PassbackWorkflow>(PASSBACK_WORKFLOW, {
      ...options,
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const deadline = Date.now() + this.config.PASSBACK_ACCEPT_TIMEOUT_SECONDS * 1000;
    try {
      const acceptance = await this.client.withDeadline(deadline, () =>
        this.client.workflow.executeUpdateWithStart(requestPassbackUpdate, {
          args: [{ requestedBy: request.requestedBy, passback: wanted }],
          startWorkflowOperation: start,
        }),
      );
      if (!samePassback(passbackIdentityOf(acceptance.report), wanted)) throw this.someoneElses(workflowId);
      this.logger.info({ workflowId, runId: acceptance.runId, joined: acceptance.joined, trigger: request.trigger }, 'passback accepted');
      return { workflowId, runId: acceptance.runId, joined: acceptance.joined, report: acceptance.report };
    } catch (error) {
      if (error instanceof PassbackWorkflowError) throw error;
      if (error instanceof WorkflowUpdateFailedError) {
        if (error.cause instanceof ApplicationFailure && error.cause.type === PASSBACK_IDENTITY_MISMATCH)
          throw this.someoneElses(workflowId);
        throw new PassbackWorkflowError('refused', error.cause?.message ?? error.message);
      }
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(error)) {
        // Validation is slow (or no orchestration worker is polling): the run may well have started.
        // Answer with its ids; its status shows the report once it is ready.
        const running = await this.runningRun(workflowId, wanted);
        if (running) {
          this.logger.warn({ workflowId, runId: running, trigger: request.trigger }, 'passback started; validation not done in time');
          return { workflowId, runId: running, joined: false, report: null };
        }
        throw new PassbackWorkflowError(
          'unavailable',
          `the passback did not start within ${this.config.PASSBACK_ACCEPT_TIMEOUT_SECONDS} s; try again in a few minutes`,
        );
      }
      throw this.unavailable(workflowId, error);
    }
  }

  /** The running run of this id, when it is this request's passback. */
  private async runningRun(workflowId: string, wanted: PassbackIdentity): Promise<string | undefined> {
    let description: WorkflowExecutionDescription;
    try {
      description = await this.client.workflow.getHandle(workflowId).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw this.unavailable(workflowId, error);
    }
    if (description.status.name !== 'RUNNING') return undefined;
    if (!isFor(description, wanted)) throw this.someoneElses(workflowId);
    return description.runId;
  }

  private someoneElses(workflowId: string): PassbackWorkflowError {
    this.logger.warn({ workflowId }, 'a start found a run of this id that is not its passback; refused');
    return conflict();
  }

  private unavailable(workflowId: string, error: unknown): PassbackWorkflowError {
    const reference = failureReference();
    this.logger.error({ reference, workflowId, error: error instanceof Error ? error.message : String(error) }, 'Temporal did not answer');
    return unavailable(reference);
  }
}

/**
 * Whether a run is this passback: by the memo every start writes, or, for a run started before
 * there was one, by its district and teacher search attributes (the course is not one).
 */
function isFor(description: WorkflowExecutionDescription, wanted: PassbackIdentity): boolean {
  const memo = description.memo?.['passback'] as PassbackIdentity | undefined;
  if (memo) return samePassback(memo, wanted);
  const attributes = description.typedSearchAttributes;
  return (
    attributes.get(SearchAttributes.district) === wanted.districtId && attributes.get(SearchAttributes.teacher) === wanted.teacherSisId
  );
}
