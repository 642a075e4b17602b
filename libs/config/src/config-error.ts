/**
 * Raised when the environment does not describe a valid configuration.
 *
 * The message is a single line that names every offending variable and what was expected,
 * so that an operator reading `kubectl logs` sees the whole problem without a stack trace.
 */
export class ConfigError extends Error {
  constructor(
    readonly component: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(`${component}: invalid configuration: ${problems.map(formatProblem).join('; ')}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigProblem {
  /** The environment variable (or config-file path) that is wrong. */
  variable: string;
  /** What was expected, in words an operator can act on. */
  expected: string;
  /** What was found; secrets are never echoed (see `secret()`). */
  received?: string;
}

function formatProblem(problem: ConfigProblem): string {
  const received = problem.received === undefined ? 'it is not set' : `got ${problem.received}`;
  return `${problem.variable} must be ${problem.expected} (${received})`;
}
