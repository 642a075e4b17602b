import { describeSifError, SifErrorCategories, type SifErrorInfo } from '@sisbridge/sif-codec';
import { IngestError } from '../failures/ingest-error';

/**
 * The one place where the zone's SIF_Errors become decisions (reference/sif.md §1.6):
 * - access, authentication, registration, provisioning, subscription, XML and generic errors
 *   say the agent's settings or messages are wrong: `configuration`, not retried;
 * - transport and system errors, and "no provider" (the PowerSchool agent is not connected),
 *   pass with time: `transient`, retried by Temporal;
 * - other request/response errors say the feed cannot be had: `broken-feed`, not retried.
 */
export function zoneRefused(districtId: string, what: string, error: SifErrorInfo): IngestError {
  const reason = `district ${districtId}: the SIF zone refused ${what} with SIF_Error ${describeSifError(error.category, error.code)}${error.description ? `: ${error.description.slice(0, 200)}` : ''}`;
  switch (error.category) {
    case SifErrorCategories.transport:
    case SifErrorCategories.system:
      return new IngestError('transient', reason);
    case SifErrorCategories.requestAndResponse:
      if (error.code === 4) return new IngestError('transient', `${reason} (is the PowerSchool SIF agent connected to the zone?)`);
      return new IngestError('broken-feed', reason);
    default:
      return new IngestError('configuration', reason);
  }
}

/**
 * A SIF_Response that carries a SIF_Error: worth asking again when the zone or the responder
 * lost the request (timeouts, an administrator, a system error), final otherwise (the query is
 * not supported, the object is invalid…): the ingest then fails with that reason.
 */
export function responseErrorIsWorthRetrying(error: SifErrorInfo): boolean {
  if (error.category === SifErrorCategories.transport || error.category === SifErrorCategories.system) return true;
  return error.category === SifErrorCategories.requestAndResponse && (error.code === 16 || error.code === 17);
}
