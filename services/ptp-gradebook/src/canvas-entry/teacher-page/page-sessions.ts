import { Inject, Injectable } from '@nestjs/common';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import { ToolKeys } from '../tool-identity/tool-keys';
import { ToolUrls } from '../tool-identity/tool-urls';
import type { PtpGradebookConfig } from '../../ptp-gradebook.config';

/** Which run a teacher's page shows: signed into the page session at launch. */
export interface PageSession {
  districtId: string;
  teacherSisId: string;
  courseSisId?: string;
  workflowId: string;
  runId: string;
}

/**
 * The teacher's page session: a short-lived token (LTI_SESSION_MINUTES) the tool signs after a
 * verified launch, naming the one run the page may show. It travels in the page address's
 * fragment and as a bearer token to the status endpoint, so no cookie is needed inside Canvas's
 * frame (where browsers block third-party cookies).
 */
@Injectable()
export class PageSessions {
  constructor(
    private readonly keys: ToolKeys,
    private readonly urls: ToolUrls,
    @Inject(SERVICE_CONFIG) private readonly config: PtpGradebookConfig,
  ) {}

  issue(session: PageSession): Promise<string> {
    return this.keys.sign(
      session.districtId,
      { sub: session.teacherSisId, course: session.courseSisId, wid: session.workflowId, rid: session.runId, purpose: 'passback-page' },
      { issuer: this.urls.issuer, audience: this.audience, expiresInSeconds: this.config.LTI_SESSION_MINUTES * 60 },
    );
  }

  /** The session, or undefined when the token is missing, forged, for something else, or expired. */
  async read(token: string | undefined): Promise<PageSession | undefined> {
    if (!token) return undefined;
    try {
      const { districtId, payload } = await this.keys.verify(token, { issuer: this.urls.issuer, audience: this.audience });
      const { sub, wid, rid, course, purpose } = payload;
      if (purpose !== 'passback-page' || typeof sub !== 'string' || typeof wid !== 'string' || typeof rid !== 'string') return undefined;
      return { districtId, teacherSisId: sub, workflowId: wid, runId: rid, ...(typeof course === 'string' ? { courseSisId: course } : {}) };
    } catch {
      return undefined;
    }
  }

  private get audience(): string {
    return `${this.urls.issuer}/lti/passback`;
  }
}
