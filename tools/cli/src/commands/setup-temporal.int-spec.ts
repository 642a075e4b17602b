import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { ALL_SEARCH_ATTRIBUTES } from '@sisbridge/contracts';
import { createTestNamespace, testClient, testEnv } from '@sisbridge/test-support';

const run = promisify(execFile);
const CLI = resolve(__dirname, '../../dist/main.js');

describe('sisbridge setup-temporal', () => {
  it('registers every search attribute once, and changes nothing on a second run', async () => {
    const namespace = await createTestNamespace('setup-temporal', { searchAttributes: false });
    const env = { ...process.env, TEMPORAL_ADDRESS: testEnv('temporalAddress'), TEMPORAL_NAMESPACE: namespace };

    const first = JSON.parse((await run(process.execPath, [CLI, 'setup-temporal', '--json'], { env })).stdout) as {
      added: string[];
      present: string[];
    };
    expect(first.added.sort()).toEqual(ALL_SEARCH_ATTRIBUTES.map((key) => key.name).sort());
    expect(first.present).toEqual([]);

    const client = await testClient(namespace);
    try {
      const listed = await client.connection.operatorService.listSearchAttributes({ namespace });
      for (const key of ALL_SEARCH_ATTRIBUTES) expect(Object.keys(listed.customAttributes ?? {})).toContain(key.name);
    } finally {
      await client.connection.close();
    }

    const second = JSON.parse((await run(process.execPath, [CLI, 'setup-temporal', '--json'], { env })).stdout) as {
      added: string[];
      present: string[];
    };
    expect(second.added).toEqual([]);
    expect(second.present).toHaveLength(ALL_SEARCH_ATTRIBUTES.length);
  });
});
