/**
 * A SIF_Error: category, code and description as SIF 2.x lists them (reference/sif.md §1.6,
 * from OpenADK's SIFErrorCategory/SIFErrorCodes), with an extended description saying exactly
 * what was wrong with the message.
 */
export class SifError extends Error {
  constructor(
    readonly category: number,
    readonly code: number,
    readonly desc: string,
    readonly extendedDesc?: string,
  ) {
    super(`SIF_Error ${category}/${code} ${desc}${extendedDesc ? `: ${extendedDesc}` : ''}`);
  }
}

/** The errors this zone returns, named for what went wrong. */
export const SIF_ERRORS = {
  // 1 XML validation
  notWellFormed: (detail: string) => new SifError(1, 2, 'Message is not well-formed', detail),
  invalidMessage: (detail: string) => new SifError(1, 3, 'Generic validation error', detail),
  invalidValue: (detail: string) => new SifError(1, 4, 'Invalid value for element/attribute', detail),
  missingElement: (detail: string) => new SifError(1, 6, 'Missing mandatory element/attribute', detail),
  // 4 Access and permissions
  noPermissionToRegister: (detail: string) => new SifError(4, 2, 'No permission to register', detail),
  noPermissionToProvide: (detail: string) => new SifError(4, 3, 'No permission to provide this object', detail),
  noPermissionToRespond: (detail: string) => new SifError(4, 6, 'No permission to respond to this request', detail),
  sourceIdNotRegistered: (detail: string) => new SifError(4, 9, 'SIF_SourceId is not registered', detail),
  noPermissionToPublish: (action: string, detail: string) =>
    new SifError(4, action === 'Add' ? 10 : action === 'Change' ? 11 : 12, `No permission to report SIF_Event ${action}`, detail),
  // 5 Registration
  transportNotSupported: (detail: string) => new SifError(5, 3, 'Transport protocol unsupported', detail),
  versionsNotSupported: (detail: string) => new SifError(5, 4, 'Requested SIF_Version(s) not supported', detail),
  bufferTooSmallToRegister: (detail: string) => new SifError(5, 6, 'SIF_MaxBufferSize value too small', detail),
  registeredForPush: (detail: string) => new SifError(5, 9, 'Agent is registered for Push mode', detail),
  // 6 Provisioning
  invalidProvisionObject: (detail: string) => new SifError(6, 3, 'Invalid object', detail),
  notTheProvider: (detail: string) => new SifError(6, 5, 'Not the provider of the object', detail),
  // 7 Subscription
  invalidSubscribeObject: (detail: string) => new SifError(7, 3, 'Invalid object', detail),
  notASubscriber: (detail: string) => new SifError(7, 4, 'Not a subscriber of the object', detail),
  // 8 Request and response
  invalidRequestObject: (detail: string) => new SifError(8, 3, 'Invalid object', detail),
  noProvider: (detail: string) => new SifError(8, 4, 'No provider', detail),
  requestVersionNotSupported: (detail: string) => new SifError(8, 7, 'Responder does not support requested SIF_Version', detail),
  bufferSizeNotSupported: (detail: string) => new SifError(8, 8, 'Responder does not support requested SIF_MaxBufferSize', detail),
  queryNotSupported: (detail: string) => new SifError(8, 9, 'Responder does not support the query', detail),
  invalidRequestMsgId: (detail: string) => new SifError(8, 10, 'Invalid SIF_RequestMsgId specified in SIF_Response', detail),
  extendedQueryNotSupported: (detail: string) => new SifError(8, 15, 'Responder does not support SIF_ExtendedQuery', detail),
  // 12 Generic message handling
  messageNotSupported: (detail: string) => new SifError(12, 2, 'Message not supported', detail),
  versionNotSupported: (detail: string) => new SifError(12, 3, 'Version not supported', detail),
  contextNotSupported: (detail: string) => new SifError(12, 4, 'Context not supported', detail),
} as const;
