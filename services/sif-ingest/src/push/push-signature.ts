/**
 * What a push's `X-Sisbridge-Signature` signs (see `hmacSignature` in @sisbridge/service-kit): the
 * timestamp, a dot, and the body exactly as sent (compressed or not):
 *
 *   HMAC-SHA256(secret, `${timestamp}.` + body)
 *
 * The district is bound by its own secret, so the path is not signed (an Ingress may rewrite it).
 */
export function pushSignedParts(timestamp: string, body: Buffer): Array<string | Buffer> {
  return [`${timestamp}.`, body];
}
