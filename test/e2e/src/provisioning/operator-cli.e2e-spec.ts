import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { provisionScheduleId } from '@sisbridge/contracts';
import { REPO_ROOT } from '@sisbridge/local-infra';
import { ProvisioningWorld } from './provisioning-world';

const execute = promisify(execFile);

/** The operator's runbook, as `npx sisbridge` commands against a running system. */
describe('npx sisbridge (provisioning)', () => {
  let world: ProvisioningWorld;

  beforeAll(async () => {
    world = await ProvisioningWorld.start('operator_cli', [
      { id: 'cli-district', size: 'tiny', seed: 501, courseMode: 'course-per-section' },
    ]);
  }, 180_000);

  afterAll(async () => {
    await world?.stop();
  });

  async function sisbridge(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    try {
      const { stdout, stderr } = await execute(process.execPath, [resolve(REPO_ROOT, 'tools/cli/dist/main.js'), ...args], {
        env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...world.cliEnv },
      });
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const failed = error as { stdout: string; stderr: string; code: number };
      return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
    }
  }

  it('provision --dry-run --wait --json builds and stores the files, and uploads nothing', async () => {
    const { canvas } = world.get('cli-district');
    const { stdout, code } = await sisbridge('provision', '--dry-run', '--wait', '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as {
      outcome: string;
      buildId: string;
      rows: number;
      kinds: Record<string, { created: number }>;
      canvasImportIds: number[];
    };
    expect(summary.outcome).toBe('dry-run');
    expect(summary.buildId).toMatch(/^[0-9a-f-]{36}$/);
    expect(summary.kinds['users']?.created).toBeGreaterThan(0);
    expect(summary.canvasImportIds).toEqual([]);
    expect(canvas.state.sisImports.size).toBe(0);
  });

  it('provision --wait --json runs it for real and prints one summary: counts per kind, errors, Canvas import ids', async () => {
    const { stdout, code } = await sisbridge('provision', '--district', 'cli-district', '--wait', '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as {
      workflowId: string;
      outcome: string;
      errors: number;
      canvasImportIds: number[];
      kinds: Record<string, { created: number; updated: number; deleted: number }>;
    };
    expect(summary.workflowId).toMatch(/^provision-cli-district-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
    expect(summary.outcome).toBe('applied');
    expect(summary.errors).toBe(0);
    expect(summary.canvasImportIds).toHaveLength(1);
    expect(Object.keys(summary.kinds)).toEqual(['accounts', 'terms', 'courses', 'sections', 'users', 'enrollments']);
    expect(summary.kinds['enrollments']?.created).toBe(world.expectedView('cli-district').enrollments.length);
  });

  it('runs lists recent runs with their outcome, found by the district search attribute', async () => {
    const { stdout, code } = await sisbridge('runs', '--district', 'cli-district', '--json');
    expect(code).toBe(0);
    const runs = JSON.parse(stdout) as Array<{ outcome: string; status: string }>;
    expect(runs.map((run) => run.outcome).sort()).toEqual(['applied', 'dry-run']);
    expect(runs.every((run) => run.status === 'COMPLETED')).toBe(true);
  });

  it('schedules apply creates the nightly schedule once, then updates it; pause, resume and trigger steer it', async () => {
    expect((await sisbridge('schedules', 'apply')).stdout).toContain(`${provisionScheduleId('cli-district')}: created`);
    expect((await sisbridge('schedules', 'apply')).stdout).toContain(`${provisionScheduleId('cli-district')}: updated`);
    const schedule = world.client?.schedule.getHandle(provisionScheduleId('cli-district'));
    const description = await schedule?.describe();
    expect(description?.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 2, end: 2, step: 1 }],
      minute: [{ start: 0, end: 0, step: 1 }],
    });
    expect(description?.spec.timezone).toBe('America/Chicago');
    expect(description?.policies.overlap).toBe('SKIP');

    expect((await sisbridge('schedule', 'pause', '--note', 'summer rollover')).code).toBe(0);
    expect((await schedule?.describe())?.state).toMatchObject({ paused: true, note: 'summer rollover' });
    expect((await sisbridge('schedule', 'resume')).code).toBe(0);
    expect((await schedule?.describe())?.state.paused).toBe(false);

    expect((await sisbridge('schedule', 'trigger')).stdout).toContain('triggered');
    let triggered = 0;
    // Until the schedule records the action, however long the server takes (Jest's timeout is the limit, not 50 polls).
    while (triggered === 0) {
      triggered = ((await schedule?.describe())?.info.recentActions ?? []).length;
      if (triggered === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(triggered).toBe(1);
  });

  it('refuses an unknown district, naming the configured ones', async () => {
    const { stderr, code } = await sisbridge('provision', '--district', 'springfield');
    expect(code).toBe(1);
    expect(stderr).toContain('no district "springfield" is configured (configured: cli-district)');
  });
});
