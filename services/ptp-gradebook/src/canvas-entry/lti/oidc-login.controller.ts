import { Body, Controller, Get, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LaunchRefusal } from './launch-refusal';
import { LaunchRefusalFilter } from './launch-refusal.filter';
import { LaunchStates } from './launch-state';
import { LtiDistricts } from './lti-districts';
import { ToolUrls } from '../tool-identity/tool-urls';

/**
 * Step 1 of an LTI 1.3 launch (canvas.md §7.1): Canvas sends the browser here (GET or POST) with
 * `iss`, `login_hint`, `target_link_uri`, `client_id`, `lti_deployment_id`, `lti_message_hint`;
 * the tool answers with a redirect to Canvas's auth endpoint carrying a fresh signed state and
 * nonce, and its launch URL as `redirect_uri`.
 */
@ApiTags('lti')
@Controller('lti')
@UseFilters(LaunchRefusalFilter)
export class OidcLoginController {
  constructor(
    private readonly districts: LtiDistricts,
    private readonly states: LaunchStates,
    private readonly urls: ToolUrls,
  ) {}

  @Get(':districtId/login')
  @ApiOperation({ summary: 'LTI 1.3 OIDC login initiation (GET)' })
  loginByGet(@Param('districtId') districtId: string, @Query() params: Record<string, unknown>, @Res() response: Response): Promise<void> {
    return this.login(districtId, params, response);
  }

  @Post(':districtId/login')
  @ApiOperation({ summary: 'LTI 1.3 OIDC login initiation (form POST)' })
  loginByPost(@Param('districtId') districtId: string, @Body() params: Record<string, unknown>, @Res() response: Response): Promise<void> {
    return this.login(districtId, params, response);
  }

  private async login(districtId: string, params: Record<string, unknown>, response: Response): Promise<void> {
    const lti = this.districts.settings(districtId);
    const issuer = text(params['iss']);
    if (issuer !== lti.issuer) {
      throw new LaunchRefusal(
        'wrong-issuer',
        `This login request comes from ${JSON.stringify(issuer ?? null)}, not from this district's Canvas (${lti.issuer}). Nothing was started.`,
      );
    }
    const clientId = text(params['client_id']);
    if (clientId !== undefined && clientId !== lti.clientId) {
      throw new LaunchRefusal(
        'wrong-audience',
        `This login request is for developer key ${clientId}, not this district's Sync Grades key (${lti.clientId}). Nothing was started.`,
      );
    }
    const loginHint = text(params['login_hint']);
    if (!loginHint)
      throw new LaunchRefusal('bad-login-request', 'The login request from Canvas has no login_hint. Click Sync Grades again in Canvas.');
    const target = text(params['target_link_uri']);
    if (target !== undefined && !target.startsWith(`${this.urls.base}/lti/`)) {
      throw new LaunchRefusal(
        'bad-login-request',
        `The login request asks to launch ${target}, which is not this tool. Nothing was started.`,
      );
    }

    const { state, nonce } = await this.states.issue(districtId);
    const auth = new URL(lti.authorizationEndpoint);
    const query: Record<string, string | undefined> = {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: lti.clientId,
      redirect_uri: this.urls.launch(districtId),
      login_hint: loginHint,
      lti_message_hint: text(params['lti_message_hint']),
      state,
      nonce,
    };
    for (const [key, value] of Object.entries(query)) if (value !== undefined) auth.searchParams.set(key, value);
    response.setHeader('Cache-Control', 'no-store');
    response.redirect(302, auth.toString());
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
