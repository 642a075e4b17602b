import { Controller, Get, Param, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { JWK } from 'jose';
import { RateLimited } from '../rate-limits/rate-limited';
import { RouteRateLimitGuard } from '../rate-limits/route-rate-limit.guard';
import { setPageHeaders } from '../teacher-page/page-headers';
import { ToolKeys } from '../tool-identity/tool-keys';
import { ToolUrls } from '../tool-identity/tool-urls';
import { DynamicRegistration } from './dynamic-registration';
import { LaunchRefusalFilter } from './launch-refusal.filter';
import { LtiDistricts } from './lti-districts';
import { registrationDonePage } from './lti-pages';
import { toolConfiguration } from './tool-configuration';

/**
 * What a Canvas administrator needs to register the tool: its configuration JSON and its public
 * key set (404 for a district that is unknown or has no LTI tool), and the URL for LTI Dynamic
 * Registration.
 */
@ApiTags('lti')
@Controller('lti')
export class ToolConfigurationController {
  constructor(
    private readonly districts: LtiDistricts,
    private readonly keys: ToolKeys,
    private readonly urls: ToolUrls,
    private readonly registration: DynamicRegistration,
  ) {}

  @Get(':districtId/config.json')
  @ApiOperation({ summary: "The tool's configuration JSON for a Canvas LTI developer key (Method: Enter URL, or Paste JSON)" })
  @ApiOkResponse({
    description: 'title, oidc_initiation_url, target_link_uri, redirect_uris, the post_grades placement, custom_fields, public_jwk_url',
  })
  @ApiNotFoundResponse({ description: 'No such district, or no LTI tool for it' })
  configuration(@Param('districtId') districtId: string): Record<string, unknown> {
    const lti = this.districts.published(districtId);
    return toolConfiguration({
      lti,
      domain: this.urls.host,
      loginUrl: this.urls.login(districtId),
      launchUrl: this.urls.launch(districtId),
      keySetUrl: this.urls.keySet(districtId),
    });
  }

  @Get(':districtId/jwks.json')
  @ApiOperation({ summary: "The tool's public key set (the developer key's public_jwk_url)" })
  @ApiNotFoundResponse({ description: 'No such district, or no LTI tool for it' })
  keySet(@Param('districtId') districtId: string): { keys: JWK[] } {
    this.districts.published(districtId);
    return this.keys.keySet(districtId);
  }

  @Get(':districtId/register')
  @UseFilters(LaunchRefusalFilter)
  @UseGuards(RouteRateLimitGuard)
  @RateLimited('lti-login')
  @ApiOperation({ summary: 'LTI Dynamic Registration: Canvas opens it with openid_configuration and registration_token' })
  async register(
    @Param('districtId') districtId: string,
    @Query('openid_configuration') openidConfiguration: string | undefined,
    @Query('registration_token') registrationToken: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    await this.registration.register(districtId, openidConfiguration, registrationToken);
    setPageHeaders(response);
    response.type('html').send(registrationDonePage({ title: this.districts.settings(districtId).title }).value);
  }
}
