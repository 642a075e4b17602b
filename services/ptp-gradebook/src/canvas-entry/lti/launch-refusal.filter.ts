import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { setPageHeaders } from '../teacher-page/page-headers';
import { refusalPage } from '../teacher-page/page-shell';
import { LaunchRefusal } from './launch-refusal';

/**
 * A refused login or launch becomes a page the teacher can read (the browser came from Canvas, not
 * an API client), with the HTTP status of the refusal, and one log line with its code.
 */
@Catch(LaunchRefusal)
export class LaunchRefusalFilter implements ExceptionFilter<LaunchRefusal> {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext('LtiLaunch');
  }

  catch(refusal: LaunchRefusal, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    this.logger.warn(
      { refusal: refusal.code, districtId: request.params['districtId'], path: request.path, ...refusal.details },
      'LTI launch refused',
    );
    setPageHeaders(response);
    response.status(refusal.status).type('html').send(refusalPage(refusal.code, refusal.explanation).value);
  }
}
