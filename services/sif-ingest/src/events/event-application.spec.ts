import type { SifRecord } from '@sisbridge/sif-codec';
import { applyEvents, type KnownObject, type PendingEvent } from './event-application';

const student = (refId: string, lastName = 'Lee'): SifRecord => ({
  objectName: 'StudentPersonal',
  refId,
  localId: refId,
  name: { type: '04', firstName: 'Sam', lastName },
  emails: [{ type: 'Primary', address: 'sam@example.org' }],
});
const enrollment = (refId: string, studentRefId: string, extra: Partial<SifRecord> = {}): SifRecord =>
  ({
    objectName: 'StudentSectionEnrollment',
    refId,
    studentPersonalRefId: studentRefId,
    sectionInfoRefId: 'X1',
    schoolYear: 2026,
    ...extra,
  }) as SifRecord;
const section: KnownObject = {
  objectName: 'SectionInfo',
  record: { objectName: 'SectionInfo', refId: 'X1', schoolCourseInfoRefId: 'C1', schoolYear: 2026, scheduleInfo: [] },
};

let seq = 0;
const event = (action: 'Add' | 'Change' | 'Delete', record: Partial<SifRecord> & { objectName: string; refId: string }): PendingEvent => ({
  seq: ++seq,
  objectName: record.objectName,
  action,
  refId: record.refId,
  data: JSON.stringify(record),
});

const stored = (...records: SifRecord[]): Map<string, KnownObject> =>
  new Map([['X1', section], ...records.map((record): [string, KnownObject] => [record.refId, { objectName: record.objectName, record }])]);

describe('applyEvents', () => {
  it('adds whole objects, merges partial changes (removing list items marked Delete), and deletes by RefId', () => {
    const events = [
      event('Add', student('S5')),
      event('Change', { objectName: 'StudentPersonal', refId: 'S1', name: { lastName: 'Renamed' } } as SifRecord),
      event('Change', { objectName: 'StudentPersonal', refId: 'S1', deletes: { emails: ['Primary'] } } as SifRecord),
      event('Delete', { objectName: 'StudentSectionEnrollment', refId: 'E1' }),
    ];
    const { outcomes, changes } = applyEvents(events, stored(student('S1'), enrollment('E1', 'S1')), 2026);
    expect(outcomes.map((o) => o.state)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(changes).toEqual([
      { objectName: 'StudentPersonal', refId: 'S5', after: student('S5') },
      { objectName: 'StudentPersonal', refId: 'S1', before: student('S1'), after: { ...student('S1', 'Renamed'), emails: [] } },
      { objectName: 'StudentSectionEnrollment', refId: 'E1', before: enrollment('E1', 'S1') },
    ]);
  });

  it.each([
    ['the RefId only', { objectName: 'StudentSectionEnrollment', refId: 'E1' }],
    ['every attribute', enrollment('E1', 'S1')],
  ])('[U] deletes an object whether the Delete carries %s', (_reading, carried) => {
    const { outcomes, changes } = applyEvents([event('Delete', carried as SifRecord)], stored(student('S1'), enrollment('E1', 'S1')), 2026);
    expect(outcomes).toEqual([{ seq, state: 'applied' }]);
    expect(changes).toEqual([{ objectName: 'StudentSectionEnrollment', refId: 'E1', before: enrollment('E1', 'S1') }]);
  });

  it('holds an enrollment whose student has not come, and every later event of it, until the student is there', () => {
    const early = [
      event('Add', enrollment('E9', 'S9')),
      event('Change', { objectName: 'StudentSectionEnrollment', refId: 'E9', exitDate: '2026-01-01' } as SifRecord),
    ];
    const first = applyEvents(early, stored(), 2026);
    expect(first.outcomes).toEqual([
      { seq: (early[0] as PendingEvent).seq, state: 'waiting', reason: 'waiting for StudentPersonal S9' },
      {
        seq: (early[1] as PendingEvent).seq,
        state: 'waiting',
        reason: `waiting for event ${(early[0] as PendingEvent).seq} of the same StudentSectionEnrollment`,
      },
    ]);
    expect(first.changes).toEqual([]);
    // Later in the same window, the student's Add: they are tried again after it, in their order.
    const { outcomes, changes } = applyEvents([...early, event('Add', student('S9'))], stored(), 2026);
    expect(outcomes.map((o) => o.state)).toEqual(['applied', 'applied', 'applied']);
    expect(changes).toEqual([
      { objectName: 'StudentPersonal', refId: 'S9', after: student('S9') },
      { objectName: 'StudentSectionEnrollment', refId: 'E9', after: enrollment('E9', 'S9', { exitDate: '2026-01-01' }) },
    ]);
    // Or in a later window, once the student is stored.
    const again = applyEvents(early, stored(student('S9')), 2026);
    expect(again.outcomes.map((o) => o.state)).toEqual(['applied', 'applied']);
  });

  it('does not wait for the parents of an object of another school year (the builders skip it)', () => {
    const { outcomes } = applyEvents([event('Add', enrollment('E8', 'S404', { schoolYear: 2025 }))], stored(), 2026);
    expect(outcomes.map((o) => o.state)).toEqual(['applied']);
  });

  it('rejects a change that leaves the object incomplete, an event of an object it does not read, and one the receiver found unusable', () => {
    const ghost = event('Change', { objectName: 'StudentPersonal', refId: 'GHOST', localId: '9' } as SifRecord);
    const other: PendingEvent = { seq: ++seq, objectName: 'StudentContact', action: 'Add', refId: 'K1', data: '{}' };
    const unusable: PendingEvent = {
      seq: ++seq,
      objectName: 'StudentPersonal',
      action: 'Add',
      refId: 'S7',
      problem: 'StudentPersonal/Name/LastName is missing',
    };
    const { outcomes, changes } = applyEvents([ghost, other, unusable], stored(), 2026);
    expect(outcomes).toEqual([
      {
        seq: ghost.seq,
        state: 'rejected',
        reason: expect.stringMatching(/^the change leaves the object incomplete \(.+\), or changes an object this run does not have$/),
      },
      { seq: other.seq, state: 'rejected', reason: 'StudentContact is not an object this agent reads' },
      { seq: unusable.seq, state: 'rejected', reason: 'StudentPersonal/Name/LastName is missing' },
    ]);
    expect(changes).toEqual([]);
  });

  it('counts an object changed and changed back, or added and deleted, as no change', () => {
    const { changes } = applyEvents(
      [
        event('Change', { objectName: 'StudentPersonal', refId: 'S1', name: { lastName: 'Other' } } as SifRecord),
        event('Change', { objectName: 'StudentPersonal', refId: 'S1', name: { lastName: 'Lee' } } as SifRecord),
        event('Add', student('S6')),
        event('Delete', { objectName: 'StudentPersonal', refId: 'S6' }),
      ],
      stored(student('S1')),
      2026,
    );
    expect(changes).toEqual([]);
  });
});
