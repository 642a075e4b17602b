import type { RosterSection, RosterUser } from '../model/roster-entities';
import { compareSisIds } from '../model/sis-id-order';
import { diffSorted, UnsortedSnapshotError } from './diff-sorted';
import type { RosterChange } from './roster-change';

function user(sisId: string, overrides: Partial<RosterUser> = {}): RosterUser {
  return {
    kind: 'user',
    sisId,
    refId: `R${sisId}`,
    personType: 'student',
    localId: sisId,
    firstName: 'A',
    lastName: 'B',
    schoolSisIds: ['SCH1'],
    ...overrides,
  };
}

async function collect<E extends RosterUser | RosterSection>(before: E[], after: E[]): Promise<RosterChange<E>[]> {
  const changes: RosterChange<E>[] = [];
  for await (const change of diffSorted(before, after)) changes.push(change);
  return changes;
}

describe('diffSorted', () => {
  it('reports adds, removes and changes with the changed fields, in sis id order', async () => {
    const before = [user('S1'), user('S2'), user('S3', { email: 'old@example.org' }), user('S5')];
    const after = [user('S0'), user('S2'), user('S3', { email: 'new@example.org', lastName: "O'Brien" }), user('S4')];
    const changes = await collect(before, after);
    expect(changes.map((c) => [c.op, c.sisId, c.op === 'change' ? c.fields : undefined])).toEqual([
      ['add', 'S0', undefined],
      ['remove', 'S1', undefined],
      ['change', 'S3', ['email', 'lastName']],
      ['add', 'S4', undefined],
      ['remove', 'S5', undefined],
    ]);
  });

  it('treats a reordered teacher list as a change, and a field that appears or disappears too', async () => {
    const section = (teachers: string[], description?: string): RosterSection => ({
      kind: 'section',
      sisId: 'SEC1',
      refId: 'R',
      courseSisId: 'C1',
      schoolSisId: 'SCH1',
      termSisIds: ['T1'],
      teacherSisIds: teachers,
      ...(description === undefined ? {} : { description }),
    });
    expect((await collect([section(['T1', 'T2'])], [section(['T2', 'T1'])]))[0]).toMatchObject({ op: 'change', fields: ['teacherSisIds'] });
    expect((await collect([section(['T1'])], [section(['T1'], 'Period 2')]))[0]).toMatchObject({ op: 'change', fields: ['description'] });
    expect(await collect([section(['T1'], 'x')], [section(['T1'], 'x')])).toEqual([]);
  });

  it('handles empty sides: a first run is all adds, an empty feed all removes', async () => {
    expect((await collect([], [user('A'), user('B')])).map((c) => c.op)).toEqual(['add', 'add']);
    expect((await collect([user('A'), user('B')], [])).map((c) => c.op)).toEqual(['remove', 'remove']);
  });

  it('refuses unsorted or repeated input instead of producing a wrong diff', async () => {
    await expect(collect([user('B'), user('A')], [])).rejects.toThrow(UnsortedSnapshotError);
    await expect(collect([], [user('A'), user('A')])).rejects.toThrow(
      'the after snapshot is not in sis id order, or repeats a sis id: "A" then "A"',
    );
  });

  it('orders by code point, as Postgres COLLATE "C" does', () => {
    const ids = ['b', 'a', 'Z', '😀', '\uffff', 'é', 'A1', 'A'];
    expect([...ids].sort(compareSisIds)).toEqual(['A', 'A1', 'Z', 'a', 'b', 'é', '\uffff', '😀']);
  });

  it('is deterministic and streams: 50,000 users with 1% changed', async () => {
    const before = Array.from({ length: 50_000 }, (_, i) => user(`S${String(i).padStart(7, '0')}`));
    const after = before.map((u, i) => (i % 100 === 0 ? { ...u, lastName: 'Changed' } : u));
    const first = await collect(before, after);
    expect(first).toHaveLength(500);
    expect(first.every((c) => c.op === 'change' && c.fields.join() === 'lastName')).toBe(true);
    expect(await collect(before, after)).toEqual(first);
  });
});
