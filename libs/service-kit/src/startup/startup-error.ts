/**
 * A dependency the service cannot start without is missing. The message is one line that names
 * the dependency and the address (never a password), ready to print instead of a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** `postgres://user:secret@db:5432/sisbridge` → `db:5432/sisbridge`, safe for logs. */
export function describePostgresTarget(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n').find((part) => part.trim().length > 0);
  return (line ?? message).trim() || (error instanceof Error ? error.name : 'unknown error');
}
