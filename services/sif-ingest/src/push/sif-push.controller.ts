import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiHeader, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PushRefusalLimit } from './push-refusal-limit';
import { SifPushHandler } from './sif-push-handler';

/** Where a push-mode zone delivers (the district's `sif.pushUrl` points here). */
@ApiTags('sif')
@Controller('sif/push')
export class SifPushController {
  constructor(
    private readonly handler: SifPushHandler,
    private readonly refusals: PushRefusalLimit,
  ) {}

  @Post(':districtId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive one SIF_Message pushed by the district’s zone; answers its SIF_Ack after storing what it carries',
    description:
      'Authenticated per district before anything is read (sif.push in the districts file): a signature and/or the client certificate subject the Ingress verified. An unknown district, a pull-mode district and bad credentials all answer 401 with the same SIF_Ack error; past SIF_PUSH_REFUSALS_PER_WINDOW refusals a client is answered 429 with Retry-After. Limits: body size, decompressed size, objects per message (413).',
  })
  @ApiParam({ name: 'districtId', description: 'The district id from the districts file' })
  @ApiHeader({ name: 'X-Sisbridge-Timestamp', required: false, description: 'Unix time in seconds, with X-Sisbridge-Signature.' })
  @ApiHeader({
    name: 'X-Sisbridge-Signature',
    required: false,
    description: 'v1=<hex HMAC-SHA256 of "<timestamp>." + body as sent>, with the district’s push secret.',
  })
  @ApiConsumes('application/xml')
  @ApiProduces('application/xml')
  async receive(@Param('districtId') districtId: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const client = request.ip ?? 'unknown';
    const blocked = this.refusals.blockedFor(client, districtId);
    if (blocked !== undefined) return tooManyRefusals(response, blocked);
    const answer = await this.handler.handle({ districtId, headers: request.headers, body: request });
    if (answer.httpStatus === 401) {
      const wait = await this.refusals.refused(client, districtId);
      if (wait !== undefined) return tooManyRefusals(response, wait);
    }
    response.status(answer.httpStatus).type(answer.contentType).send(answer.body);
  }
}

/** Past the refusals a client may make in a window: 429 with Retry-After, nothing read. */
function tooManyRefusals(response: Response, seconds: number): void {
  response
    .status(429)
    .setHeader('Retry-After', String(seconds))
    .type('text/plain')
    .send('too many refused pushes from this client; try again after the time in Retry-After');
}
