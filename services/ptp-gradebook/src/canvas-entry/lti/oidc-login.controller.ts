import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RateLimited } from '../rate-limits/rate-limited';
import { RouteRateLimitGuard } from '../rate-limits/route-rate-limit.guard';
import { setPageHeaders } from '../teacher-page/page-headers';
import { ToolUrls } from '../tool-identity/tool-urls';
import { setBindingCookie } from './binding-cookie';
import { LaunchRefusal } from './launch-refusal';
import { LaunchRefusalFilter } from './launch-refusal.filter';
import { LaunchStates } from './launch-state';
import { LtiDistricts } from './lti-districts';
import { storingLoginPage } from './lti-pages';

/**
 * Step 1 of an LTI 1.3 launch (canvas.md §7.1): Canvas sends the browser here (GET or POST) with
 * `iss`, `login_hint`, `target_link_uri`, `client_id`, `lti_deployment_id`, `lti_message_hint`
 * and `lti_storage_target`; the tool answers with a redirect to Canvas's auth endpoint carrying a
 * fresh signed state and nonce, and its launch URL as `redirect_uri`. The state is bound to this
 * browser (launch-state.ts): a cookie, and, when the platform offers its storage, the same secret
 * stored there by a page that then goes on to Canvas. Rate limited per client: each login costs
 * an RSA signature.
 */
@ApiTags('lti')
@Controller('lti')
@UseFilters(LaunchRefusalFilter)
@UseGuards(RouteRateLimitGuard)
export class OidcLoginController {
  constructor(
    private readonly districts: LtiDistricts,
    private readonly states: LaunchStates,
    private readonly urls: ToolUrls,
  ) {}

  @Get(':districtId/login')
  @RateLimited('lti-login')
  @ApiOperation({ summary: 'LTI 1.3 OIDC login initiation (GET)' })
  loginByGet(@Param('districtId') districtId: string, @Query() params: Record<string, unknown>, @Res() response: Response): Promise<void> {
    return this.login(districtId, params, response);
  }

  @Post(':districtId/login')
  @HttpCode(200)
  @RateLimited('lti-login')
  @ApiOperation({ summary: 'LTI 1.3 OIDC login initiation (form POST)' })
  loginByPost(@Param('districtId') districtId: string, @Body() params: Record<string, unknown>, @Res() response: Response): Promise<void> {
    return this.login(districtId, params, response);
  }

  private async login(districtId: string, params: Record<string, unknown>, response: Response): Promise<void> {
    const lti = await this.districts.registered(districtId);
    const issuer = text(params['iss']);
    if (issuer !== lti.issuer)
      throw new LaunchRefusal('wrong-issuer', "This login request does not come from this district's Canvas. Nothing was started.", {
        iss: issuer,
      });
    const clientId = text(params['client_id']);
    if (clientId !== undefined && clientId !== lti.clientId)
      throw new LaunchRefusal(
        'wrong-audience',
        "This login request is for another tool, not this district's Sync Grades. Nothing was started.",
        {
          clientId,
        },
      );
    const loginHint = text(params['login_hint']);
    if (!loginHint)
      throw new LaunchRefusal('bad-login-request', 'The login request from Canvas is incomplete. Click Sync Grades again in Canvas.');
    const target = text(params['target_link_uri']);
    if (target !== undefined && !target.startsWith(`${this.urls.base}/lti/`))
      throw new LaunchRefusal(
        'bad-login-request',
        'The login request asks to launch something that is not this tool. Nothing was started.',
        {
          targetLinkUri: target,
        },
      );

    const storageTarget = text(params['lti_storage_target']);
    const login = await this.states.issue(districtId, storageTarget ? { platformStorage: storageTarget } : {});
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
      state: login.state,
      nonce: login.nonce,
    };
    for (const [key, value] of Object.entries(query)) if (value !== undefined) auth.searchParams.set(key, value);
    setBindingCookie(response, { name: login.bindingName, value: login.binding, path: this.urls.launchPath(districtId) });
    response.setHeader('Cache-Control', 'no-store');
    if (!storageTarget) {
      response.redirect(302, auth.toString());
      return;
    }
    setPageHeaders(response);
    response
      .type('html')
      .send(storingLoginPage({ target: storageTarget, key: login.bindingName, value: login.binding, next: auth.toString() }).value);
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
