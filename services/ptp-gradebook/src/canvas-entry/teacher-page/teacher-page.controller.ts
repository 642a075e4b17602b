import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { DistrictRegistry } from '@sisbridge/district-config';
import { PassbackWorkflowError } from '../passback-workflow/passback-workflow-error';
import { PassbackStatusReader } from '../passback-workflow/passback-status-reader';
import { PASSBACK_PAGE_SCRIPT } from './assets/passback-page.script';
import { PASSBACK_PAGE_STYLES } from './assets/passback-page.styles';
import { html } from './html';
import { setPageHeaders } from './page-headers';
import { PageSessions } from './page-sessions';
import { passbackPage } from './page-shell';
import { isFinished, renderPassbackView } from './render-passback-view';

/** What the page's script gets from the status endpoint: the view's HTML, and whether to keep asking. */
interface PageStatus {
  done: boolean;
  html: string;
}

/**
 * The teacher's page (`/lti/passback`) and what it polls (`/lti/passback/status`), plus its
 * script and styles. The status endpoint answers only with a valid page session, for the one run
 * that session names.
 */
@ApiExcludeController()
@Controller('lti')
export class TeacherPageController {
  constructor(
    private readonly sessions: PageSessions,
    private readonly status: PassbackStatusReader,
    private readonly districts: DistrictRegistry,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(TeacherPageController.name);
  }

  @Get('passback')
  page(@Res() response: Response): void {
    setPageHeaders(response);
    response.type('html').send(passbackPage().value);
  }

  @Get('passback/status')
  async pageStatus(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    setPageHeaders(response);
    const token = /^Bearer +(\S+)$/i.exec(authorization ?? '')?.[1];
    const session = await this.sessions.read(token);
    if (!session) {
      response
        .status(401)
        .json(
          message('This page has expired or was not opened from Canvas. Click Sync Grades again in Canvas to see your latest grade sync.'),
        );
      return;
    }
    try {
      const status = await this.status.read(session.workflowId, session.runId);
      const body: PageStatus = {
        done: isFinished(status),
        html: renderPassbackView(status, { timeZone: this.districts.get(session.districtId).timeZone }).value,
      };
      response.json(body);
    } catch (error) {
      if (!(error instanceof PassbackWorkflowError)) throw error;
      this.logger.warn({ workflowId: session.workflowId, runId: session.runId, kind: error.kind }, 'passback page could not read its run');
      if (error.kind === 'not-found')
        response.status(404).json(message('This grade sync is no longer on record. Click Sync Grades again in Canvas.'));
      else
        response.status(503).json({
          done: false,
          html: html`<p class="connection">sisbridge cannot reach the grade sync right now; trying again…</p>`.value,
        });
    }
  }

  @Get('assets/passback-page.js')
  script(@Res() response: Response): void {
    response.setHeader('Cache-Control', 'public, max-age=300');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.type('application/javascript').send(PASSBACK_PAGE_SCRIPT);
  }

  @Get('assets/passback-page.css')
  styles(@Res() response: Response): void {
    response.setHeader('Cache-Control', 'public, max-age=300');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.type('text/css').send(PASSBACK_PAGE_STYLES);
  }
}

function message(text: string): PageStatus {
  return { done: true, html: html`<section class="refusal" role="alert"><p class="explanation">${text}</p></section>`.value };
}
