import type { DataSource } from 'typeorm';
import { streamRows } from '@sisbridge/roster-store';
import type { SifObjectName, SifRecordOf } from '@sisbridge/sif-codec';
import type { RawObjectSource, Rejection } from '../roster/build-roster';

interface ObjectRow {
  ref_id: string;
  packet_number: number;
  data: string;
}

/**
 * A run's raw objects, streamed from `sif_ingest.sif_object` one kind at a time in RefId order.
 * The same RefId twice with the same content (a packet sent twice under another number, an
 * event re-applying what a response had) is one object; with different content the first copy
 * (lowest packet, then position) is used and each other one is rejected, naming both packets.
 */
export class RawObjects implements RawObjectSource {
  constructor(
    private readonly dataSource: DataSource,
    private readonly runId: string,
    private readonly reject: (rejection: Rejection) => void,
  ) {}

  async *objects<N extends SifObjectName>(objectName: N): AsyncGenerator<SifRecordOf<N>> {
    const rows = streamRows<ObjectRow>(
      this.dataSource,
      `SELECT ref_id, packet_number, data FROM sif_ingest.sif_object WHERE run_id = $1 AND object_name = $2 ORDER BY ref_id, packet_number, position`,
      [this.runId, objectName],
      5_000,
    );
    let previous: ObjectRow | undefined;
    for await (const row of rows) {
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
      yield JSON.parse(row.data) as SifRecordOf<N>;
    }
  }
}
