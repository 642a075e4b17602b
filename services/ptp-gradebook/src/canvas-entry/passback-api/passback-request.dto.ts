import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * What `POST /passback` accepts, checked by zod (the one validation library of the project):
 * unknown fields are refused, so a typo in a field name is an error rather than ignored.
 */
export const passbackRequestSchema = z
  .object({
    districtId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'districtId must be a district id: lower-case letters, digits and dashes'),
    teacherSisId: z.string().min(1).max(100).optional(),
    teacherCanvasId: z.number().int().positive().optional(),
    courseSisId: z.string().min(1).max(255).optional(),
    courseCanvasId: z.number().int().positive().optional(),
  })
  .strict();

/**
 * `POST /passback`: whose grades to pass back (a teacher by SIS id or Canvas id), and optionally
 * only one course. The OpenAPI description of the body; `passbackRequestSchema` is what checks it.
 */
export class PassbackRequestDto implements z.infer<typeof passbackRequestSchema> {
  @ApiProperty({ example: 'springfield', description: 'The district (its id in the districts file).' })
  districtId!: string;

  @ApiPropertyOptional({ example: 'T4711', description: "The teacher's SIS id (PowerSchool staff DCID). Give this or teacherCanvasId." })
  teacherSisId?: string;

  @ApiPropertyOptional({ example: 4211, description: "The teacher's Canvas user id; their SIS id is read from Canvas." })
  teacherCanvasId?: number;

  @ApiPropertyOptional({
    example: 'CRS1203-TRM42',
    description: 'Only this course (its SIS id). Without a course, all the teacher’s courses.',
  })
  courseSisId?: string;

  @ApiPropertyOptional({ example: 5210, description: 'Only this course, by Canvas course id; its SIS id is read from Canvas.' })
  courseCanvasId?: number;
}

/** What `POST /passback` answers at once (202): the run, the validation report, and where to follow it. */
export class PassbackAcceptedDto {
  @ApiProperty({ example: 'passback-springfield-T4711-CRS1203-TRM42' })
  workflowId!: string;

  @ApiProperty({ description: 'The Temporal run id of the passback this request started or joined.' })
  runId!: string;

  @ApiProperty({ description: 'True when a passback of this teacher (and course) was already running and this request joined it.' })
  joined!: boolean;

  @ApiProperty({
    type: Object,
    nullable: true,
    description:
      'The validation report: each assignment, valid or not, with each problem’s rule and fix. Null when validation took longer than PASSBACK_ACCEPT_TIMEOUT_SECONDS (the status URL shows it once ready).',
  })
  report!: object | null;

  @ApiProperty({
    example: 'https://sisbridge.example.org/passback/springfield/passback-springfield-T4711/runs/0b3…',
    description: 'GET it (with the same credentials) for progress and results.',
  })
  statusUrl!: string;
}
