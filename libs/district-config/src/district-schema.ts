import { z } from 'zod';
import { apiSettingsSchema, ltiSettingsSchema } from './passback-access-schema';

/**
 * One district's settings. A deployment serves several districts; each has its own SIF zone,
 * Canvas root account and token, PowerTeacher Pro plugin credentials, course mode, thresholds
 * and schedules. Secrets are never in this file: it names the environment variable that holds
 * each one (from a Kubernetes Secret), e.g. `tokenEnv: CANVAS_TOKEN_SPRINGFIELD`.
 */

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'the name of an environment variable (A-Z, 0-9, _)');

const url = z.string().refine((value) => /^https?:\/\/[^\s/]+/.test(value), 'an http:// or https:// URL');

/** `{dcid}`, `{refId}`, `{localId}` placeholders; see sis-id-template.ts. */
const sisIdTemplate = z.string().regex(/\{(dcid|refId|localId)\}/, 'a template containing {dcid}, {refId} or {localId}');

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time such as 02:30');

export const sifSettingsSchema = z.strictObject({
  /** The zone endpoint: `https://zis.example.org/zone/{zoneId}` (one SIF_Message per POST). */
  zoneUrl: url,
  /** This agent's SIF_SourceId in the zone (case-sensitive). */
  sourceId: z.string().min(1).default('sisbridge'),
  mode: z.enum(['pull', 'push']).default('pull'),
  /** Push mode: the URL the ZIS POSTs to (sif-ingest's `/sif/push/{districtId}`, as reachable from the ZIS). */
  pushUrl: url.optional(),
  sifVersion: z.string().default('2.0r1'),
  /** The largest packet the zone may send us (bytes). PowerSchool fills packets up to this. */
  maxBufferSize: z
    .number()
    .int()
    .min(4096)
    .max(64 * 1024 * 1024)
    .default(1_048_576),
  /** Seconds between SIF_GetMessage calls when the queue is empty (pull mode). */
  pollIntervalSeconds: z.number().positive().max(300).default(2),
  /** Seconds with no new packet before a request with missing packets is asked again. */
  missingPacketTimeoutSeconds: z.number().positive().default(60),
  /** The SIF_ExtendedElement that carries the PowerSchool DCID. */
  dcidElement: z.string().min(1).default('DCID'),
  /** Where SIS ids come from: the DCID element, falling back to the RefId when an object has none. */
  sisIdSource: z.enum(['dcid-then-refid', 'dcid', 'refid']).default('dcid-then-refid'),
  /** The SIF_ExtendedElement with the PowerSchool username, when the agent publishes one (for SSO login ids). */
  usernameElement: z.string().min(1).optional(),
  /**
   * [U] What ExitDate means: PowerSchool state plug-ins differ. `day-after-last`: the exit date is
   * the first day the student is gone (PowerSchool's own convention); `last-day`: the last day
   * attended. An enrollment is dropped once the student is gone.
   */
  exitDateMeaning: z.enum(['day-after-last', 'last-day']).default('day-after-last'),
  /** A kind with fewer objects than this share of the last snapshot fails the ingest (a truncated feed). */
  minShareOfLastSnapshot: z.number().min(0).max(1).default(0.5),
  /** The longest value (characters) accepted in any field of an object; an object with a longer one is rejected. */
  maxFieldLength: z.number().int().min(64).max(1_048_576).default(8_192),
  /** How many times a request is sent (first time included) when packets go missing or the zone drops it. */
  maxRequestAttempts: z.number().int().min(1).max(10).default(3),
  /** Seconds one HTTP exchange with the zone may take. */
  requestTimeoutSeconds: z.number().positive().max(600).default(60),
  /** Seconds an ingest waits for a sleeping zone (SIF_Status 8) to wake before giving up (Temporal retries later). */
  maxSleepingSeconds: z.number().positive().default(1_800),
  /**
   * How the agent declares its subscriptions and requests: one SIF_Provision (SIF 2.x), or the
   * older per-object SIF_Subscribe. A zone that answers SIF_Provision with 12/2 gets SIF_Subscribe anyway.
   */
  provisioning: z.enum(['provision', 'subscribe']).default('provision'),
  /**
   * Runs whose raw SIF objects are kept in sif_ingest (the newest complete ones), and snapshots
   * kept besides the one Canvas last took in.
   */
  retainRuns: z.number().int().min(1).max(100).default(3),
  /** Days a SIF_Event is kept once settled (applied, rejected or superseded): they hold personal data. */
  eventRetentionDays: z.number().int().min(1).max(3_650).default(30),
});

