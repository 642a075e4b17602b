import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ManagedProcess, REPO_ROOT, type ManagedProcessOptions } from '@sisbridge/local-infra';
import { generateDistrict, writeSifDirectory } from '@sisbridge/sandbox-district';
import { createTestDatabase, type TestDatabase } from '@sisbridge/test-support';

/**
 * The README's first command, as a newcomer runs it (on other ports, so a developer's own stack
 * can keep running): everything starts, the wiring workflow completes, the URLs are printed.
 */
describe('npm start (the local stack)', () => {
  let database: TestDatabase;
  /** What each test started, stopped after it whatever happened: no test meets the last one's stack. */
  let started: ManagedProcess[] = [];
  let dataDirs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('local_stack');
  });

  afterEach(async () => {
    // SIGTERM: the stack stops what it started (a SIGKILL would orphan its Temporal server and services).
    await Promise.all(started.map((process) => process.stop()));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    started = [];
    dataDirs = [];
  });

  afterAll(async () => {
    await database?.drop();
  });

  async function stackEnv(): Promise<Record<string, string>> {
    // Each test's own data directory (its Temporal SQLite file among them): a stack that outlived a
    // failed test can never hold the next test's files.
    const dataDir = mkdtempSync(join(tmpdir(), 'sisbridge-stack-'));
    dataDirs.push(dataDir);
    const env: Record<string, string> = {
      // The same database every time, as on a developer's machine: each start must work after the last.
      DATABASE_URL: database.url,
      SISBRIDGE_DATA_DIR: dataDir,
      CI: 'true',
    };
    for (const name of [
      'TEMPORAL_PORT',
      'TEMPORAL_UI_PORT',
      'SIF_INGEST_PORT',
      'CANVAS_PROVISIONER_PORT',
      'PTP_GRADEBOOK_PORT',
      'WORKFLOW_WORKER_PORT',
      'SIF_SIMULATOR_PORT',
      'CANVAS_SIMULATOR_PORT',
      'PTP_SIMULATOR_PORT',
    ]) {
      env[name] = String(await freePort());
    }
    return env;
  }

  function startStack(env: Record<string, string>, args: string[]): ManagedProcess {
    return track({
      name: 'local stack',
      command: process.execPath,
      args: [join(REPO_ROOT, 'tools/local-stack/dist/main.js'), ...args],
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
    });
  }

  function track(options: ManagedProcessOptions): ManagedProcess {
    const process = new ManagedProcess(options);
    started.push(process);
    return process;
  }

  it('with --once: starts everything, completes the wiring workflow, prints every URL and exits 0', async () => {
    const env = await stackEnv();
    const stack = startStack(env, ['--once']);
    const status = await stack.waitForExit();
    const output = stack.output();
    expect({ status, output }).toMatchObject({ status: { code: 0 } });
    expect(output).toMatch(new RegExp(`Temporal UI +http://127.0.0.1:${env['TEMPORAL_UI_PORT']}`));
    expect(output).toMatch(new RegExp(`sif-ingest +http://127.0.0.1:${env['SIF_INGEST_PORT']}/docs`));
    expect(output).toMatch(new RegExp(`canvas-provisioner +http://127.0.0.1:${env['CANVAS_PROVISIONER_PORT']}/docs`));
    expect(output).toMatch(new RegExp(`ptp-gradebook +http://127.0.0.1:${env['PTP_GRADEBOOK_PORT']}/docs`));
    expect(output).toMatch(new RegExp(`workflow-worker +http://127.0.0.1:${env['WORKFLOW_WORKER_PORT']}/readyz`));
    expect(output).toMatch(
      /wiring check +completed \(sif-ingest → sif_ingest, canvas-provisioner → canvas_provisioner, ptp-gradebook → ptp_gradebook\)/,
    );
    // The simulators, with the credentials a newcomer needs to look around.
    expect(output).toMatch(new RegExp(`SIF zone \\(sim\\) +http://127.0.0.1:${env['SIF_SIMULATOR_PORT']}/zone/SandboxZone`));
    expect(output).toMatch(new RegExp(`Canvas \\(sim\\) +http://127.0.0.1:${env['CANVAS_SIMULATOR_PORT']} +token \\S+`));
    expect(output).toMatch(
      new RegExp(`PowerTeacher Pro \\(sim\\) +http://127.0.0.1:${env['PTP_SIMULATOR_PORT']} +client id \\S+ +secret \\S+`),
    );
    // A real provisioning of the sandbox district, with its summary.
    expect(output).toMatch(/Provisioning sandbox: applied/);
    expect(output).toMatch(/accounts +created 3, updated 0, deleted 0/);
    expect(output).toMatch(/enrollments +created [1-9]\d*, updated 0, deleted 0/);
    expect(output).toMatch(/Canvas SIS import +\d+: 0 errors, 0 warnings/);
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

  it('with --sif-data: serves and provisions a district read from a directory of SIF XML files', async () => {
    const env = await stackEnv();
    const sifData = mkdtempSync(join(tmpdir(), 'sisbridge-sif-data-'));
    try {
      const district = generateDistrict({ size: 'tiny', seed: 7 });
      await writeSifDirectory(district, sifData);
      const stack = startStack(env, ['--once', '--sif-data', sifData]);
      const status = await stack.waitForExit();
      const output = stack.output();
      if (status.code !== 0) console.log(output);
      expect({ status, output }).toMatchObject({ status: { code: 0 } });
      expect(output).toContain(`${district.lea.leaName}, SchoolYear ${district.schoolYear}, from ${sifData}`);
      expect(output).toMatch(/Provisioning sandbox: applied/);
      expect(output).toMatch(new RegExp(`accounts +created ${district.schools.length}, updated 0, deleted 0`));
    } finally {
      rmSync(sifData, { recursive: true, force: true });
    }
  });

  it('npm run sandbox: the three simulators on one district, with their URLs and credentials', async () => {
    const env = await stackEnv();
    const sandbox = track({
      name: 'sandbox',
      command: process.execPath,
      args: [join(REPO_ROOT, 'tools/local-stack/dist/sandbox-main.js')],
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
    });
    try {
      const deadline = Date.now() + 60_000;
      while (!sandbox.output().includes('Ctrl-C stops the simulators.')) {
        if (sandbox.hasExited || Date.now() > deadline) throw new Error(`the sandbox did not come up:\n${sandbox.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const output = sandbox.output();
      const canvasToken = /Canvas +\S+ +token (\S+),/.exec(output)?.[1];
      const [, clientId, secret] = /client id (\S+), secret (\S+)/.exec(output) ?? [];
      expect(output).toContain(`http://127.0.0.1:${env['SIF_SIMULATOR_PORT']}/zone/SandboxZone`);
      // Each simulator answers with the credentials printed.
      expect((await fetch(`http://127.0.0.1:${env['SIF_SIMULATOR_PORT']}/__admin/state`)).status).toBe(200);
      expect(
        (
          await fetch(`http://127.0.0.1:${env['CANVAS_SIMULATOR_PORT']}/api/v1/accounts/1`, {
            headers: { Authorization: `Bearer ${canvasToken}` },
          })
        ).status,
      ).toBe(200);
      const token = await fetch(`http://127.0.0.1:${env['PTP_SIMULATOR_PORT']}/oauth/access_token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
        },
        body: 'grant_type=client_credentials',
      });
      expect(token.status).toBe(200);
      sandbox.child.kill('SIGINT');
      expect(await sandbox.waitForExit()).toEqual({ code: 0, signal: null });
    } finally {
      await sandbox.kill();
    }
  });

  it('refuses to start over a busy port, naming it', async () => {
    const env = await stackEnv();
    const blocker = createServer().listen(Number(env['PTP_GRADEBOOK_PORT']), '127.0.0.1');
    try {
      const stack = startStack(env, ['--once']);
      const status = await stack.waitForExit();
      expect(status.code).toBe(1);
      expect(stack.output()).toContain(
        `sisbridge local stack failed to start: ptp-gradebook: port ${env['PTP_GRADEBOOK_PORT']} is already in use`,
      );
    } finally {
      blocker.close();
    }
  });
});
