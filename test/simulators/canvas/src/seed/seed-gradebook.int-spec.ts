import { startCanvasSimulator, type CanvasSimulator } from '../canvas-simulator';
import { CanvasTestClient, smallDistrictCsvs } from '../testing/canvas-test-client';
import { LONG_ASSIGNMENT_NAME } from './gradebook-plan';
import { seedGradebook } from './seed-gradebook';

interface Json {
  [key: string]: unknown;
}

describe('seeding a teacher’s gradebook', () => {
  let sim: CanvasSimulator;
  let client: CanvasTestClient;
  beforeEach(async () => {
    sim = await startCanvasSimulator({ processingTimeMs: 2 });
    client = new CanvasTestClient(sim.url, sim.token);
  });
  afterEach(async () => sim.close());

  it('imports a demo course and builds every case a passback must handle, seen through the SIS Integration API', async () => {
    const result = await seedGradebook({ url: sim.url, token: sim.token, seed: 7, categoryIds: { Homework: '5120' } });
    expect(result.assignments.map((a) => a.case)).toEqual([
      'valid',
      'valid',
      'valid_section_override',
      'name_too_long',
      'no_due_date',
      'due_outside_term',
      'student_overrides',
      'unlinked_group',
      'not_post_to_sis',
      'unpublished',
    ]);
    const course = await client.json<Json>('GET', `/api/v1/courses/${result.courseId}`, { query: { 'include[]': ['term'] } });
    const termEnd = new Date((course['term'] as Json)['end_at'] as string);
    const synced = await client.json<Json[]>('GET', `/api/sis/courses/${result.courseId}/assignments`, {
      query: { include: 'student_overrides', per_page: 50 },
    });
    const byName = new Map(synced.map((a) => [a['name'] as string, a]));
    // Not synced and unpublished assignments are not offered to the passback.
    expect([...byName.keys()]).not.toContain('Class Participation');
    expect([...byName.keys()]).not.toContain('Draft Essay');
    expect(byName.size).toBe(8);
    expect(LONG_ASSIGNMENT_NAME.length).toBeGreaterThan(50);
    expect(byName.has(LONG_ASSIGNMENT_NAME)).toBe(true);
    expect(byName.get('Reading Reflection')?.['due_at']).toBeNull();
    expect(new Date(byName.get('Summer Enrichment Project')?.['due_at'] as string).getTime()).toBeGreaterThan(termEnd.getTime());
    expect((byName.get('Makeup Quiz')?.['user_overrides'] as Json[])[0]?.['students']).toHaveLength(2);
    expect((byName.get('Unit 1 Test')?.['sections'] as Json[]).filter((s) => s['override'])).toHaveLength(1);
    expect(byName.get('Bonus Puzzle')?.['assignment_group']).toMatchObject({ name: 'Extra Practice', sis_source_id: null });
    expect(byName.get('Cell Structure Worksheet')?.['assignment_group']).toMatchObject({
      name: 'Homework',
      sis_source_id: '5120',
      integration_data: { teachercategoryid: '5120' },
    });

    const worksheet = result.assignments[0];
    const submissions = await client.json<Json[]>('GET', `/api/v1/courses/${result.courseId}/students/submissions`, {
      query: { 'student_ids[]': ['all'], 'assignment_ids[]': [String(worksheet?.id)], per_page: 50 },
    });
    expect(submissions.filter((s) => s['excused'])).toHaveLength(1);
    expect(submissions.filter((s) => s['late'])).toHaveLength(1);
    // One marked missing by the teacher; the ungraded one is missing too, by its past due date.
    expect(submissions.filter((s) => s['missing'])).toHaveLength(2);
    expect(submissions.filter((s) => s['late_policy_status'] === 'missing')).toHaveLength(1);
    expect(submissions.filter((s) => typeof s['score'] === 'number').length).toBe(result.grades.graded > 0 ? submissions.length - 3 : 0);
    expect(result.grades).toMatchObject({ excused: 1, late: 1, missing: 1, ungraded: 1 });
  });

  it('is reproducible from its seed, and also runs from /__admin/seed/gradebook on an existing course', async () => {
    await client.importCsvs(smallDistrictCsvs());
    const seeded = await client.json<{ courseId: number; assignments: Array<{ id: number; case: string }> }>(
      'POST',
      '/__admin/seed/gradebook',
      { json: { course: 'sis_course_id:BIO1', seed: 3 } },
    );
    const bio = await client.json<Json>('GET', '/api/v1/courses/sis_course_id:BIO1');
    expect(seeded.courseId).toBe(bio['id']);
    const scores = async (sim2: CanvasSimulator, courseId: number) => {
      const c = new CanvasTestClient(sim2.url, sim2.token);
      return (
        await c.json<Json[]>('GET', `/api/v1/courses/${courseId}/students/submissions`, {
          query: { 'student_ids[]': ['all'], per_page: 100 },
        })
      ).map((s) => s['score']);
    };
    const other = await startCanvasSimulator({ processingTimeMs: 2 });
    try {
      const otherClient = new CanvasTestClient(other.url, other.token);
      await otherClient.importCsvs(smallDistrictCsvs());
      const again = await seedGradebook({ url: other.url, token: other.token, course: 'sis_course_id:BIO1', seed: 3 });
      expect(await scores(other, again.courseId)).toEqual(await scores(sim, seeded.courseId));
    } finally {
      await other.close();
    }
  });
});
