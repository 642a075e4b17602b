export { PtpClient, type PtpClientOptions } from './ptp-client';
export { withoutBreachMitigation } from './http/breach-mitigation';
export { OAuthToken, type PluginCredentials } from './http/oauth-token';
export { PtpApiError, ptpErrorKind, type PtpErrorKind, type PtpValidationProblem } from './http/ptp-api-error';
export {
  encodeQuery,
  PtpHttp,
  retryAfterMs,
  type PtpExchange,
  type PtpHttpOptions,
  type PtpRequest,
  type PtpResponse,
  type Query,
} from './http/ptp-http';
export { InProcessStartSpacing, type InProcessSpacingSettings } from './http/in-process-start-spacing';
export { RequestSpacer, type SpacerSettings } from './http/request-spacer';
export { defaultSpacingMarginMs, realSpacingClock, type SpacingClock, type StartSpacing } from './http/start-spacing';
export { describeProblems, validationProblems } from './http/validation-problems';
export { AssignmentScoresApi, parseScore, perRowOutcomes, scoreBody } from './resources/assignment-scores';
export { assignmentBody, createdIds, parseAssignment, SectionAssignmentsApi } from './resources/section-assignments';
export { parseCategory, TeacherCategoriesApi } from './resources/teacher-categories';
export * from './types/ptp-types';
