import { Body, Controller, HttpCode, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { PassbackWorkflowError } from '../passback-workflow/passback-workflow-error';
import { PassbackStarter } from '../passback-workflow/passback-starter';
import { RateLimited } from '../rate-limits/rate-limited';
import { RouteRateLimitGuard } from '../rate-limits/route-rate-limit.guard';
import { PageSessions } from '../teacher-page/page-sessions';
import { setPageHeaders } from '../teacher-page/page-headers';
import { refusalSection } from '../teacher-page/page-shell';
import { ToolUrls } from '../tool-identity/tool-urls';
import { bindingCookie } from './binding-cookie';
import { IdTokenVerifier } from './id-token-verifier';
import { LaunchRefusal } from './launch-refusal';
import { LaunchRefusalFilter } from './launch-refusal.filter';
import { isBound, LaunchStates } from './launch-state';
import { LaunchTickets, unbound } from './launch-tickets';
import { launchIdentity, type LaunchIdentity } from './lti-claims';
import { LtiDistricts } from './lti-districts';
import { confirmingLaunchPage } from './lti-pages';
import { TeacherCheck } from './teacher-check';

/**
 * Step 3 of an LTI 1.3 launch: Canvas posts the id token (and the state) here. The tool checks the
 * state and that this browser is the one that logged in (its cookie, or the platform's storage
 * through `/launch/confirm`), the token, and that the user teaches the course; then it starts
 * that teacher's passback, or joins the one running (the same deterministic id the API and the
 * nightly run use), and sends the browser to the page that shows it. Any failure is a page saying
 * why, and nothing is started.
 */
@ApiTags('lti')
@Controller('lti')
@UseFilters(LaunchRefusalFilter)
@UseGuards(RouteRateLimitGuard)
export class LaunchController {
  constructor(
    private readonly districts: LtiDistricts,
    private readonly states: LaunchStates,
    private readonly verifier: IdTokenVerifier,
    private readonly tickets: LaunchTickets,
    private readonly teachers: TeacherCheck,
    private readonly starter: PassbackStarter,
    private readonly sessions: PageSessions,
    private readonly urls: ToolUrls,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(LaunchController.name);
  }

  @Post(':districtId/launch')
  @HttpCode(200)
  @RateLimited('lti-launch')
  @ApiOperation({ summary: 'LTI 1.3 launch (Canvas posts the id token here; the redirect_uri)' })
  async launch(
    @Param('districtId') districtId: string,
    @Body() form: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const lti = await this.districts.registered(districtId);
    const error = text(form['error']);
    if (error) {
      throw new LaunchRefusal(
        'platform-error',
        'Canvas could not sign you in to the tool. Click Sync Grades again in Canvas. Nothing was started.',
        {
          error,
          errorDescription: text(form['error_description']),
        },
      );
    }
    const state = await this.states.check(districtId, text(form['state']));
    const bound = isBound(state, bindingCookie(request, state.bindingName));
    // Neither a cookie nor the platform's storage to show: not the browser that logged in.
    if (!bound && !state.platformStorage) throw unbound();
    const claims = await this.verifier.verify(districtId, lti, text(form['id_token']), state.nonce);
    const identity = launchIdentity(claims);
    if (bound) {
      response.setHeader('Cache-Control', 'no-store');
      // 303: the browser GETs the page, so a reload never posts the (now used) launch again.
      response.redirect(303, await this.carryOut(districtId, identity));
      return;
    }
    const ticket = await this.tickets.issue(districtId, identity, state);
    setPageHeaders(response);
    response.type('html').send(
      confirmingLaunchPage({
        target: text(form['lti_storage_target']) ?? state.platformStorage ?? '',
        key: state.bindingName,
        ticket,
        confirm: `${this.urls.launch(districtId)}/confirm`,
      }).value,
    );
  }

  /** The launch page's script, with the binding read back from the platform's storage: carries the launch out, or says why not. */
  @Post(':districtId/launch/confirm')
  @HttpCode(200)
  @RateLimited('lti-launch')
  @ApiExcludeEndpoint()
  async confirm(@Param('districtId') districtId: string, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    try {
      await this.districts.registered(districtId);
      const identity = await this.tickets.redeem(districtId, text(body['ticket']), text(body['binding']));
      response.json({ location: await this.carryOut(districtId, identity) });
    } catch (error) {
      if (!(error instanceof LaunchRefusal)) throw error;
      this.logger.warn({ refusal: error.code, districtId, ...error.details }, 'LTI launch refused');
      response.status(error.status).json({ refusal: error.code, html: refusalSection(error.code, error.explanation).value });
    }
  }

  /** The teacher is checked, the passback started or joined: the address of the page that shows it. */
  private async carryOut(districtId: string, identity: LaunchIdentity): Promise<string> {
    const lti = await this.districts.registered(districtId);
    const teacher = await this.teachers.confirm(districtId, identity);
    const courseSisId = lti.launchScope === 'course' ? teacher.courseSisId : undefined;
    let started;
    try {
      started = await this.starter.start({
        districtId,
        teacherSisId: teacher.teacherSisId,
        courseSisId,
        trigger: 'lti',
        requestedBy: `lti:${teacher.teacherSisId}`,
      });
    } catch (failure) {
      if (failure instanceof PassbackWorkflowError && failure.kind === 'refused') {
        throw new LaunchRefusal('passback-refused', `The grade sync refused to start: ${failure.message}`);
      }
      if (failure instanceof PassbackWorkflowError && failure.kind === 'conflict') {
        throw new LaunchRefusal(
          'passback-refused',
          'Another grade sync holds this course’s place right now, so nothing was started. Try again once it has ended.',
        );
      }
      if (failure instanceof PassbackWorkflowError) {
        throw new LaunchRefusal(
          'passback-unavailable',
          `sisbridge could not start the grade sync right now. Try again in a few minutes${failure.reference ? ` (reference ${failure.reference})` : ''}.`,
        );
      }
      throw failure;
    }
    this.logger.info(
      { districtId, workflowId: started.workflowId, runId: started.runId, joined: started.joined, placement: identity.placement },
      'LTI launch accepted',
    );
    const session = await this.sessions.issue({
      districtId,
      teacherSisId: teacher.teacherSisId,
      courseSisId,
      workflowId: started.workflowId,
      runId: started.runId,
    });
    return this.urls.page(session);
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
