import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { PLATFORM_STORAGE_SCRIPT, REGISTRATION_DONE_SCRIPT } from './assets/platform-storage.script';

/** The scripts of the login, launch and registration pages (served here, not inline, so the CSP forbids inline scripts). */
@ApiExcludeController()
@Controller('lti/assets')
export class LtiAssetsController {
  @Get('platform-storage.js')
  platformStorage(@Res() response: Response): void {
    script(response, PLATFORM_STORAGE_SCRIPT);
  }

  @Get('registration-done.js')
  registrationDone(@Res() response: Response): void {
    script(response, REGISTRATION_DONE_SCRIPT);
  }
}

function script(response: Response, source: string): void {
  response.setHeader('Cache-Control', 'public, max-age=300');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.type('application/javascript').send(source);
}
