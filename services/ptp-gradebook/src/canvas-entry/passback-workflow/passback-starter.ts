import { Inject, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import {
  Client,
  isGrpcDeadlineError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import {
  PASSBACK_WORKFLOW,
  passbackStartOptions,
  requestPassbackUpdate,
  type PassbackInput,
  type PassbackWorkflow,
} from '@sisbridge/contracts';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import type { PtpGradebookConfig } from '../../ptp-gradebook.config';
import { PassbackWorkflowError } from './passback-workflow-error';
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
    // The same id, summary and search attributes as every other starter (CLI, nightly run).
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
          args: [{ requestedBy: request.requestedBy }],
          startWorkflowOperation: start,
        }),
      );
      this.logger.info({ workflowId, runId: acceptance.runId, joined: acceptance.joined, trigger: request.trigger }, 'passback accepted');
      return { workflowId, runId: acceptance.runId, joined: acceptance.joined, report: acceptance.report };
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        throw new PassbackWorkflowError('refused', error.cause?.message ?? error.message);
      }
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(error)) {
        // Validation is slow (or no orchestration worker is polling): the run may well have started.
        // Answer with its ids; its status shows the report once it is ready.
        const running = await this.runningRun(workflowId);
        if (running) {
          this.logger.warn({ workflowId, runId: running, trigger: request.trigger }, 'passback started; validation not done in time');
          return { workflowId, runId: running, joined: false, report: null };
        }
        throw new PassbackWorkflowError(
          'unavailable',
          `the passback did not start within ${this.config.PASSBACK_ACCEPT_TIMEOUT_SECONDS} s (is the orchestration worker running?)`,
        );
      }
      throw new PassbackWorkflowError(
        'unavailable',
        `Temporal did not take the passback: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async runningRun(workflowId: string): Promise<string | undefined> {
    try {
      const description = await this.client.workflow.getHandle(workflowId).describe();
      return description.status.name === 'RUNNING' ? description.runId : undefined;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw new PassbackWorkflowError('unavailable', `Temporal did not answer: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
