import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JWK } from 'jose';
import { LtiDistricts } from './lti-districts';
import { toolConfiguration } from './tool-configuration';
import { ToolKeys } from '../tool-identity/tool-keys';
import { ToolUrls } from '../tool-identity/tool-urls';

/** What a Canvas administrator needs to register the tool: its configuration JSON and its public key set. */
@ApiTags('lti')
@Controller('lti')
export class ToolConfigurationController {
  constructor(
    private readonly districts: LtiDistricts,
    private readonly keys: ToolKeys,
    private readonly urls: ToolUrls,
  ) {}

  @Get(':districtId/config.json')
  @ApiOperation({ summary: "The tool's configuration JSON for a Canvas LTI developer key (Method: Enter URL, or Paste JSON)" })
  @ApiOkResponse({ description: 'title, oidc_initiation_url, target_link_uri, the post_grades placement, custom_fields, public_jwk_url' })
  configuration(@Param('districtId') districtId: string): Record<string, unknown> {
    const lti = this.districts.settings(districtId);
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
  keySet(@Param('districtId') districtId: string): { keys: JWK[] } {
    this.districts.settings(districtId);
    return this.keys.keySet(districtId);
  }
}
