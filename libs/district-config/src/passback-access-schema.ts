import { z } from 'zod';

/**
 * How Canvas reaches a district's passback: the API Canvas-side automation calls (`POST /passback`)
 * and the LTI 1.3 tool teachers launch from the gradebook ("Sync Grades", the `post_grades`
 * placement). Secrets stay out of the districts file, as everywhere: each setting ending in `Env`
 * names the environment variable that holds the secret.
 *
 * These field builders repeat district-schema.ts's (same rules, same words): that file imports
 * this one, so importing them back would be a cycle.
 */

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'the name of an environment variable (A-Z, 0-9, _)');

const url = z.string().refine((value) => /^https?:\/\/[^\s/]+/.test(value), 'an http:// or https:// URL');

export const apiSettingsSchema = z
  .strictObject({
    /** Callers send `Authorization: Bearer <token>`. */
    bearerTokenEnv: envName.optional(),
    /** Callers sign each request with HMAC-SHA256 (headers `X-Sisbridge-Timestamp`, `X-Sisbridge-Signature`). */
    hmacSecretEnv: envName.optional(),
    /** How far a signed request's timestamp may be from the service's clock (seconds), either way. */
    hmacToleranceSeconds: z.number().int().min(30).max(3600).default(300),
  })
  .refine((api) => api.bearerTokenEnv !== undefined || api.hmacSecretEnv !== undefined, {
    message:
      'settings naming bearerTokenEnv, hmacSecretEnv or both (without either, leave api out: the API then refuses every call for this district)',
  });

export const ltiSettingsSchema = z.strictObject({
  /** The platform's `iss`: `https://canvas.instructure.com` for hosted Canvas (beta, test and self-hosted differ). */
  issuer: z.string().min(1),
  /**
   * The Canvas developer key's id (the `client_id`, also the id token's `aud`), e.g. "10000000000123".
   * Leave it out to register the tool by LTI Dynamic Registration (`/lti/{district}/register`):
   * ptp-gradebook then keeps the client id Canvas gives it.
   */
  clientId: z.string().min(1).optional(),
  /**
   * The deployments of the tool this district accepts (Canvas shows the id on the installed app),
   * besides the one a Dynamic Registration gives.
   */
  deploymentIds: z.array(z.string().min(1)).default([]),
  /**
   * Where a Dynamic Registration may come from: the origin of Canvas's OpenID configuration and
   * registration endpoint. Default: the origin of the district's `canvas.baseUrl`.
   */
  registrationOrigin: url.optional(),
  /** Canvas's key set: `https://sso.canvaslms.com/api/lti/security/jwks` for hosted Canvas. */
  jwksUrl: url,
  /** Canvas's OIDC auth endpoint: `https://sso.canvaslms.com/api/lti/authorize_redirect` for hosted Canvas. */
  authorizationEndpoint: url,
  /**
   * The tool's own RSA private key (PKCS#8 PEM). Its public half is published at
   * `/lti/{district}/jwks.json` (Canvas's developer key needs one); it also signs the login state
   * and the teacher's page session, so every ptp-gradebook replica must have the same key.
   */
  toolPrivateKeyEnv: envName,
  /**
   * What the developer key lets Canvas send. `anonymous`: the custom fields only (SIS ids, Canvas
   * ids, roles). `name_only` adds names and the `lis` claim, which the tool falls back to when the
   * SIS id custom fields come through unexpanded.
   */
  privacyLevel: z.enum(['anonymous', 'name_only']).default('anonymous'),
  /** What a launch passes back: the course it was launched from (default), or all the teacher's courses. */
  launchScope: z.enum(['course', 'teacher']).default('course'),
  /** The tool's name in Canvas (developer key, gradebook menu). */
  title: z.string().min(1).max(255).default('Sync Grades to PowerTeacher Pro'),
});

export type ApiSettings = z.output<typeof apiSettingsSchema>;
export type LtiSettings = z.output<typeof ltiSettingsSchema>;
