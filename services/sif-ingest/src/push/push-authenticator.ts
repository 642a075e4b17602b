import type { IncomingHttpHeaders } from 'node:http';
import type { DistrictConfig, DistrictRegistry, SifPushSettings } from '@sisbridge/district-config';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyHmacSignature } from '@sisbridge/service-kit';
import { pushSignedParts } from './push-signature';

/** Why a push was refused, for the log and the metric (never for the caller: every refusal reads the same to it). */
export type PushRefusalReason = 'unknown-district' | 'pull-mode' | 'no-credentials' | 'bad-signature' | 'client-certificate';

export type PushIdentity =
  { ok: true; district: DistrictConfig; push: SifPushSettings } | { ok: false; reason: PushRefusalReason; detail: string };

/**
 * Who is pushing, checked before anything in the push is read: the district must exist and be in
 * push mode, and the push must carry what the district's `sif.push` asks for — a valid signature
 * with the shared secret (`secretEnv`), the verified client certificate subject (`clientCertSubject`,
 * from the header the Ingress sets after mTLS), or both when both are set.
 */
export class PushAuthenticator {
  constructor(
    private readonly districts: DistrictRegistry,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The districts' push secrets must be set: checked at start-up, naming the variable. */
  assertSecrets(): void {
    this.districts.assertSecrets((district) =>
      district.sif.mode === 'push' && district.sif.push?.secretEnv ? [['sif.push.secretEnv', district.sif.push.secretEnv]] : [],
    );
  }

  /** The push district a push names, or why no push is taken for it (before its body is read). */
  pushDistrict(districtId: string): PushIdentity {
    const district = this.districts.districts.find((candidate) => candidate.id === districtId);
    if (!district) return { ok: false, reason: 'unknown-district', detail: 'no such district' };
    const push = district.sif.push;
    if (district.sif.mode !== 'push' || !push) return { ok: false, reason: 'pull-mode', detail: 'the district is in pull mode' };
    return { ok: true, district, push };
  }

  /** Whether the push carries what its district asks for (the body as sent: the signature covers it). */
  verify(identity: { district: DistrictConfig; push: SifPushSettings }, headers: IncomingHttpHeaders, body: Buffer): PushIdentity {
    const { district, push } = identity;
    if (push.clientCertSubject !== undefined) {
      const subject = header(headers, push.clientCertHeader.toLowerCase());
      if (subject === undefined)
        return { ok: false, reason: 'client-certificate', detail: `no ${push.clientCertHeader} header (no verified client certificate)` };
      if (normalise(subject) !== normalise(push.clientCertSubject)) {
        return { ok: false, reason: 'client-certificate', detail: `the client certificate subject is not the district's` };
      }
    }
    if (push.secretEnv !== undefined) {
      const secret = this.districts.secret(district.id, 'sif.push.secretEnv', push.secretEnv);
      const timestamp = header(headers, TIMESTAMP_HEADER);
      const signature = header(headers, SIGNATURE_HEADER);
      if (timestamp === undefined && signature === undefined) return { ok: false, reason: 'no-credentials', detail: 'no signature' };
      const verdict = verifyHmacSignature(secret, timestamp, signature, (signed) => pushSignedParts(signed, body), {
        now: this.now(),
        toleranceSeconds: push.timestampToleranceSeconds,
      });
      if (!verdict.ok) return { ok: false, reason: 'bad-signature', detail: verdict.reason };
    }
    return { ok: true, district, push };
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Subjects compare without the spacing around separators Ingresses render differently. */
function normalise(subject: string): string {
  return subject.trim().replace(/\s*([,=/])\s*/g, '$1');
}
