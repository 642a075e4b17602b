import type { DataSource } from 'typeorm';
import { streamBatches } from '@sisbridge/roster-store';
import { SIF_OBJECT_NAMES, type SifObjectName, type SifRecordOf } from '@sisbridge/sif-codec';
import { timedBatches } from '../observability/ingest-phase-metrics';
import type { RawObjectSource, Rejection } from '../roster-build/build-roster';
import { namedRefIds } from './object-references';
import type { RunObject, RunObjectMerge } from './run-object-merge';

interface ObjectRow {
  ref_id: string;
  packet_number: number;
  data: string;
}

/**
 * Rows fetched at a time. Small batches die young: at 5,000 rows a large district's build
 * peaked 230 MiB higher (791 against 561 MiB), for no gain in time.
 */
const RAW_BATCH = 1_000;

/**
 * A nightly run's objects as the transport stored them (`sif_ingest.sif_object`), streamed one
 * kind at a time in RefId order, in batches. The same RefId twice with the same content (a
 * packet sent twice under another number) is one object; with different content the first copy
 * (lowest packet, then position) is used and each other one is rejected, naming both packets.
 * Postgres sorts each kind as it reads it (the table has no index in RefId order: one sort per
 * run costs far less than keeping such an index up to date through every COPY). Packets arriving
 * in zone order need exactly that sort, whatever holds them.
 *
 * With a `merge`, each kind's objects also go to the district's current objects as they pass
 * (see `RunObjectMerge`); `rest` passes the kinds the roster does not read (LEAInfo).
 */
export class RunObjects implements RawObjectSource {
  private readonly read = new Set<SifObjectName>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly runId: string,
    private readonly reject: (rejection: Rejection) => void,
    private readonly merge?: RunObjectMerge,
  ) {}

  async *objects<N extends SifObjectName>(objectName: N): AsyncGenerator<Array<SifRecordOf<N>>> {
    this.read.add(objectName);
    const batches = timedBatches(
      streamBatches<ObjectRow>(
        this.dataSource,
        `SELECT ref_id, packet_number, data FROM sif_ingest.sif_object WHERE run_id = $1 AND object_name = $2 ORDER BY ref_id, packet_number, position`,
        [this.runId, objectName],
        RAW_BATCH,
      ),
      'rawObjectsWait',
    );
    let previous: ObjectRow | undefined;
    for await (const rows of batches) {
      const records: Array<SifRecordOf<N>> = [];
      const firsts: RunObject[] = [];
      for (const row of rows) {
        if (previous && previous.ref_id === row.ref_id) {
          if (previous.data !== row.data) {
            this.reject({
              objectName,
              refId: row.ref_id,
              problem: `${objectName} RefId ${row.ref_id} came twice with different content (packets ${previous.packet_number} and ${row.packet_number}); the copy in packet ${previous.packet_number} is used`,
            });
          }
          continue;
        }
        previous = row;
        const record = JSON.parse(row.data) as SifRecordOf<N>;
        firsts.push({ refId: row.ref_id, data: row.data, names: namedRefIds(record) });
        records.push(record);
      }
      await this.merge?.objects(objectName, firsts);
      if (records.length > 0) yield records;
    }
    await this.merge?.kindDone(objectName);
  }

  /** Reads (and so merges) every kind not read yet. */
  async rest(): Promise<void> {
    for (const objectName of SIF_OBJECT_NAMES) {
      if (this.read.has(objectName)) continue;
      for await (const batch of this.objects(objectName)) void batch;
    }
  }
}
