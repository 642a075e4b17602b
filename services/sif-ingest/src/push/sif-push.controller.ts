import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { SifPushHandler } from './sif-push-handler';

/** Where a push-mode zone delivers (the district's `sif.pushUrl` points here). */
@ApiTags('sif')
@Controller('sif/push')
export class SifPushController {
  constructor(private readonly handler: SifPushHandler) {}

  @Post(':districtId')
  @HttpCode(200)
  @ApiOperation({ summary: 'Receive one SIF_Message pushed by the district’s zone; answers its SIF_Ack after storing what it carries' })
  @ApiParam({ name: 'districtId', description: 'The district id from the districts file' })
  @ApiConsumes('application/xml')
  @ApiProduces('application/xml')
  async receive(@Param('districtId') districtId: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const answer = await this.handler.handle(districtId, request, request.headers['content-encoding']);
    response.status(answer.httpStatus).type(answer.contentType).send(answer.body);
  }
}
