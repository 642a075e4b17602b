import { Body, Controller, Param, Post, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { PageSessions } from '../teacher-page/page-sessions';
import { PassbackWorkflowError } from '../passback-workflow/passback-workflow-error';
import { PassbackStarter } from '../passback-workflow/passback-starter';
import { IdTokenVerifier } from './id-token-verifier';
import { LaunchRefusal } from './launch-refusal';
import { LaunchRefusalFilter } from './launch-refusal.filter';
import { LaunchStates } from './launch-state';
import { launchIdentity } from './lti-claims';
import { LtiDistricts } from './lti-districts';
import { TeacherCheck } from './teacher-check';
import { ToolUrls } from '../tool-identity/tool-urls';

/**
 * Step 3 of an LTI 1.3 launch: Canvas posts the id token (and the state) here. The tool checks the
 * state, the token, and that the user teaches the course; then it starts that teacher's passback,
 * or joins the one running (the same deterministic id the API and the nightly run use), and sends
 * the browser to the page that shows it. Any failure is a page saying why, and nothing is started.
 */
@ApiTags('lti')
@Controller('lti')
@UseFilters(LaunchRefusalFilter)
export class LaunchController {
  constructor(
    private readonly districts: LtiDistricts,
    private readonly states: LaunchStates,
    private readonly verifier: IdTokenVerifier,
    private readonly teachers: TeacherCheck,
    private readonly starter: PassbackStarter,
    private readonly sessions: PageSessions,
    private readonly urls: ToolUrls,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(LaunchController.name);
  }

  @Post(':districtId/launch')
  @ApiOperation({ summary: 'LTI 1.3 launch (Canvas posts the id token here; the redirect_uri)' })
  async launch(@Param('districtId') districtId: string, @Body() form: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const lti = this.districts.settings(districtId);
    const error = text(form['error']);
    if (error) {
      throw new LaunchRefusal(
        'platform-error',
        `Canvas could not sign you in to the tool (${text(form['error_description']) ?? error}). Click Sync Grades again in Canvas.`,
      );
    }
    const nonce = await this.states.check(districtId, text(form['state']));
    const claims = await this.verifier.verify(districtId, lti, text(form['id_token']), nonce);
    const identity = launchIdentity(claims);
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
      if (failure instanceof PassbackWorkflowError) {
        throw new LaunchRefusal(
          'passback-unavailable',
          `sisbridge could not start the grade sync right now (${failure.message}). Try again in a few minutes.`,
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
    // 303: the browser GETs the page, so a reload never posts the (now used) launch again.
    response.setHeader('Cache-Control', 'no-store');
    response.redirect(303, this.urls.page(session));
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
