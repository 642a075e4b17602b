import { randomBytes } from 'node:crypto';

/**
 * A short random reference for a failure whose details stay in the logs: a caller or a teacher
 * gets plain words and this reference, support finds the log line that carries it.
 */
export function failureReference(): string {
  return randomBytes(6).toString('hex');
}
