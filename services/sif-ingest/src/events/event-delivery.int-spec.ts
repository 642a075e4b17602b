import type { DataSource } from 'typeorm';
import { MetricsRegistry } from '@sisbridge/service-kit';
import { createTestDatabase, FakeSifZone, type TestDatabase } from '@sisbridge/test-support';
import { miniDistrictConfig, miniDistrictObjects, NOW, ref } from '../testing/mini-district.test-helper';
import { newRunId, openTestDataSource, quietContext, sifIngestFor } from '../testing/ingest-harness.test-helper';
import { EventDelivery } from './event-delivery';

const sectionEnrollment = (label: string, studentLabel: string) =>
  `<StudentSectionEnrollment RefId="${ref(label)}" StudentPersonalRefId="${ref(studentLabel)}" SectionInfoRefId="${ref('x1')}" SchoolYear="2026"><EntryDate>2025-10-01</EntryDate></StudentSectionEnrollment>`;

/** What opens the district sync's windows, and what Canvas's import marks as delivered (real Postgres, scripted SIF zone). */
describe('EventDelivery: pending events and events imported into Canvas', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let zone: FakeSifZone;

  beforeAll(async () => {
    database = await createTestDatabase('sif_ingest_delivery');
    dataSource = await openTestDataSource(database.url);
    zone = await FakeSifZone.start({ objects: miniDistrictObjects(), packetSize: 4 });
  });

  afterAll(async () => {
    await zone?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('counts received events as pending, waiting ones apart; marks what an imported snapshot settled, once, with its latency', async () => {
    const config = miniDistrictConfig(zone.url);
    const engine = sifIngestFor(dataSource, [config], { now: () => NOW, lockWaitMs: 5_000 });
    const metrics = new MetricsRegistry('sif-ingest-delivery-test');
    const delivery = new EventDelivery(dataSource, metrics);
    await engine.ingest.ingest({ districtId: config.id, runId: newRunId() }, quietContext());
    expect(await delivery.pending(config.id)).toEqual({ pending: 0, waiting: 0 });

    // An enrollment before its student, and a rename of a known student.
    zone.publishEvent('StudentSectionEnrollment', 'Add', sectionEnrollment('r9', 's9'));
    zone.publishEvent('StudentPersonal', 'Change', `<StudentPersonal RefId="${ref('s1')}"><LocalId>renamed</LocalId></StudentPersonal>`);
    const runId = newRunId();
    const applied = await engine.events.apply({ districtId: config.id, runId }, quietContext());
    expect(applied).toMatchObject({ eventsApplied: 1, eventsWaiting: 1 });
    // The waiting enrollment is not applied, but opens no window of its own.
    const afterApply = await delivery.pending(config.id);
    expect(afterApply).toEqual({ pending: 1, waiting: 1 });

    // Canvas took in the run's snapshot: the rename is delivered, once; the waiting one is not.
    expect(await delivery.imported(config.id, runId)).toBe(1);
    expect(await delivery.imported(config.id, runId)).toBe(0);
    const marked: Array<{ state: string; imported: boolean }> = await dataSource.query(
      `SELECT state, imported_at IS NOT NULL AS imported FROM sif_ingest.sif_event WHERE district_id = $1 ORDER BY seq`,
      [config.id],
    );
    expect(marked).toEqual([
      { state: 'waiting', imported: false },
      { state: 'applied', imported: true },
    ]);
    const histogram = await metrics.registry.getSingleMetricAsString('sisbridge_sif_event_to_canvas_seconds');
    expect(histogram).toMatch(new RegExp(`sisbridge_sif_event_to_canvas_seconds_count\\{[^}]*district="${config.id}"[^}]*\\} 1\\n?$`));
  });
});
