import { BadRequestException, Body, Controller, Get, HttpCode, Inject, Param, Post, Res, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { SERVICE_CONFIG, ZodBodyPipe } from '@sisbridge/service-kit';
import { CanvasLookups } from '../../canvas/canvas-lookups';
import { PassbackStarter } from '../passback-workflow/passback-starter';
import type { PassbackStatus } from '../passback-workflow/passback-status';
import { PassbackStatusReader } from '../passback-workflow/passback-status-reader';
import type { PtpGradebookConfig } from '../../ptp-gradebook.config';
import { ApiCredentialsGuard } from './api-credentials.guard';
import { toHttpError } from './http-errors';
import { PassbackAcceptedDto, passbackRequestSchema, PassbackRequestDto } from './passback-request.dto';

const validation = new ZodBodyPipe(passbackRequestSchema);

/**
 * The passback API for Canvas-side automation. `POST /passback` starts the teacher's passback, or
 * joins the one running (one run per teacher and course, whoever asks), and answers at once with
 * the run, the validation report and a status URL; `GET` on that URL gives progress and results.
 */
@ApiTags('passback')
@ApiBearerAuth()
@ApiHeader({
  name: 'X-Sisbridge-Timestamp',
  required: false,
  description: 'With X-Sisbridge-Signature, instead of a bearer token: Unix time in seconds.',
})
@ApiHeader({
  name: 'X-Sisbridge-Signature',
  required: false,
  description: 'v1=<hex HMAC-SHA256 of "timestamp\\nMETHOD\\npath\\nbody">, with the district\'s secret.',
})
@ApiUnauthorizedResponse({ description: 'Missing or wrong credentials (nothing is started); the message says which.' })
@Controller('passback')
@UseGuards(ApiCredentialsGuard)
export class PassbackApiController {
  constructor(
    private readonly starter: PassbackStarter,
    private readonly status: PassbackStatusReader,
    private readonly canvas: CanvasLookups,
    @Inject(SERVICE_CONFIG) private readonly config: PtpGradebookConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: "Start (or join) a teacher's passback" })
  @ApiAcceptedResponse({ type: PassbackAcceptedDto })
  async start(@Body(validation) body: PassbackRequestDto, @Res({ passthrough: true }) response: Response): Promise<PassbackAcceptedDto> {
    if (body.teacherSisId !== undefined && body.teacherCanvasId !== undefined)
      throw new BadRequestException('name the teacher with one of teacherSisId and teacherCanvasId, not both');
    if (body.courseSisId !== undefined && body.courseCanvasId !== undefined)
      throw new BadRequestException('name the course with at most one of courseSisId and courseCanvasId');
    try {
      const teacherSisId =
        body.teacherCanvasId !== undefined ? await this.canvas.teacherSisId(body.districtId, body.teacherCanvasId) : body.teacherSisId;
      if (teacherSisId === undefined) throw new BadRequestException('name the teacher: teacherSisId or teacherCanvasId');
      const courseSisId =
        body.courseCanvasId !== undefined ? await this.canvas.courseSisId(body.districtId, body.courseCanvasId) : body.courseSisId;
      const started = await this.starter.start({
        districtId: body.districtId,
        teacherSisId,
        courseSisId,
        trigger: 'canvas-api',
        requestedBy: 'canvas-api',
      });
      const statusUrl = this.url(
        `/passback/${encodeURIComponent(body.districtId)}/${encodeURIComponent(started.workflowId)}/runs/${encodeURIComponent(started.runId)}`,
      );
      response.setHeader('Location', statusUrl);
      return { ...started, statusUrl };
    } catch (error) {
      throw toHttpError(error);
    }
  }

  @Get(':districtId/:workflowId/runs/:runId')
  @ApiOperation({ summary: 'Progress, validation report and results of a passback run' })
  @ApiOkResponse({ description: 'state (running, completed, failed…), progress, report, result' })
  async read(
    @Param('districtId') districtId: string,
    @Param('workflowId') workflowId: string,
    @Param('runId') runId: string,
  ): Promise<PassbackStatus> {
    try {
      return await this.status.read(workflowId, runId, districtId);
    } catch (error) {
      throw toHttpError(error);
    }
  }

  /** Absolute when PUBLIC_URL is known (what a caller outside the cluster can follow), else a path on this host. */
  private url(path: string): string {
    return this.config.PUBLIC_URL ? `${this.config.PUBLIC_URL.replace(/\/$/, '')}${path}` : path;
  }
}
