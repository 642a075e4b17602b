import {
  interpretMessage,
  partialMessageIds,
  readObject,
  SifMessageReader,
  SifXmlError,
  type ObjectReading,
  type PartialMessageIds,
  type SifMessage,
} from '@sisbridge/sif-codec';

/** One data object of a message, read into a record (or into the problems that keep it out). */
export interface ReceivedObject {
  reading: ObjectReading;
  /** Events only: the SIF_EventObject's @ObjectName and @Action. */
  event?: { objectName: string; action: string };
  position: number;
}

export interface ReadMessage {
  message: SifMessage;
  objects: ReceivedObject[];
  bytes: number;
}

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
 * ends. Memory holds the records of one packet, which the zone bounds by SIF_MaxBufferSize.
 */
export async function readSifMessage(body: AsyncIterable<Uint8Array>, maxFieldLength: number): Promise<ReadMessage> {
  const objects: ReceivedObject[] = [];
  const reader = new SifMessageReader(
    (object) => {
      const received: ReceivedObject = { reading: readObject(object, maxFieldLength), position: object.position };
      if (object.event) received.event = object.event;
      objects.push(received);
    },
    { maxFieldLength, maxObjectElements: 5_000 },
  );
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let bytes = 0;
  try {
    for await (const chunk of body) {
      bytes += chunk.byteLength;
      const text = decoder.decode(chunk, { stream: true });
      if (text) reader.write(text);
    }
    const tail = decoder.decode();
    if (tail) reader.write(tail);
    const message = interpretMessage(reader.end());
    return { message, objects, bytes };
  } catch (error) {
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
