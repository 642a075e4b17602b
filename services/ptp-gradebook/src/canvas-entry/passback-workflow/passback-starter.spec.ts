import type { Client } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { PinoLogger } from 'nestjs-pino';
import { PASSBACK_IDENTITY_MISMATCH, type PassbackAcceptance, type PassbackReport } from '@sisbridge/contracts';
import { ptpGradebookConfigSchema } from '../../ptp-gradebook.config';
import { PassbackStarter, type PassbackStartRequest } from './passback-starter';
import { PassbackWorkflowError } from './passback-workflow-error';

const config = ptpGradebookConfigSchema.parse({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/d' });
const request: PassbackStartRequest = {
  districtId: 'springfield',
  teacherSisId: 'T4711',
  courseSisId: 'CRS1',
  trigger: 'canvas-api',
  requestedBy: 'canvas-api',
};
const report = (teacherSisId: string, courseSisId = 'CRS1'): PassbackReport => ({
  districtId: 'springfield',
  teacherSisId,
  courseSisId,
  assignments: [{ canvasAssignmentId: 1, canvasCourseId: 2, name: 'Lab of someone else', sections: [], valid: true, problems: [] }],
  valid: 1,
  invalid: 0,
});

/** A Temporal client whose Update-with-Start answers as a test says; and a logger that keeps its lines. */
function starterAnswering(answer: () => Promise<PassbackAcceptance>) {
  const lines: Array<{ level: string; fields: Record<string, unknown> }> = [];
  const client = {
    withDeadline: <T>(_deadline: number, work: () => Promise<T>) => work(),
    workflow: { executeUpdateWithStart: answer },
  } as unknown as Client;
  const logger = {
    setContext: () => undefined,
    info: (fields: Record<string, unknown>) => lines.push({ level: 'info', fields }),
    warn: (fields: Record<string, unknown>) => lines.push({ level: 'warn', fields }),
    error: (fields: Record<string, unknown>) => lines.push({ level: 'error', fields }),
  } as unknown as PinoLogger;
  return { starter: new PassbackStarter(client, config, logger), lines };
}
const refusalOf = (work: Promise<unknown>) =>
  work.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error as PassbackWorkflowError,
  );

describe('starting a passback', () => {
  it('answers with the run and its report when the run is this request’s passback', async () => {
    const { starter } = starterAnswering(async () => ({ workflowId: 'w', runId: 'r', joined: true, report: report('T4711') }));
    await expect(starter.start(request)).resolves.toMatchObject({ runId: 'r', joined: true, report: { teacherSisId: 'T4711' } });
  });

  it('refuses, telling nothing of it, a run of this id that is another teacher’s or course’s passback', async () => {
    for (const other of [report('T4711-X'), report('T4711', 'CRS2')]) {
      const { starter } = starterAnswering(async () => ({ workflowId: 'w', runId: 'r', joined: true, report: other }));
      const refusal = await refusalOf(starter.start(request));
      expect(refusal).toBeInstanceOf(PassbackWorkflowError);
      expect(refusal.kind).toBe('conflict');
      expect(refusal.message).not.toMatch(/T4711-X|CRS2|Lab of someone else|\br\b/);
    }
  });

  it('refuses the same way when the run itself refuses the request as another passback', async () => {
    const { starter } = starterAnswering(async () => {
      throw new WorkflowUpdateFailedError(
        'update failed',
        ApplicationFailure.create({ type: PASSBACK_IDENTITY_MISMATCH, message: 'this run is another passback', nonRetryable: true }),
      );
    });
    expect((await refusalOf(starter.start(request))).kind).toBe('conflict');
  });

  it('tells a caller that Temporal did not answer in plain words and a reference, and the log the rest', async () => {
    const { starter, lines } = starterAnswering(async () => {
      throw new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 10.0.0.5:7233');
    });
    const refusal = await refusalOf(starter.start(request));
    expect(refusal.kind).toBe('unavailable');
    expect(refusal.message).toMatch(
      /^sisbridge could not reach its workflow service; try again in a few minutes \(reference [0-9a-f]{12}\)$/,
    );
    expect(refusal.message).not.toMatch(/10\.0\.0\.5|7233|UNAVAILABLE|ECONNREFUSED/);
    const logged = lines.find((line) => line.level === 'error')?.fields;
    expect(logged).toMatchObject({ reference: refusal.reference, error: expect.stringContaining('10.0.0.5:7233') });
  });
});
