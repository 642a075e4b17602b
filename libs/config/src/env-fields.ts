import { z } from 'zod';

/**
 * Field builders for environment variables. Each carries, in its zod `description`, the words
 * used in the start-up error ("a postgres:// URL", "a port number 1-65535"), so the schema
 * is also the documentation of what is expected.
 */

const POSTGRES_PROTOCOLS = new Set(['postgres:', 'postgresql:']);

export function postgresUrl() {
  return z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return POSTGRES_PROTOCOLS.has(url.protocol) && url.hostname.length > 0 && url.pathname.length > 1;
      } catch {
        return false;
      }
    })
    .describe('a postgres:// URL with a host and a database name, e.g. postgres://user@127.0.0.1:5432/sisbridge');
}

/** `host:port` of a Temporal frontend, as the SDK's `NativeConnection.connect({ address })` wants it. */
export function temporalAddress() {
  return z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/)
    .refine((value) => isPort(Number(value.slice(value.lastIndexOf(':') + 1))))
    .describe('host:port of the Temporal frontend, e.g. 127.0.0.1:7233');
}

export function port(defaultPort: number) {
  return z.coerce.number().int().refine(isPort).default(defaultPort).describe('a TCP port number between 1 and 65535');
}

/** A port to listen on, where 0 asks the system for any free one (processes that report the port they got). */
export function listenPort(defaultPort: number) {
  return z.coerce
    .number()
    .int()
    .refine((value) => value === 0 || isPort(value))
    .default(defaultPort)
    .describe('a TCP port number between 1 and 65535, or 0 for any free port');
}

export function positiveInt(defaultValue: number) {
  return z.coerce.number().int().positive().default(defaultValue).describe('a positive whole number');
}

export function boolean(defaultValue: boolean) {
  return z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(defaultValue ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes')
    .describe('true or false');
}

export function logLevel() {
  return z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'])
    .default('info')
    .describe('one of fatal, error, warn, info, debug, trace');
}

export function nonEmpty(what: string) {
  return z.string().trim().min(1).describe(what);
}

/** A secret: validated like any string, but its value is never echoed in an error. */
export function secret(what: string) {
  return z.string().min(1).describe(`${what} (secret)`);
}

export function httpUrl() {
  return z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    })
    .describe('an http:// or https:// URL');
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}
