import { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import type { DataSource } from 'typeorm';
import type { DistrictConfig, DistrictRegistry } from '@sisbridge/district-config';
import { buildAck, SifErrorCategories, type AckOutcome, type SifMessage } from '@sisbridge/sif-codec';
import { SifMessageReceiver } from '../sif/message-receiver';
import { readSifMessage, UnreadableSifMessageError } from '../sif/read-sif-message';

export interface PushAnswer {
  httpStatus: number;
  /** A SIF_Ack, or plain text when there is no district to answer for. */
  body: string;
  contentType: string;
}

const SIF_CONTENT_TYPE = 'application/xml;charset="utf-8"';

/**
 * Push mode (§1.8): the zone POSTs one SIF_Message and reads the SIF_Ack in the same exchange.
 * What a message carries is stored (by the same receiver the pull loop uses) before the ack is
 * written; when storing fails the answer is HTTP 500 and the zone sends the message again
 * (an error ack would make the zone drop it). The ingest activity, on any pod, sees the stored
 * packets in Postgres.
 */
export class SifPushHandler {
  private readonly receiver: SifMessageReceiver;

  constructor(
    dataSource: DataSource,
    private readonly districts: DistrictRegistry,
  ) {
    this.receiver = new SifMessageReceiver(dataSource);
  }

  async handle(districtId: string, body: AsyncIterable<Uint8Array>, contentEncoding: string | undefined): Promise<PushAnswer> {
    const district = this.districts.districts.find((candidate) => candidate.id === districtId);
    if (!district) return { httpStatus: 404, body: `no district "${districtId}" is configured`, contentType: 'text/plain' };
    const decoded = decode(body, contentEncoding);
    if (!decoded)
      return {
        httpStatus: 415,
        body: `Content-Encoding ${contentEncoding ?? ''} is not supported (gzip, deflate, identity)`,
        contentType: 'text/plain',
      };
    let message: SifMessage;
    let objects;
    try {
      ({ message, objects } = await readSifMessage(decoded, district.sif.maxFieldLength));
    } catch (error) {
      if (!(error instanceof UnreadableSifMessageError)) throw error;
      const ack = this.ack(district, error.ids.sourceId ?? '', error.ids.msgId ?? '', {
        error: {
          category: SifErrorCategories.xmlValidation,
          code: error.sifErrorCode,
          description: 'Unable to parse the pushed SIF_Message',
          extendedDescription: error.message.slice(0, 300),
        },
      });
      return { httpStatus: error.ids.msgId ? 200 : 400, body: ack, contentType: SIF_CONTENT_TYPE };
    }
    const reply = (outcome: AckOutcome) => ({
      httpStatus: 200,
      body: this.ack(district, message.header.sourceId, message.header.msgId, outcome),
      contentType: SIF_CONTENT_TYPE,
    });
    if (message.header.destinationId && message.header.destinationId !== district.sif.sourceId) {
      return reply({
        error: {
          category: SifErrorCategories.transport,
          code: 1,
          description: `SIF_DestinationId ${message.header.destinationId} is not this agent (${district.sif.sourceId})`,
        },
      });
    }
    switch (message.type) {
      case 'SIF_Response':
      case 'SIF_Event':
        await this.receiver.receive(district.id, message, objects);
        return reply({ status: 1 });
      case 'SIF_SystemControl':
        return reply({ status: 1 });
      default:
        return reply({
          error: {
            category: SifErrorCategories.genericMessageHandling,
            code: 2,
            description: `${message.type === 'other' ? message.body : message.type} is not supported by this agent`,
          },
        });
    }
  }

  private ack(district: DistrictConfig, originalSourceId: string, originalMsgId: string, outcome: AckOutcome): string {
    return buildAck({ sourceId: district.sif.sourceId, version: district.sif.sifVersion }, { originalSourceId, originalMsgId }, outcome)
      .xml;
  }
}

function decode(body: AsyncIterable<Uint8Array>, contentEncoding: string | undefined): AsyncIterable<Uint8Array> | undefined {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return body;
  if (encoding === 'gzip' || encoding === 'x-gzip') return Readable.from(body).pipe(createGunzip());
  if (encoding === 'deflate') return Readable.from(body).pipe(createInflate());
  return undefined;
}
