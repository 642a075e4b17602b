import type { Params } from 'nestjs-pino';
import type { LoggerOptions } from 'pino';
import { redactEmailAddresses, redactLogLine, redactLogObject, redactPersonalData } from './personal-data-redaction';

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
const SERIALIZED_KEYS = new Set(['err', 'req', 'res']);

/**
 * Every log line of a service goes through the redaction (personal-data keys at any depth, e-mail
 * addresses in any string). Errors, wherever they sit in the logged object, are first reduced by
 * pino's error serializer (so their message, stack and cause are cleaned too); then the finished
 * line is cleaned once more as a whole, which also covers what pino never formats: a child
 * logger's bindings and the message text (`msg`, an error's message when none is given).
 */
export function pinoOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: {
      level: (label) => ({ level: label }),
      // Keys with a serializer (err, and req/res in HTTP logs) are left to it: a raw request or
      // response object is not walked.
      log: (object) => redactLogObject(object, SERIALIZED_KEYS),
    },
    serializers: { err: (error: unknown) => redactPersonalData(error) },
    hooks: { streamWrite: redactLogLine },
  };
}

export function nestLoggerParams(service: string, level: string): Params {
  const options = pinoOptions(service, level);
  return {
    pinoHttp: {
      ...options,
      autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0] ?? '') },
      // Only method, path and status: query strings can carry ids a teacher typed.
      serializers: {
        ...options.serializers,
        req: (req: { method: string; url: string; id: string }) => ({
          id: req.id,
          method: req.method,
          path: redactEmailAddresses(req.url.split('?')[0] ?? ''),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
