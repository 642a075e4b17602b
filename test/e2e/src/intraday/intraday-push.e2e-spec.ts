import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client as PgClient } from 'pg';
import { REPO_ROOT } from '@sisbridge/local-infra';
import { ProvisioningWorld } from '../provisioning/provisioning-world';
import { enrolNewStudent, runsOfKind } from './intraday-world';
import { until } from './until';

const execute = promisify(execFile);
const ID = 'intra-push';
const SECRET_ENV = 'SIF_PUSH_SECRET_INTRA_PUSH';
const MINUTES = 60_000;

/**
 * Intra-day sync, push mode, end to end: the zone POSTs each SIF_Event to sif-ingest's push
 * endpoint, signed with the district's shared secret; sif-ingest checks the signature before it
 * reads anything, stores the events and signals the district sync, which sends each window to
 * Canvas. An enrollment PowerSchool publishes before its student waits for the student, shows in
 * `sisbridge events`, and reaches Canvas with the student. Real services, Temporal, Postgres.
 */
describe('intra-day sync (push mode, signed pushes): events applied in order, a waiting enrollment shown and then applied', () => {
  let world: ProvisioningWorld;

  beforeAll(async () => {
    world = await ProvisioningWorld.start('intraday_push', [
      {
        id: ID,
        size: 'tiny',
        seed: 4713,
        courseMode: 'course-per-section',
        pushSecret: 'the-zone-and-sisbridge-share-this',
        secrets: { [SECRET_ENV]: 'the-zone-and-sisbridge-share-this' },
        sif: { mode: 'push', push: { secretEnv: SECRET_ENV } },
        schedules: { intraday: { enabled: true, windowSeconds: 10 } },
      },
    ]);
    // The nightly-style first run: in push mode the zone pushes its responses, signed, too.
    expect((await world.provision(ID)).outcome).toBe('applied');
  }, 600_000);

  afterAll(async () => {
    await world?.stop();
  });

  async function sisbridgeEvents(): Promise<string> {
    const { stdout } = await execute(process.execPath, [resolve(REPO_ROOT, 'tools/cli/dist/main.js'), 'events', '--district', ID], {
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...world.cliEnv },
    });
    return stdout;
  }

  async function eventStates(): Promise<Record<string, number>> {
    const pg = new PgClient({ connectionString: world.database?.url });
    await pg.connect();
    try {
      const rows = await pg.query<{ state: string; n: string }>(
        `SELECT state, count(*) AS n FROM sif_ingest.sif_event WHERE district_id = $1 GROUP BY state`,
        [ID],
      );
      return Object.fromEntries(rows.rows.map((row) => [row.state, Number(row.n)]));
    } finally {
      await pg.end();
    }
  }

  it('refuses an unsigned push with 401 and stores nothing of it', async () => {
    const before = await eventStates();
    const answer = await fetch(world.system?.get('sif-ingest').url(`/sif/push/${ID}`) ?? '', {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: '<SIF_Message xmlns="http://www.sifinfo.org/infrastructure/2.x" Version="2.5"><SIF_Event/></SIF_Message>',
    });
    expect(answer.status).toBe(401);
    expect(await eventStates()).toEqual(before);
  });

  it(
    'an enrollment published before its student waits, is listed by `sisbridge events`, and reaches Canvas with the student',
    async () => {
      const student = enrolNewStudent(world, ID, 'NEW-PUSH-1', { enrollmentsFirst: true });
      // The enrollments' window goes to Canvas without them: they wait for the student.
      await until('the enrollments to wait for their student', async () => ((await eventStates())['waiting'] ?? 0) === 3, {
        timeoutMs: 4 * MINUTES,
        explain: async () => JSON.stringify(await eventStates()),
      });
      const listed = await sisbridgeEvents();
      expect(listed).toMatch(new RegExp(`waiting: #\\d+ Add StudentSectionEnrollment \\S+ — .*${student.refId}`));
      expect(listed).toContain('3 waiting');
      expect(world.canvasView(ID).enrollments.filter((e) => e.startsWith(`${student.sisId}@`))).toEqual([]);

      // PowerSchool publishes the student: the next window applies the student and the waiting enrollments.
      const importsBefore = (await runsOfKind(world, ID, 'intraday')).length;
      student.publishStudent();
      const view = await until(
        'the student and their three enrollments in Canvas',
        () => {
          const current = world.canvasView(ID);
          const enrolled = current.enrollments.filter((e) => e.startsWith(`${student.sisId}@`));
          return enrolled.length === 3 && current.logins.some((l) => l.startsWith(`${student.sisId}:`)) ? current : undefined;
        },
        { timeoutMs: 4 * MINUTES },
      );
      expect(view).toEqual(world.expectedView(ID));
      const states = await eventStates();
      expect(states['waiting'] ?? 0).toBe(0);
      expect(states['received'] ?? 0).toBe(0);
      expect((await runsOfKind(world, ID, 'intraday')).length).toBeGreaterThan(importsBefore);
      expect(await sisbridgeEvents()).toContain('0 waiting');
      // No nightly run was needed, and each event was stored once.
      expect(await runsOfKind(world, ID, 'nightly')).toEqual([]);
    },
    10 * MINUTES,
  );
});
