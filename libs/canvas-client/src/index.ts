export { CanvasClient, sisRef, type CanvasClientOptions } from './canvas-client';
export { CanvasApiError, canvasErrorKind, type CanvasErrorKind } from './http/canvas-api-error';
export { CanvasHttp, encodeQuery, type CanvasHttpOptions, type Query } from './http/canvas-http';
export { nextPageUrl } from './http/link-header';
export { DEFAULT_PACER, RequestPacer, type PacerSettings } from './http/request-pacer';
export { GradebookApi, type AssignmentGroupInput } from './resources/gradebook';
export { RosterReadsApi } from './resources/roster-reads';
export { ProgressApi, SisImportsApi, type CreateSisImportOptions } from './resources/sis-imports';
export * from './types/canvas-types';
