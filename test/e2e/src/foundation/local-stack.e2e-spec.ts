import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ManagedProcess, REPO_ROOT } from '@sisbridge/local-stack';
import { createTestDatabase, type TestDatabase } from '@sisbridge/test-support';

/**
 * The README's first command, as a newcomer runs it (on other ports, so a developer's own stack
 * can keep running): everything starts, the wiring workflow completes, the URLs are printed.
 */
describe('npm start (the local stack)', () => {
  let database: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    database = await createTestDatabase('local_stack');
    dataDir = mkdtempSync(join(tmpdir(), 'sisbridge-stack-'));
  });

  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function stackEnv(): Promise<Record<string, string>> {
    const env: Record<string, string> = {
      DATABASE_URL: database.url,
      SISBRIDGE_DATA_DIR: dataDir,
      CI: 'true',
    };
    for (const name of ['TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'SIF_INGEST_PORT', 'CANVAS_PROVISIONER_PORT', 'PTP_GRADEBOOK_PORT', 'WORKFLOW_WORKER_PORT']) {
      env[name] = String(await freePort());
    }
    return env;
  }

  function startStack(env: Record<string, string>, args: string[]): ManagedProcess {
    return new ManagedProcess({
      name: 'local stack',
      command: process.execPath,
      args: [join(REPO_ROOT, 'tools/stack/dist/main.js'), ...args],
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
    });
  }

  it('with --once: starts everything, completes the wiring workflow, prints every URL and exits 0', async () => {
    const env = await stackEnv();
    const stack = startStack(env, ['--once']);
    const status = await stack.waitForExit();
    const output = stack.output();
    expect({ status, output }).toMatchObject({ status: { code: 0 } });
    expect(output).toContain(`Temporal UI          http://127.0.0.1:${env['TEMPORAL_UI_PORT']}`);
    expect(output).toContain(`sif-ingest           http://127.0.0.1:${env['SIF_INGEST_PORT']}/docs`);
    expect(output).toContain(`canvas-provisioner   http://127.0.0.1:${env['CANVAS_PROVISIONER_PORT']}/docs`);
    expect(output).toContain(`ptp-gradebook        http://127.0.0.1:${env['PTP_GRADEBOOK_PORT']}/docs`);
    expect(output).toContain(`workflow-worker      http://127.0.0.1:${env['WORKFLOW_WORKER_PORT']}/readyz`);
    expect(output).toMatch(/wiring check {9}completed \(sif-ingest → sif_ingest, canvas-provisioner → canvas_provisioner, ptp-gradebook → ptp_gradebook\)/);
    expect(output).toContain('Stopped (--once).');
  });

  it('stays up with the Temporal UI answering until interrupted, then stops cleanly', async () => {
    const env = await stackEnv();
    const stack = startStack(env, []);
    try {
      const deadline = Date.now() + 90_000;
      while (!stack.output().includes('sisbridge local stack is up:')) {
        if (stack.hasExited) throw new Error(`the stack exited early:\n${stack.output()}`);
        if (Date.now() > deadline) throw new Error(`the stack did not come up:\n${stack.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const ui = await fetch(`http://127.0.0.1:${env['TEMPORAL_UI_PORT']}/`);
      expect(ui.status).toBe(200);
      const docs = await fetch(`http://127.0.0.1:${env['PTP_GRADEBOOK_PORT']}/docs`);
      expect(docs.status).toBe(200);
      stack.child.kill('SIGINT');
      expect(await stack.waitForExit()).toEqual({ code: 0, signal: null });
      // Everything it started is gone.
      await expect(fetch(`http://127.0.0.1:${env['SIF_INGEST_PORT']}/healthz`)).rejects.toThrow();
      await expect(fetch(`http://127.0.0.1:${env['TEMPORAL_UI_PORT']}/`)).rejects.toThrow();
    } finally {
      await stack.kill();
    }
  });

  it('refuses to start over a busy port, naming it', async () => {
    const env = await stackEnv();
    const blocker = createServer().listen(Number(env['PTP_GRADEBOOK_PORT']), '127.0.0.1');
    try {
      const stack = startStack(env, ['--once']);
      const status = await stack.waitForExit();
      expect(status.code).toBe(1);
      expect(stack.output()).toContain(`sisbridge local stack failed to start: ptp-gradebook: port ${env['PTP_GRADEBOOK_PORT']} is already in use`);
    } finally {
      blocker.close();
    }
  });
});