export const sisIdTemplatesSchema = z
  .object({
    school: sisIdTemplate.default('SCH{dcid}'),
    term: sisIdTemplate.default('TRM{dcid}'),
    course: sisIdTemplate.default('CRS{dcid}'),
    section: sisIdTemplate.default('SEC{dcid}'),
    student: sisIdTemplate.default('S{dcid}'),
    staff: sisIdTemplate.default('T{dcid}'),
  })
  .refine((templates) => literalPart(templates.student) !== literalPart(templates.staff), {
    message: 'a template whose fixed text differs from the student template, so a student and a staff member never share a SIS id',
    path: ['staff'],
  });

export const canvasSettingsSchema = z.strictObject({
  baseUrl: url,
  /** The root account (Canvas id or `sis_account_id:…`); sub-accounts per school go under it. */
  rootAccountId: z.union([z.number().int().positive(), z.string().min(1)]),
  tokenEnv: envName,
  courseMode: z.enum(['course-per-section', 'course-per-offering']).default('course-per-section'),
  loginIdSource: z.enum(['username', 'local-id', 'email', 'sis-id']).default('local-id'),
  /** The Canvas authentication provider for the logins (id or type, e.g. `saml`); none = Canvas's own. */
  authenticationProviderId: z.union([z.number().int(), z.string().min(1)]).optional(),
  enrollmentDropStatus: z.enum(['deleted', 'completed']).default('completed'),
  userRemoveStatus: z.enum(['suspended', 'deleted']).default('suspended'),
  /** A run that would delete or drop more than this share of any kind waits for an operator. */
  deleteThreshold: z.number().min(0).max(1).default(0.1),
  /** Requests per second this district's imports and REST calls may make. */
  maxRequestsPerSecond: z.number().positive().default(10),
});

/**
 * How Canvas grades become PowerTeacher Pro scores (the choices are explained in
 * services/ptp-gradebook/README.md). Where the reference leaves PTP's behaviour unconfirmed ([U]),
 * the district picks the reading.
 */
export const ptpScoreSettingsSchema = z.strictObject({
  /** [U] Excused in Canvas: `exempt` sends isexempt with no score; `exempt-with-zero` adds a 0, for a PTP that insists on a score. */
  excused: z.enum(['exempt', 'exempt-with-zero']).default('exempt'),
  /** Missing in Canvas: `flag` sends ismissing (with the score when there is one); `ignore` sends the score only. */
  missing: z.enum(['flag', 'ignore']).default('flag'),
  /** Late in Canvas: `flag` sends islate with the score; `ignore` sends the score only. */
  late: z.enum(['flag', 'ignore']).default('flag'),
  /** A score above points possible: `extra-points` raises the PTP assignment's extra points to fit it; `clamp` sends points possible. */
  aboveMaximum: z.enum(['extra-points', 'clamp']).default('extra-points'),
  /** Rows per `PUT /ws/xte/score`. */
  batchSize: z.number().int().min(1).max(1000).default(200),
  /** [U] Query parameters `PUT /ws/xte/score` gets besides users_dcid, e.g. `{ status: "A,I,P" }` (none by default). */
  writeQuery: z.record(z.string().regex(/^[a-z_]+$/, 'a query parameter name (a-z and _)'), z.string()).default({}),
});

