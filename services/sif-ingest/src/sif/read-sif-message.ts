import {
  interpretMessage,
  partialMessageIds,
  readObject,
  SifMessageReader,
  SifXmlError,
  type PartialMessageIds,
  type SifMessage,
} from '@sisbridge/sif-codec';
import { observePhase } from '../observability/ingest-phase-metrics';
import type { ReceivedObject } from './packet-storage';
import type { PacketWriter } from './packet-writer';

export type { ReceivedObject } from './packet-storage';

export interface ReadMessage {
  message: SifMessage;
  /** The objects read, unless they went to `writer`. */
  objects: ReceivedObject[];
  bytes: number;
  /** Where a response packet's objects went as they were read, when `openPacket` gave one. */
  writer?: PacketWriter;
}

/** Gives a writer for a response packet about to be read (its ids known from the envelope), or none to collect its objects. */
export type PacketWriterFactory = (ids: PartialMessageIds) => PacketWriter | undefined;

/** A message that could not be read to its end; `ids` is what was known of it by then. */
export class UnreadableSifMessageError extends Error {
  constructor(
    readonly ids: PartialMessageIds,
    readonly sifErrorCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'UnreadableSifMessageError';
  }
}

/**
 * Reads one SIF message from bytes as they arrive: decoded as UTF-8 with replacement (bytes
 * that are not UTF-8 become U+FFFD, and the objects holding them are rejected one by one, not
 * the whole message), parsed as a stream, each data object read into a record as soon as it
 * ends. Memory holds the records of one packet, which the zone bounds by SIF_MaxBufferSize; or,
 * when `openPacket` gives a writer for a response packet, none: each record goes to the writer
 * (and to Postgres) as it is read. A writer is aborted if the message cannot be read to its end.
 */
export async function readSifMessage(
  body: AsyncIterable<Uint8Array>,
  maxFieldLength: number,
  openPacket?: PacketWriterFactory,
): Promise<ReadMessage> {
  const objects: ReceivedObject[] = [];
  let writer: PacketWriter | undefined;
  const reader: SifMessageReader = new SifMessageReader(
    (object) => {
      const received: ReceivedObject = { reading: readObject(object, maxFieldLength), position: object.position };
      if (object.event) received.event = object.event;
      if (writer) writer.add(received);
      else objects.push(received);
    },
    { maxFieldLength, maxObjectElements: 5_000 },
    (bodyName) => {
      if (bodyName === 'SIF_Response' && openPacket && !writer) writer = openPacket(partialMessageIds(reader.partialEnvelope));
    },
  );
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let bytes = 0;
  let parseMs = 0;
  try {
    for await (const chunk of body) {
      const started = performance.now();
      bytes += chunk.byteLength;
      const text = decoder.decode(chunk, { stream: true });
      if (text) reader.write(text);
      parseMs += performance.now() - started;
    }
    const started = performance.now();
    const tail = decoder.decode();
    if (tail) reader.write(tail);
    const message = interpretMessage(reader.end());
    observePhase('parse', parseMs + performance.now() - started);
    return writer ? { message, objects, bytes, writer } : { message, objects, bytes };
  } catch (error) {
    await writer?.abort();
    if (error instanceof SifXmlError) {
      throw new UnreadableSifMessageError(partialMessageIds(reader.partialEnvelope), error.sifErrorCode, error.message);
    }
    throw error;
  }
}

/** A whole body already in memory (a push), fed to the same reader. */
export async function* bytesOf(buffer: Uint8Array, chunkSize = 65_536): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < buffer.byteLength; offset += chunkSize) yield buffer.subarray(offset, offset + chunkSize);
}
