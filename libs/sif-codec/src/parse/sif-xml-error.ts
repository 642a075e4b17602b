/** A SIF message that is not well-formed XML, or not a SIF message at all (SIF_Error 1/2 or 1/3). */
export class SifXmlError extends Error {
  constructor(
    message: string,
    /** The SIF_Error code (category 1) an ack for this message carries: 2 not well-formed, 3 validation, 4 invalid value, 6 missing mandatory element. */
    readonly sifErrorCode: 2 | 3 | 4 | 6 = 2,
  ) {
    super(message);
    this.name = 'SifXmlError';
  }
}