export const ptpSettingsSchema = z.strictObject({
  baseUrl: url,
  clientIdEnv: envName,
  clientSecretEnv: envName,
  /** PowerSchool's "Minimum time interval between API requests per plugin", if the district set one. */
  minIntervalMs: z.number().int().min(0).default(0),
  /** Canvas's integration caps names at 30; PowerTeacher Pro's column holds 50. */
  maxAssignmentNameLength: z.number().int().min(1).max(50).default(30),
  /** Requests to this district's PTP in flight at once (the minimum interval still spaces their starts). */
  maxConcurrentRequests: z.number().int().min(1).max(16).default(4),
  /** Seconds one PTP request may take. */
  requestTimeoutSeconds: z.number().positive().max(600).default(60),
  /** How often one request is sent before the failure goes to Temporal (5xx, dropped connections, 412 "Resubmit", too many requests). */
  maxAttemptsPerRequest: z.number().int().min(1).max(10).default(4),
  scores: ptpScoreSettingsSchema.prefault({}),
});

export const scheduleSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Local time in the district's time zone. */
  at: clockTime,
});

/** The nightly passback: courses whose `grade_passback_setting` is `nightly_sync`, teacher by teacher. */
export const passbackScheduleSchema = scheduleSchema.extend({
  /** Teachers whose passbacks run at once (each teacher's courses go one after another). */
  maxConcurrentTeachers: z.number().int().min(1).max(50).default(5),
});

export const districtSchema = z.strictObject({
  /** Lower-case id used in workflow ids and search attributes: `provision-{id}-{date}`. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes (at most 40)'),
  name: z.string().min(1),
  /** IANA time zone of the district, for schedules. */
  timeZone: z.string().refine(isTimeZone, 'an IANA time zone such as America/Chicago'),
  /** The SIF SchoolYear (the year it ends: 2026 = 2025-26). Omitted: derived from today and `schoolYearStartsInMonth`. */
  schoolYear: z.number().int().min(2000).max(2100).optional(),
  schoolYearStartsInMonth: z.number().int().min(1).max(12).default(7),
  sif: sifSettingsSchema,
  sisIds: sisIdTemplatesSchema.default({
    school: 'SCH{dcid}',
    term: 'TRM{dcid}',
    course: 'CRS{dcid}',
    section: 'SEC{dcid}',
    student: 'S{dcid}',
    staff: 'T{dcid}',
  }),
  canvas: canvasSettingsSchema,
  ptp: ptpSettingsSchema.optional(),
  /** The passback API for Canvas-side automation; without it the API refuses this district. */
  api: apiSettingsSchema.optional(),
  /** The LTI 1.3 "Sync Grades" tool; without it launches for this district are refused. */
  lti: ltiSettingsSchema.optional(),
  schedules: z
    .object({
      provisioning: scheduleSchema.default({ enabled: true, at: '02:00' }),
      passback: passbackScheduleSchema.default({ enabled: false, at: '21:00', maxConcurrentTeachers: 5 }),
    })
    .default({ provisioning: { enabled: true, at: '02:00' }, passback: { enabled: false, at: '21:00', maxConcurrentTeachers: 5 } }),
});

export const districtsFileSchema = z
  .strictObject({ districts: z.array(districtSchema).min(1, 'a list of at least one district') })
  .refine((file) => new Set(file.districts.map((d) => d.id)).size === file.districts.length, {
    message: 'a list with unique district ids',
    path: ['districts'],
  });

export type DistrictConfig = z.output<typeof districtSchema>;
export type SifSettings = z.output<typeof sifSettingsSchema>;
export type SisIdTemplates = z.output<typeof sisIdTemplatesSchema>;
export type CanvasSettings = z.output<typeof canvasSettingsSchema>;
export type PtpSettings = z.output<typeof ptpSettingsSchema>;
export type PtpScoreSettings = z.output<typeof ptpScoreSettingsSchema>;
export type PassbackScheduleSettings = z.output<typeof passbackScheduleSchema>;

function literalPart(template: string): string {
  return template.replace(/\{[^}]+\}/g, '');
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
