import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsPositive, IsString, Length, Matches } from 'class-validator';

/** `POST /passback`: whose grades to pass back (a teacher by SIS id or Canvas id), and optionally only one course. */
export class PassbackRequestDto {
  @ApiProperty({ example: 'springfield', description: 'The district (its id in the districts file).' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: 'districtId must be a district id: lower-case letters, digits and dashes' })
  districtId!: string;

  @ApiPropertyOptional({ example: 'T4711', description: "The teacher's SIS id (PowerSchool staff DCID). Give this or teacherCanvasId." })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  teacherSisId?: string;

  @ApiPropertyOptional({ example: 4211, description: "The teacher's Canvas user id; their SIS id is read from Canvas." })
  @IsOptional()
  @IsInt()
  @IsPositive()
  teacherCanvasId?: number;

  @ApiPropertyOptional({ example: 'CRS1203-TRM42', description: 'Only this course (its SIS id). Without a course, all the teacher’s courses.' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  courseSisId?: string;

  @ApiPropertyOptional({ example: 5210, description: 'Only this course, by Canvas course id; its SIS id is read from Canvas.' })
  @IsOptional()
  @IsInt()
  @IsPositive()
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
    description: 'The validation report: each assignment, valid or not, with each problem’s rule and fix. Null when validation took longer than PASSBACK_ACCEPT_TIMEOUT_SECONDS (the status URL shows it once ready).',
  })
  report!: object | null;

  @ApiProperty({ example: 'https://sisbridge.example.org/passback/springfield/passback-springfield-T4711/runs/0b3…', description: 'GET it (with the same credentials) for progress and results.' })
  statusUrl!: string;
}
