import { BadGatewayException, NotFoundException, ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import { CanvasLookupError } from '../canvas-lookups/canvas-lookups';
import { PassbackRunError } from '../passback-runs/passback-run-errors';

/** The API's answer to a failed start or status read: whose problem it is, in the HTTP status. */
export function toHttpError(error: unknown): unknown {
  if (error instanceof PassbackRunError) {
    if (error.kind === 'refused') return new UnprocessableEntityException(error.message);
    if (error.kind === 'not-found') return new NotFoundException(error.message);
    return new ServiceUnavailableException(error.message);
  }
  if (error instanceof CanvasLookupError) {
    if (error.kind === 'not-found' || error.kind === 'no-sis-id') return new UnprocessableEntityException(error.message);
    if (error.kind === 'canvas-unavailable') return new ServiceUnavailableException(error.message);
    return new BadGatewayException(error.message);
  }
  return error;
}
