import {
  BadGatewayException,
  ConflictException,
  NotFoundException,
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { CanvasLookupError } from '../../canvas/canvas-lookups';
import { PassbackWorkflowError } from '../passback-workflow/passback-workflow-error';

/** The API's answer to a failed start or status read: whose problem it is, in the HTTP status. */
export function toHttpError(error: unknown): unknown {
  if (error instanceof PassbackWorkflowError) {
    if (error.kind === 'refused') return new UnprocessableEntityException(error.message);
    if (error.kind === 'not-found') return new NotFoundException(error.message);
    if (error.kind === 'conflict') return new ConflictException(error.message);
    return new ServiceUnavailableException(error.message);
  }
  if (error instanceof CanvasLookupError) {
    if (error.kind === 'not-found' || error.kind === 'no-sis-id') return new UnprocessableEntityException(error.message);
    if (error.kind === 'canvas-unavailable') return new ServiceUnavailableException(error.message);
    return new BadGatewayException(error.message);
  }
  return error;
}
