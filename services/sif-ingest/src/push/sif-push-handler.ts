import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { Counter } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { DistrictConfig } from '@sisbridge/district-config';
import type { MetricsRegistry } from '@sisbridge/service-kit';
import { buildAck, SifErrorCategories, type AckOutcome, type SifMessage } from '@sisbridge/sif-codec';
import { SifMessageReceiver } from '../sif/message-receiver';
import { readSifMessage, UnreadableSifMessageError } from '../sif/read-sif-message';
import { BodyTooLargeError, decodeBoundedBody, readBoundedBody } from './bounded-body';
import type { PushAuthenticator, PushRefusalReason } from './push-authenticator';
import type { EventsStoredNotifier } from './district-sync-notifier';

export interface PushRequest {
  districtId: string;
  headers: IncomingHttpHeaders;
  body: AsyncIterable<Uint8Array>;
}

export interface PushAnswer {
  httpStatus: number;
  /** Always a SIF_Ack. */
  body: string;
  contentType: string;
}

export interface PushLog {
  refused(fields: { districtId: string; reason: string; detail: string }): void;
}

const SIF_CONTENT_TYPE = 'application/xml;charset="utf-8"';
/** Refusals before a district is known to the caller answer as this agent, whatever district was named. */
const AGENT_SOURCE_ID = 'sisbridge';

/**
 * Push mode (§1.8): the zone POSTs one SIF_Message and reads the SIF_Ack in the same exchange.
 * Before anything in it is read, a push is authenticated for its district (`PushAuthenticator`:
 * signature and/or client certificate; a pull-mode or unknown district refuses alike, so the
 * answer tells a caller nothing about which districts exist) and held to the district's limits
 * (body size as sent, size decompressed, objects per message); a refused push stores nothing and
 * is answered with a SIF_Ack error, logged and counted. What an accepted message carries is
 * stored (by the same receiver the pull loop uses) before the ack is written; when storing fails
 * the answer is HTTP 500 and the zone sends the message again. Stored events start the district's
 * intra-day window (the district sync workflow is told at once).
 */
export class SifPushHandler {
  private readonly receiver: SifMessageReceiver;
  private readonly refusals: Counter<'reason'>;
  private readonly stored: Counter<'district'>;

  constructor(
    dataSource: DataSource,
    private readonly authenticator: PushAuthenticator,
    private readonly notifier: EventsStoredNotifier,
    metrics: MetricsRegistry,
    private readonly log: PushLog,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.receiver = new SifMessageReceiver(dataSource);
    this.refusals = new Counter({
      name: 'sisbridge_sif_push_refused_total',
      help: 'Pushes refused before anything in them was stored, by reason (credentials, mode, limits, unreadable).',
      labelNames: ['reason'] as const,
      registers: [metrics.registry],
    });
    this.stored = new Counter({
      name: 'sisbridge_sif_push_events_stored_total',
      help: 'SIF events stored from pushes, per district.',
      labelNames: ['district'] as const,
      registers: [metrics.registry],
    });
  }

  async handle(request: PushRequest): Promise<PushAnswer> {
    const target = this.authenticator.pushDistrict(request.districtId);
    if (!target.ok) return this.unauthorised(request.districtId, target.reason, target.detail);
    const { district, push } = target;
    let raw: Buffer;
    try {
      if (Number(request.headers['content-length'] ?? 0) > push.maxBodyBytes) throw new BodyTooLargeError(push.maxBodyBytes, 'the body');
      raw = await readBoundedBody(request.body, push.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return this.tooLarge(district.id, error, district);
      throw error;
    }
    const identity = this.authenticator.verify(target, request.headers, raw);
    if (!identity.ok) return this.unauthorised(district.id, identity.reason, identity.detail);
    let decoded: Buffer | undefined;
    try {
      decoded = await decodeBoundedBody(raw, header(request.headers['content-encoding']), push.maxDecompressedBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return this.tooLarge(district.id, error, district);
      return this.refuse(
        district.id,
        'unreadable',
        'the body could not be decompressed',
        400,
        district,
        SifErrorCategories.xmlValidation,
        2,
      );
    }
    if (!decoded) {
      return this.refuse(
        district.id,
        'unsupported-encoding',
        `Content-Encoding ${header(request.headers['content-encoding']) ?? ''} is not supported (gzip, deflate, identity)`,
        415,
        district,
        SifErrorCategories.transport,
        2,
      );
    }
    let message: SifMessage;
    let objects;
    try {
      ({ message, objects } = await readSifMessage(Readable.from([decoded]), district.sif.maxFieldLength));
    } catch (error) {
      if (!(error instanceof UnreadableSifMessageError)) throw error;
      this.refusals.inc({ reason: 'unreadable' });
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
    const reply = (outcome: AckOutcome, httpStatus = 200) => ({
      httpStatus,
      body: this.ack(district, message.header.sourceId, message.header.msgId, outcome),
      contentType: SIF_CONTENT_TYPE,
    });
    if (objects.length > push.maxObjectsPerMessage) {
      this.refusals.inc({ reason: 'too-many-objects' });
      this.log.refused({
        districtId: district.id,
        reason: 'too-many-objects',
        detail: `${objects.length} objects, at most ${push.maxObjectsPerMessage}`,
      });
      return reply(
        {
          error: {
            category: SifErrorCategories.genericMessageHandling,
            code: 1,
            description: `The message carries more than ${push.maxObjectsPerMessage} objects`,
          },
        },
        413,
      );
    }
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
        await this.receiver.receive(district.id, message, objects);
        return reply({ status: 1 });
      case 'SIF_Event': {
        const storedAt = this.now();
        const outcome = await this.receiver.receive(district.id, message, objects);
        if (outcome.kind === 'events' && outcome.stored > 0) {
          this.stored.inc({ district: district.id }, outcome.stored);
          await this.notifier.eventsStored(district.id, outcome.stored, storedAt);
        }
        return reply({ status: 1 });
      }
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

  /** One answer for every authentication refusal (unknown district, pull mode, missing or bad credentials). */
  private unauthorised(districtId: string, reason: PushRefusalReason, detail: string): PushAnswer {
    return this.refuse(
      districtId,
      reason,
      detail,
      401,
      undefined,
      SifErrorCategories.authentication,
      1,
      'Authentication failed: this push was not accepted',
    );
  }

  private tooLarge(districtId: string, error: BodyTooLargeError, district?: DistrictConfig): PushAnswer {
    return this.refuse(
      districtId,
      'too-large',
      error.message,
      413,
      district,
      SifErrorCategories.genericMessageHandling,
      1,
      `The message is too large (${error.message})`,
    );
  }

  private refuse(
    districtId: string,
    reason: string,
    detail: string,
    httpStatus: number,
    district: DistrictConfig | undefined,
    category: number,
    code: number,
    description = detail,
  ): PushAnswer {
    this.refusals.inc({ reason });
    this.log.refused({ districtId: district?.id ?? districtId.slice(0, 64), reason, detail });
    const sender = district
      ? { sourceId: district.sif.sourceId, version: district.sif.sifVersion }
      : { sourceId: AGENT_SOURCE_ID, version: '2.0r1' };
    const ack = buildAck(sender, { originalSourceId: '', originalMsgId: '' }, { error: { category, code, description } }).xml;
    return { httpStatus, body: ack, contentType: SIF_CONTENT_TYPE };
  }

  private ack(district: DistrictConfig, originalSourceId: string, originalMsgId: string, outcome: AckOutcome): string {
    return buildAck({ sourceId: district.sif.sourceId, version: district.sif.sifVersion }, { originalSourceId, originalMsgId }, outcome)
      .xml;
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
