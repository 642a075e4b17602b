/**
 * An error a service's domain raises when it knows what the failure means for a retry: a
 * passback that cannot start for this teacher, a broken SIF feed, a zone that is down for now.
 * Domain code throws these without knowing about Temporal; `toActivityFailure` maps them, by
 * their `failureType` (what operators see as the failure's type in Temporal UI) and `retryable`.
 * The message says what is wrong with ids only, never a person's data.
 */
export class DomainRefusal extends Error {
  constructor(
    readonly failureType: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
