export { buildAck, type AckOutcome, type AckTarget } from './write/ack';
export { buildProvision, buildSubscribe, type ProvisionOptions } from './write/provision';
export { buildRegister, buildUnregister, type RegisterOptions } from './write/register';
export { buildRequest, type RequestOptions, type SifCondition, type SifOperator } from './write/request';
export { sifMessage, type BuiltMessage, type HeaderFields, type SifSender } from './write/sif-header';
export { buildSystemControl, type SystemControlCommand } from './write/system-control';
export { xmlText } from './write/xml-text';
export { describeSifError, SifErrorCategories, sifErrorCategoryName } from './codes/sif-error-codes';
export { describeSifStatus, SifStatusCodes, type SifStatusCode } from './codes/sif-status-codes';
export { newSifGuid, sifTimestamp } from './guid';
export { applyChange } from './objects/apply-change';
export { readObject, type ObjectReading } from './objects/read-object';
export { scanObject } from './objects/scan-object';
export * from './objects/sif-records';
export { validateRecord } from './objects/validate-record';
export { childNamed, childrenNamed, textAt, type SifElement } from './parse/sif-element';
export {
  interpretMessage,
  type SifAckMessage,
  type SifErrorInfo,
  type SifEventMessage,
  type SifHeader,
  type SifMessage,
  type SifResponseMessage,
  type SifStatusInfo,
  type SifSystemControlMessage,
} from './parse/sif-message';
export {
  DEFAULT_READER_LIMITS,
  SifMessageReader,
  type ObjectDataListener,
  type SifDataObject,
  type SifReaderLimits,
} from './parse/sif-message-reader';
export { partialMessageIds, type PartialMessageIds } from './parse/inner-message-ids';
export { SifXmlError } from './parse/sif-xml-error';
export { SIF_NAMESPACE, SIF_VERSION_WILDCARD } from './sif-namespace';
