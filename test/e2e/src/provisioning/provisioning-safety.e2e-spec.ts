import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { WorkflowFailedError } from '@temporalio/client';
import { provisionProgressQuery, rejectGuardSignal, type ProvisionProgress } from '@sisbridge/contracts';
import { REPO_ROOT } from '@sisbridge/local-infra';
import { testEnv } from '@sisbridge/test-support';
import { ProvisioningWorld } from './provisioning-world';

const run = promisify(execFile);

/**
 * What keeps a district safe: the delete guard, compensation with Canvas's restore, recovery
 * from a killed worker without a second import, and the same result under faults.
 */
describe('provisioning safety', () => {
  let world: ProvisioningWorld;

  beforeAll(async () => {
    world = await ProvisioningWorld.start('provision_safety', [
      { id: 'guarded', size: 'tiny', seed: 401, courseMode: 'course-per-section' },
      { id: 'crashing', size: 'tiny', seed: 402, courseMode: 'course-per-section' },
      { id: 'killed', size: 'small', seed: 403, courseMode: 'course-per-section' },
      // Canvas takes its time importing, so the provisioner polls (and meets faults and throttling) many times.
      {
        id: 'faulty',
        size: 'small',
        seed: 404,
        courseMode: 'course-per-offering',
        faults: '5xx=0.1,seed=11',
        throttle: true,
        processingTimeMs: 8_000,
      },
    ]);
  }, 240_000);

  afterAll(async () => {
    await world?.stop();
  });

  async function waitForGuard(handle: Awaited<ReturnType<ProvisioningWorld['startProvisioning']>>): Promise<ProvisionProgress> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const progress = await handle.query(provisionProgressQuery).catch(() => undefined);
      if (progress?.step === 'guard' && progress.status.includes('Waiting for an operator')) return progress;
      if (Date.now() > deadline) throw new Error(`the run never stopped at the guard:\n${await world.diagnose(handle)}`);
      await sleep(200);
    }
  }

  it('a feed missing one school trips the guard: nothing is deleted until approval, and rejection leaves Canvas as it was', async () => {
    expect((await world.provision('guarded')).outcome).toBe('applied');
    const { district, sif, canvas } = world.get('guarded');
    const applied = world.canvasView('guarded');
    const importsBefore = canvas.state.sisImports.size;
    const school = district.schools[0];
    if (!school) throw new Error('no school');
    sif.changes.delete('SchoolInfo', school.refId);

    const rejected = await world.startProvisioning('guarded');
    const progress = await waitForGuard(rejected);
    expect(progress.guard?.tripped).toBe(true);
    expect(progress.guard?.kinds.filter((k) => k.over).map((k) => k.kind)).toEqual(
      expect.arrayContaining(['school', 'section', 'enrollment']),
    );
    // Stopped at the guard, the run waits for a signal: nothing can reach Canvas until one comes.
    expect(canvas.state.sisImports.size).toBe(importsBefore);
    expect(world.canvasView('guarded')).toEqual(applied);
    await rejected.signal(rejectGuardSignal, { by: 'test operator', reason: 'the feed is truncated' });
    const outcome = await rejected.result();
    expect(outcome).toMatchObject({ outcome: 'rejected', decision: { decision: 'rejected', by: 'test operator' } });
    expect(outcome.reason).toContain('Canvas was not changed');
    expect(canvas.state.sisImports.size).toBe(importsBefore);
    expect(world.canvasView('guarded')).toEqual(applied);

    // The operator approves the next one with the CLI: the school's courses, sections and enrollments go.
    const approved = await world.startProvisioning('guarded');
    await waitForGuard(approved);
    const cli = await run(
      process.execPath,
      [resolve(REPO_ROOT, 'tools/cli/dist/main.js'), 'approve', approved.workflowId, '--by', 'ops', '--reason', 'school closed'],
      {
        env: { ...process.env, TEMPORAL_ADDRESS: testEnv('temporalAddress'), TEMPORAL_NAMESPACE: world.client?.options.namespace ?? '' },
      },
    );
    expect(cli.stdout).toContain(`${approved.workflowId}: approved by ops`);
    expect(await approved.result()).toMatchObject({ outcome: 'applied', decision: { decision: 'approved', by: 'ops' } });
    const after = world.canvasView('guarded');
    const schoolSis = `SCH${school.dcid}`;
    expect(after.courses.some((course) => course.includes(`:${schoolSis}:`))).toBe(false);
    expect(after.enrollments.length).toBeLessThan(applied.enrollments.length);
    // The sub-account is kept (Canvas would refuse to delete one with courses); the run reports it.
    expect(after.accounts).toEqual(applied.accounts);
  });

  it('a failed import is restored with restore_states and the run fails with the reason', async () => {
    expect((await world.provision('crashing')).outcome).toBe('applied');
    const { district, sif, canvas } = world.get('crashing');
    const applied = world.canvasView('crashing');
    // A new section: its Canvas course is created before the import dies, its section after.
    const template = district.sections.find((s) => s.schoolYear === district.schoolYear);
    if (!template) throw new Error('no section');
    const { refId: _refId, dcid: _dcid, ...fields } = template;
    const newSection = sif.changes.add('SectionInfo', { json: { ...fields, localId: 'NEW-SECTION-1' } });
    const response = await fetch(`${canvas.url}/__admin/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ crashImports: { count: 1, afterKind: 'course' } }),
    });
    expect(response.status).toBe(200);

    const handle = await world.startProvisioning('crashing');
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(String((failure as WorkflowFailedError).cause?.message)).toMatch(/Canvas SIS import \d+ ended failed_with_messages/);
    const imports = [...canvas.state.sisImports.values()].sort((a, b) => a.id - b.id);
    expect(imports.at(-1)?.workflowState).toBe('restored');
    // restore_states undid what the import changed the state of: the course it created is gone.
    const newCourseSis = `SEC${(newSection.object as { dcid: number }).dcid}`;
    expect([...canvas.state.courses.values()].find((c) => c.sisCourseId === newCourseSis)?.workflowState).toBe('deleted');
    expect(world.canvasView('crashing')).toEqual(applied);

    // Nothing was marked applied: the next night sends the same changes again, and they land.
    expect((await world.provision('crashing')).outcome).toBe('applied');
    expect(world.canvasView('crashing').courses.some((c) => c.startsWith(`${newCourseSis}:`))).toBe(true);
    expect(world.canvasView('crashing').sections.some((c) => c.startsWith(`${newCourseSis}@`))).toBe(true);
  });

  it('a canvas-provisioner killed mid-run finishes after restart with the same final state and no second import', async () => {
    const { canvas } = world.get('killed');
    const importsBefore = canvas.state.sisImports.size;
    const handle = await world.startProvisioning('killed');
    const deadline = Date.now() + 90_000;
    while (canvas.state.sisImports.size === importsBefore) {
      if (Date.now() > deadline) throw new Error(`no import was uploaded:\n${await world.diagnose(handle)}`);
      await sleep(20);
    }
    await world.system?.get('canvas-provisioner').process.kill();
    await world.system?.start('canvas-provisioner');
    const result = await world.resultOf(handle, 150_000);
    expect(result.outcome).toBe('applied');
    expect(canvas.state.sisImports.size).toBe(importsBefore + 1);
    expect(result.canvasImportIds).toHaveLength(1);
    expect(world.canvasView('killed')).toEqual(world.expectedView('killed'));
    // Up to 90 s to reach the upload, 30 s for Temporal to notice the dead worker by its heartbeat, then the rest of the run.
  }, 240_000);

  it('with 10% injected 5xx on the SIF zone and on Canvas, and Canvas throttling, Canvas ends exactly as a fault-free run would leave it', async () => {
    const result = await world.provision('faulty', {}, 240_000);
    expect(result.outcome).toBe('applied');
    const { sif, canvas } = world.get('faulty');
    expect(world.canvasView('faulty')).toEqual(world.expectedView('faulty'));
    // The faults really happened, on both sides.
    expect({ sif: sif.context.injector.counters.errors5xx > 0, canvas: canvas.faults.counters.errors5xx > 0 }).toEqual({
      sif: true,
      canvas: true,
    });
  });
});
