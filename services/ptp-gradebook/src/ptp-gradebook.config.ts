import { z } from 'zod';
import { env, loadConfig } from '@sisbridge/config';
import { serviceConfigShape } from '@sisbridge/service-kit';

export const ptpGradebookConfigSchema = z.object({
  ...serviceConfigShape,
  PORT: env.port(3003),
  /**
   * Where Canvas and teachers' browsers reach this service (the Ingress host), e.g.
   * https://sisbridge.example.org: the LTI tool's URLs (login, launch, page, key set) are built on it.
   * Required when a district configures `lti`.
   */
  PUBLIC_URL: env.httpUrl().optional(),
  /** How long a teacher's page stays readable after a launch (its session token's lifetime). */
  LTI_SESSION_MINUTES: env.positiveInt(120),
  /** How long a start (API call or launch) waits for the validation report before answering without it. */
  PASSBACK_ACCEPT_TIMEOUT_SECONDS: env.positiveInt(30),
  /**
   * How long a passback step keeps retrying PTP or Canvas (5xx, dropped connections, throttling)
   * before it gives up and the run is undone (compensated) and ends failed with the reason.
   */
  PASSBACK_GIVE_UP_AFTER_SECONDS: env.positiveInt(900),
  /**
   * Per client (its address, see TRUSTED_PROXIES), per RATE_LIMIT_WINDOW_SECONDS: LTI logins (each
   * costs an RSA signature), LTI launches, and failed passback API authentications (after which
   * the client is refused for the rest of the window, right credentials or not). Over the limit:
   * 429 with Retry-After.
   */
  RATE_LIMIT_WINDOW_SECONDS: env.positiveInt(60),
  LTI_LOGINS_PER_WINDOW: env.positiveInt(30),
  LTI_LAUNCHES_PER_WINDOW: env.positiveInt(30),
  API_AUTH_FAILURES_PER_WINDOW: env.positiveInt(10),
  /**
   * Which proxies' X-Forwarded-For to believe when telling clients apart (Express's `trust proxy`):
   * by default the Ingress inside the cluster (private addresses) and loopback.
   */
  TRUSTED_PROXIES: env
    .nonEmpty('Express trust proxy addresses, e.g. "loopback, uniquelocal" or "10.0.0.0/8"')
    .default('loopback, linklocal, uniquelocal'),
  /** Activities this process runs at once (teacher passbacks, the nightly run's teachers, category syncs). */
  WORKER_MAX_CONCURRENT_ACTIVITIES: env.positiveInt(20),
});

export type PtpGradebookConfig = z.output<typeof ptpGradebookConfigSchema>;

export function loadPtpGradebookConfig(): PtpGradebookConfig {
  return loadConfig('ptp-gradebook', ptpGradebookConfigSchema);
}
