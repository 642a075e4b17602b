import type { Params } from 'nestjs-pino';
import type { LoggerOptions } from 'pino';

/**
 * Field paths that can carry personal data. They are censored wherever they appear in a log
 * line, as a second line of defence: code logs ids, not people.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.email',
  '*.firstName',
  '*.lastName',
  '*.fullName',
  '*.name',
  '*.birthDate',
];

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export function pinoOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
}

export function nestLoggerParams(service: string, level: string): Params {
  return {
    pinoHttp: {
      ...pinoOptions(service, level),
      autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0] ?? '') },
      // Only method, path and status: query strings can carry ids a teacher typed.
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
