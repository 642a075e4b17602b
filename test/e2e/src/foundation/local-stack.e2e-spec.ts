import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess, portInUse, REPO_ROOT, type ManagedProcessOptions } from '@sisbridge/local-infra';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import type { BrowserContext } from 'playwright-core';
import { temporal } from '@temporalio/proto';
import { provisionScheduleId, TaskQueues } from '@sisbridge/contracts';
import { generateDistrict, writeSifDirectory, type SandboxDistrict } from '@sisbridge/sandbox-district';
import { createTestDatabase, type TestDatabase } from '@sisbridge/test-support';
import { startChromium } from '../lti/support/headless-chromium';

/**
 * The README's first command, as a newcomer runs it (on other ports, so a developer's own stack
 * can keep running): everything starts, the wiring workflow completes, the URLs are printed.
 */
describe('npm start (the local stack)', () => {
  // Each test starts the whole system once or twice, as processes; on a busy two-core machine a start can take minutes.
  jest.setTimeout(600_000);
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

  /**
   * The stack's ports laid out as its defaults are (services at +1…+4, their replicas +10 apart and
   * metrics +100), in a block of 300 free ports below the ephemeral range, so that no two of them meet.
   */
  async function stackEnv(): Promise<Record<string, string>> {
    // Each test's own data directory (its Temporal SQLite file among them): a stack that outlived a
    // failed test can never hold the next test's files.
    const dataDir = mkdtempSync(join(tmpdir(), 'sisbridge-stack-'));
    dataDirs.push(dataDir);
    const layout: Record<string, number> = {
      SIF_INGEST_PORT: 1,
      CANVAS_PROVISIONER_PORT: 2,
      PTP_GRADEBOOK_PORT: 3,
      WORKFLOW_WORKER_PORT: 4,
      TEMPORAL_PORT: 233,
      TEMPORAL_UI_PORT: 234,
      SIF_SIMULATOR_PORT: 270,
      CANVAS_SIMULATOR_PORT: 280,
      PTP_SIMULATOR_PORT: 290,
      LTI_PLATFORM_PORT: 299,
    };
    for (;;) {
      const base = 20_000 + 300 * Math.floor(Math.random() * 40);
      const ports = Array.from({ length: 300 }, (_, offset) => base + offset);
      if ((await Promise.all(ports.map((port) => portInUse(port)))).some(Boolean)) continue;
      return {
        // The same database every time, as on a developer's machine: each start must work after the last.
        DATABASE_URL: database.url,
        SISBRIDGE_DATA_DIR: dataDir,
        CI: 'true',
        ...Object.fromEntries(Object.entries(layout).map(([name, offset]) => [name, String(base + offset)])),
      };
    }
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
    expect(output).toMatch(
      new RegExp(
        `Canvas \\(sim\\) +http://127.0.0.1:${env['CANVAS_SIMULATOR_PORT']} +token \\S+ +\\(state: http://127.0.0.1:${env['CANVAS_SIMULATOR_PORT']}/__admin/state\\)`,
      ),
    );
    // Where a person starts: the teacher's page through the test platform, Canvas's state, the district's runs in Temporal UI.
    expect(output).toMatch(new RegExp(`a teacher's page +http://127.0.0.1:${env['LTI_PLATFORM_PORT']}: "Sync Grades"`));
    expect(output).toMatch(new RegExp(`what Canvas holds +http://127.0.0.1:${env['CANVAS_SIMULATOR_PORT']}/__admin/state`));
    expect(output).toMatch(
      new RegExp(
        `sandbox's runs +http://127.0.0.1:${env['TEMPORAL_UI_PORT']}/namespaces/default/workflows\\?query=SisbridgeDistrict%3D%22sandbox%22`,
      ),
    );
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

  it("starts sisbridge's state as clean as its simulators', unless --keep-state keeps it", async () => {
    const env = await stackEnv();
    const pg = new PgClient({ connectionString: database.url });
    await pg.connect();
    const ingestRuns = async () => {
      const exists = await pg.query(`SELECT to_regclass('sif_ingest.ingest_run') AS t`);
      if (!exists.rows[0]?.t) return 0;
      return Number((await pg.query<{ n: string }>('SELECT count(*) AS n FROM sif_ingest.ingest_run')).rows[0]?.n);
    };
    try {
      const before = await ingestRuns();
      const kept = startStack(env, ['--once', '--keep-state']);
      expect((await kept.waitForExit()).code).toBe(0);
      expect(kept.output()).toContain("Keeping sisbridge's state from the last start (--keep-state).");
      expect(await ingestRuns()).toBe(before + 1);

      const clean = startStack(env, ['--once']);
      expect((await clean.waitForExit()).code).toBe(0);
      expect(clean.output()).toMatch(
        /Starting clean, as the simulators do: sisbridge's schemas \(sif_ingest, canvas_provisioner, ptp_gradebook, roster\)/,
      );
      // Only this start's run: what earlier starts left (the passback ledger, assignment links, snapshots) is gone.
      expect(await ingestRuns()).toBe(1);
      expect(clean.output()).toMatch(/Provisioning sandbox: applied/);
    } finally {
      await pg.end();
    }
  });

  /** Waits for the last line `npm start` prints once everything is up (and the first provisioning is done). */
  async function upAndRunning(stack: ManagedProcess): Promise<string> {
    const deadline = Date.now() + 360_000;
    while (!/^Logs: .*Ctrl-C stops everything\.$/m.test(stack.output())) {
      if (stack.hasExited) throw new Error(`the stack exited early:\n${stack.output()}`);
      if (Date.now() > deadline) throw new Error(`the stack did not come up:\n${stack.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return stack.output();
  }

  it('stays up until interrupted: a teacher clicks Sync Grades on the test LTI platform page and sees their page; then it stops cleanly', async () => {
    const env = await stackEnv();
    const stack = startStack(env, []);
    let browser: { context: BrowserContext; close: () => Promise<void> } | undefined;
    try {
      const output = await upAndRunning(stack);
      const ui = await fetch(`http://127.0.0.1:${env['TEMPORAL_UI_PORT']}/`);
      expect(ui.status).toBe(200);
      const docs = await fetch(`http://127.0.0.1:${env['PTP_GRADEBOOK_PORT']}/docs`);
      expect(docs.status).toBe(200);

      // The sandbox district has the LTI tool, on the test platform whose page npm start prints.
      const pageUrl = new RegExp(`Sync Grades \\(test LTI\\) +(http://127\\.0\\.0\\.1:${env['LTI_PLATFORM_PORT']})`).exec(output)?.[1];
      expect(pageUrl).toBeDefined();
      browser = await startChromium();
      const page = await browser.context.newPage();
      await page.goto(pageUrl ?? '');
      const firstCourse = page.locator('li.course').first();
      const courseTitle = await firstCourse.locator('.title').innerText();
      expect(courseTitle).not.toBe('');
      await firstCourse.locator('a.sync-grades').click();
      // Login initiation, Canvas's signed id token, the launch: the browser ends on the teacher's page, served by ptp-gradebook.
      await page.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${env['PTP_GRADEBOOK_PORT']}/lti/passback#session=`), { timeout: 90_000 });
      await page.locator('.status').waitFor({ timeout: 60_000 });
      expect(await page.locator('h1').first().innerText()).toMatch(/Sync Grades/);
      await page.close();

      // The URLs printed answer: the Canvas simulator's state, the district's runs in Temporal UI.
      expect((await fetch(`http://127.0.0.1:${env['CANVAS_SIMULATOR_PORT']}/__admin/state`)).status).toBe(200);
      const runsUrl = new RegExp(`sandbox's runs +(\\S+)`).exec(output)?.[1] ?? '';
      expect((await fetch(runsUrl)).status).toBe(200);

      // `npx sisbridge …` in the checkout finds this stack by itself: no TEMPORAL_ADDRESS, no DISTRICTS_FILE, no --district.
      const cli = async (...args: string[]) => {
        const command = new ManagedProcess({
          name: 'sisbridge',
          command: process.execPath,
          args: [join(REPO_ROOT, 'tools/cli/dist/main.js'), ...args],
          cwd: REPO_ROOT,
          env: { PATH: process.env['PATH'], HOME: process.env['HOME'], SISBRIDGE_DATA_DIR: env['SISBRIDGE_DATA_DIR'] },
        });
        const status = await command.waitForExit();
        return { code: status.code, output: command.output() };
      };
      expect(await cli('schedule', 'pause', '--note', 'tried beside npm start')).toEqual({ code: 0, output: 'provision-sandbox: paused' });
      const runs = await cli('runs', '--json');
      expect(runs.code).toBe(0);
      expect(JSON.parse(runs.output)).toEqual([expect.objectContaining({ district: 'sandbox', outcome: 'applied' })]);
      expect(existsSync(join(env['SISBRIDGE_DATA_DIR'] ?? '', 'local-stack.json'))).toBe(true);

      // The passback API is on for the sandbox district, with the credentials printed.
      const token = /passback API: POST \S+ with Authorization: Bearer (\S+)/.exec(output)?.[1] ?? '';
      const call = (authorization: string) =>
        fetch(`http://127.0.0.1:${env['PTP_GRADEBOOK_PORT']}/passback`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: authorization },
          body: JSON.stringify({ districtId: 'sandbox', teacherSisId: 'T-nobody' }),
        });
      expect((await call('Bearer wrong')).status).toBe(401);
      expect((await call(`Bearer ${token}`)).status).not.toBe(401);

      stack.child.kill('SIGINT');
      expect(await stack.waitForExit()).toEqual({ code: 0, signal: null });
      // Everything it started is gone.
      await expect(fetch(`http://127.0.0.1:${env['SIF_INGEST_PORT']}/healthz`)).rejects.toThrow();
      await expect(fetch(`http://127.0.0.1:${env['TEMPORAL_UI_PORT']}/`)).rejects.toThrow();
      await expect(fetch(pageUrl ?? '')).rejects.toThrow();
      expect(existsSync(join(env['SISBRIDGE_DATA_DIR'] ?? '', 'local-stack.json'))).toBe(false);
    } finally {
      await browser?.close();
      await stack.kill();
    }
  });

  it("with --districts FILE: the district's own settings and secrets reach the services, the simulators stand in where it names no system", async () => {
    const env = await stackEnv();
    const dir = mkdtempSync(join(tmpdir(), 'sisbridge-districts-'));
    try {
      const file = join(dir, 'districts.yaml');
      writeFileSync(
        file,
        [
          'districts:',
          '  - id: springfield',
          '    name: Springfield Public Schools',
          '    timeZone: America/Denver',
          '    canvas: { courseMode: course-per-offering }',
          '    api: { bearerTokenEnv: SPRINGFIELD_API_TOKEN }',
          '  - id: shelbyville',
          '    name: Shelbyville Unified',
          '    timeZone: America/Chicago',
          '    sif: { zoneUrl: "https://zis.shelbyville.example/zone/SHELBY" }',
          '    canvas: { baseUrl: "https://shelbyville.instructure.example", rootAccountId: 1, tokenEnv: SHELBYVILLE_CANVAS_TOKEN }',
          '',
        ].join('\n'),
      );
      const secrets = { SPRINGFIELD_API_TOKEN: 'springfield-own-token', SHELBYVILLE_CANVAS_TOKEN: 'not-used-here' };
      const stack = startStack({ ...env, ...secrets }, ['--districts', file]);
      try {
        const output = await upAndRunning(stack);
        // Its own setting (one course per offering) with the simulated systems: fewer courses than sections.
        expect(output).toMatch(/Provisioning springfield: applied/);
        const courses = Number(/courses +created (\d+)/.exec(output)?.[1]);
        const sections = Number(/sections +created (\d+)/.exec(output)?.[1]);
        expect(courses).toBeGreaterThan(0);
        expect(courses).toBeLessThan(sections);
        expect(output).toMatch(/district springfield +sif simulated, canvas simulated, ptp simulated, LTI on the test platform/);
        // A district naming its own systems is neither provisioned nor scheduled from a laptop.
        expect(output).toMatch(/district shelbyville +sif its own, canvas its own, ptp simulated/);
        expect(output).toContain('Not provisioned at start-up, and its schedules paused: shelbyville');
        const connection = await Connection.connect({ address: `127.0.0.1:${env['TEMPORAL_PORT']}` });
        try {
          const schedules = new Client({ connection }).schedule;
          expect((await schedules.getHandle(provisionScheduleId('shelbyville')).describe()).state.paused).toBe(true);
          expect((await schedules.getHandle(provisionScheduleId('springfield')).describe()).state.paused).toBe(false);
        } finally {
          await connection.close();
        }
        // The secret the file names, set by the caller, reached ptp-gradebook: its own token is accepted.
        const call = (token: string) =>
          fetch(`http://127.0.0.1:${env['PTP_GRADEBOOK_PORT']}/passback`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
            body: JSON.stringify({ districtId: 'springfield', teacherSisId: 'T-nobody' }),
          });
        expect((await call('springfield-wrong-token')).status).toBe(401);
        expect((await call(secrets.SPRINGFIELD_API_TOKEN)).status).not.toBe(401);
        stack.child.kill('SIGINT');
        expect(await stack.waitForExit()).toEqual({ code: 0, signal: null });
      } finally {
        await stack.kill();
      }

      // A secret the file names that nobody set stops npm start, naming it.
      const missing = startStack(env, ['--districts', file, '--once']);
      expect((await missing.waitForExit()).code).toBe(1);
      expect(missing.output()).toMatch(
        /sisbridge local stack failed to start: districts file: npm start: invalid configuration: SPRINGFIELD_API_TOKEN must be set in the environment of npm start \(.*districts\.yaml: districts\[0\]\.api\.bearerTokenEnv names it\)/,
      );
      expect(missing.output()).toMatch(/SHELBYVILLE_CANVAS_TOKEN must be set/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with --replicas 2: two processes of each service and of the workflow worker, each on its own port, polling the same task queues', async () => {
    const env = await stackEnv();
    const stack = startStack(env, ['--replicas', '2']);
    try {
      const output = await upAndRunning(stack);
      for (const name of ['SIF_INGEST_PORT', 'CANVAS_PROVISIONER_PORT', 'PTP_GRADEBOOK_PORT', 'WORKFLOW_WORKER_PORT']) {
        const second = Number(env[name]) + 10;
        expect(output).toContain(`(2 replicas: also :${second})`);
        expect((await fetch(`http://127.0.0.1:${second}/readyz`)).status).toBe(200);
      }
      expect(output).toMatch(/Provisioning sandbox: applied/);
      const connection = await Connection.connect({ address: `127.0.0.1:${env['TEMPORAL_PORT']}` });
      try {
        /** The distinct identities (`pid@host`) Temporal has seen polling a queue; waits for two, for a minute at most. */
        const pollers = async (taskQueue: string, taskQueueType: temporal.api.enums.v1.TaskQueueType) => {
          const deadline = Date.now() + 60_000;
          for (;;) {
            const described = await connection.workflowService.describeTaskQueue({
              namespace: 'default',
              taskQueue: { name: taskQueue },
              taskQueueType,
            });
            const identities = new Set((described.pollers ?? []).map((poller) => poller.identity)).size;
            if (identities >= 2 || Date.now() > deadline) return identities;
            await new Promise((resolve) => setTimeout(resolve, 250));
          }
        };
        const { TASK_QUEUE_TYPE_ACTIVITY: activity, TASK_QUEUE_TYPE_WORKFLOW: workflow } = temporal.api.enums.v1.TaskQueueType;
        expect(await pollers(TaskQueues.sifIngest, activity)).toBe(2);
        expect(await pollers(TaskQueues.canvasProvisioner, activity)).toBe(2);
        expect(await pollers(TaskQueues.ptpGradebook, activity)).toBe(2);
        expect(await pollers(TaskQueues.orchestration, workflow)).toBe(2);
      } finally {
        await connection.close();
      }
      stack.child.kill('SIGINT');
      expect(await stack.waitForExit()).toEqual({ code: 0, signal: null });
    } finally {
      await stack.kill();
    }
  });

  it('with --sif-data: serves a real export as it is, and sif-ingest rejects and reports what breaks the schema or comes twice', async () => {
    const env = await stackEnv();
    const sifData = mkdtempSync(join(tmpdir(), 'sisbridge-sif-data-'));
    try {
      const district = generateDistrict({ size: 'tiny', seed: 7 });
      await writeSifDirectory(district, sifData);
      const mess = await messUp(district, sifData);
      const stack = startStack(env, ['--once', '--sif-data', sifData]);
      const status = await stack.waitForExit();
      const output = stack.output();
      if (status.code !== 0) console.log(output);
      expect({ status, output }).toMatchObject({ status: { code: 0 } });
      expect(output).toContain(`${district.lea.leaName}, SchoolYear ${district.schoolYear}, from ${sifData}`);
      // The zone refuses only the files that are not SIF XML, by name and with the reason, and serves the rest.
      expect(output).toMatch(/file refused: notes\.xml: not well-formed XML/);
      expect(output).toMatch(/file refused: report\.xml: holds no SIF object \(its root is <Report>/);
      expect(output).toContain(
        `served as written: StudentPersonal.xml: StudentPersonal ${mess.withoutName}: missing mandatory element Name`,
      );
      // The rest of the district is provisioned …
      expect(output).toMatch(/Provisioning sandbox: applied/);
      expect(output).toMatch(new RegExp(`accounts +created ${district.schools.length}, updated 0, deleted 0`));
      // … and the agent's report names each bad object: printed at start-up, and kept in sif_ingest.rejected_object.
      expect(output).toMatch(/rejected by sif-ingest +[1-9]\d* objects \(all in sif_ingest\.rejected_object, run_id [0-9a-f-]{36}\):/);
      const pg = new PgClient({ connectionString: database.url });
      await pg.connect();
      try {
        const runId = /run_id ([0-9a-f-]{36})/.exec(output)?.[1];
        const rows = await pg.query<{ object_name: string; ref_id: string | null; problem: string }>(
          'SELECT object_name, ref_id, problem FROM sif_ingest.rejected_object WHERE run_id = $1',
          [runId],
        );
        const rejected = rows.rows.map((row) => `${row.object_name} ${row.ref_id ?? '-'}: ${row.problem}`);
        expect(rejected).toEqual(
          expect.arrayContaining([
            expect.stringMatching(new RegExp(`^StudentPersonal ${mess.withoutName}: .*Name`)),
            expect.stringMatching(new RegExp(`^StudentPersonal ${mess.repeatedChanged}: .*came twice with different content`)),
            expect.stringMatching(new RegExp(`^StaffPersonal ${mess.badDcid}: .*must be a whole number`)),
            expect.stringMatching(/^StudentPersonal -: StudentPersonal has no RefId attribute/),
          ]),
        );
        // A copy delivered twice with the same content is one object: nothing to reject.
        expect(rejected.filter((line) => line.includes(mess.repeatedSame))).toEqual([]);
      } finally {
        await pg.end();
      }
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

  it("refuses to start over a busy port, naming it, and leaves the running stack's file alone", async () => {
    const env = await stackEnv();
    const blocker = createServer().listen(Number(env['PTP_GRADEBOOK_PORT']), '127.0.0.1');
    // The file a stack already running beside this one keeps (this process stands in for it).
    const running = JSON.stringify({ pid: process.pid, env: { TEMPORAL_ADDRESS: '127.0.0.1:7233' } });
    writeFileSync(join(env['SISBRIDGE_DATA_DIR'] ?? '', 'local-stack.json'), running);
    try {
      const stack = startStack(env, ['--once']);
      const status = await stack.waitForExit();
      expect(status.code).toBe(1);
      expect(stack.output()).toContain(
        `sisbridge local stack failed to start: ptp-gradebook: port ${env['PTP_GRADEBOOK_PORT']} is already in use`,
      );
      expect(readFileSync(join(env['SISBRIDGE_DATA_DIR'] ?? '', 'local-stack.json'), 'utf8')).toBe(running);
    } finally {
      blocker.close();
      rmSync(join(env['SISBRIDGE_DATA_DIR'] ?? '', 'local-stack.json'), { force: true });
    }
  });
});

/**
 * A district's export as it comes from a real PowerSchool: one student without a Name, a
 * student twice (the same), another twice (different), a staff member whose DCID is not a
 * number, an object without a RefId, and two files that are not SIF XML.
 */
async function messUp(
  district: SandboxDistrict,
  dir: string,
): Promise<{ withoutName: string; repeatedSame: string; repeatedChanged: string; badDcid: string }> {
  const [withoutName, repeatedSame, repeatedChanged] = district.students;
  const badDcid = district.staff.find((person) => person.dcid > 0);
  if (!withoutName || !repeatedSame || !repeatedChanged || !badDcid) throw new Error('the tiny district has students and staff');
  const objectXml = (xml: string, name: string, refId: string) =>
    new RegExp(`<${name} RefId="${refId}">[^]*?</${name}>`).exec(xml)?.[0] ?? '';

  const students = readFileSync(join(dir, 'StudentPersonal.xml'), 'utf8');
  const nameless = objectXml(students, 'StudentPersonal', withoutName.refId);
  writeFileSync(join(dir, 'StudentPersonal.xml'), students.replace(nameless, nameless.replace(/<Name [^]*?<\/Name>/, '')));
  const same = objectXml(students, 'StudentPersonal', repeatedSame.refId);
  const changed = objectXml(students, 'StudentPersonal', repeatedChanged.refId).replace(/<LocalId>[^<]*</, '<LocalId>999999<');
  const noRefId = same.replace(` RefId="${repeatedSame.refId}"`, '');
  writeFileSync(
    join(dir, 'later-export.xml'),
    `<SIF_ObjectData xmlns="http://www.sifinfo.org/infrastructure/2.x">${same}${changed}${noRefId}</SIF_ObjectData>`,
  );

  const staff = readFileSync(join(dir, 'StaffPersonal.xml'), 'utf8');
  const person = objectXml(staff, 'StaffPersonal', badDcid.refId);
  writeFileSync(join(dir, 'StaffPersonal.xml'), staff.replace(person, person.replace(/(Name="DCID">)\d+</, '$1T-17<')));

  writeFileSync(join(dir, 'notes.xml'), 'Exported by PowerSchool at 02:00');
  writeFileSync(join(dir, 'report.xml'), '<Report><Row>done</Row></Report>');
  return {
    withoutName: withoutName.refId,
    repeatedSame: repeatedSame.refId,
    repeatedChanged: repeatedChanged.refId,
    badDcid: badDcid.refId,
  };
}
