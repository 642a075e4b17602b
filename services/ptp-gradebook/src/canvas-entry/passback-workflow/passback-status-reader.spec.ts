import type { Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { PinoLogger } from 'nestjs-pino';
import { PASSBACK_WORKFLOW, SearchAttributes } from '@sisbridge/contracts';
import { PassbackStatusReader } from './passback-status-reader';
import { PassbackWorkflowError } from './passback-workflow-error';

/** A Temporal client that describes one ended run as a test says (no queries are asked of an ended run here). */
function readerOf(run: { workflowId: string; district?: string; memo?: Record<string, unknown> }) {
  const description = {
    type: PASSBACK_WORKFLOW,
    runId: 'r1',
    status: { name: 'COMPLETED' },
    historyLength: 20,
    startTime: new Date('2026-11-29T12:00:00Z'),
    closeTime: new Date('2026-11-29T12:01:00Z'),
    memo: run.memo,
    typedSearchAttributes: new TypedSearchAttributes(run.district ? [{ key: SearchAttributes.district, value: run.district }] : []),
  };
  const handle = { describe: async () => description, query: async () => null, result: async () => null };
  const client = {
    workflow: { getHandle: () => handle },
    withDeadline: <T>(_: number, work: () => Promise<T>) => work(),
  } as unknown as Client;
  const logger = { setContext: () => undefined, error: () => undefined } as unknown as PinoLogger;
  return new PassbackStatusReader(client, logger);
}
const notFound = (work: Promise<unknown>) =>
  expect(work).rejects.toEqual(expect.objectContaining({ kind: 'not-found' }) as unknown as PassbackWorkflowError);

describe('reading a run for a district’s caller', () => {
  it('shows a run only to its own district, exactly: springfield does not read springfield-east’s runs', async () => {
    await notFound(
      readerOf({ workflowId: 'passback-springfield-east-T1', district: 'springfield-east' }).read(
        'passback-springfield-east-T1',
        'r1',
        'springfield',
      ),
    );
    await expect(
      readerOf({ workflowId: 'passback-springfield-east-T1', district: 'springfield-east' }).read(
        'passback-springfield-east-T1',
        'r1',
        'springfield-east',
      ),
    ).resolves.toMatchObject({ state: 'completed' });
  });

  it('reads the district of a run without the search attribute from its memo, and shows a run that records neither to nobody', async () => {
    await notFound(readerOf({ workflowId: 'passback-springfield-east-T1' }).read('passback-springfield-east-T1', 'r1', 'springfield'));
    const withMemo = readerOf({
      workflowId: 'passback-springfield-T1',
      memo: { passback: { districtId: 'springfield', teacherSisId: 'T1' } },
    });
    await expect(withMemo.read('passback-springfield-T1', 'r1', 'springfield')).resolves.toMatchObject({ state: 'completed' });
  });
});
