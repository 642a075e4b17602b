import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { exportJWK, SignJWT, type JWK, type JWTPayload } from 'jose';

/** Who launches the tool, from which course: what Canvas knows and expands into the custom fields. */
export interface LaunchContext {
  user: {
    canvasId: number;
    /** The user's SIS id; absent for a user Canvas has none for (the variable then goes through unexpanded). */
    sisId?: string;
    /** LTI role URIs of the launch (`…/membership#Instructor`, `…/membership#Learner`). */
    roles: string[];
    /** Canvas enrollment types in the course, for `$Canvas.membership.roles`. */
    enrollmentTypes: string[];
  };
  course: { canvasId: number; sisId?: string; title: string };
  placement?: string;
}

export const LtiRoles = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
  institutionInstructor: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor',
  institutionStudent: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Student',
} as const;

export interface SignOptions {
  /** Sign with a key the platform does not publish (a forgery). */
  forged?: boolean;
  /** Seconds until `exp`, negative for an expired token (default 3600, as Canvas). */
  expiresInSeconds?: number;
  audience?: string;
}

interface PendingLogin {
  context: LaunchContext;
  toolLoginUrl: string;
  launchUrl: string;
}

/**
 * The LTI 1.3 side of Canvas, for tests: a platform key pair, its JWKS endpoint, the OIDC auth
 * endpoint (which signs the id token and form-posts it to the tool's launch URL, as Canvas does),
 * and the gradebook's "Sync Grades" entry, which starts the login initiation. It expands the
 * tool's custom fields from the tool's own configuration JSON, so the configuration is exercised
 * as Canvas would read it. Unknown variables go through as their own name, as in Canvas.
 */
export class TestLtiPlatform {
  readonly issuer = 'https://canvas.test.instructure.com';
  readonly clientId = '10000000000042';
  readonly deploymentId = '42:8865aa05b4b79b64a91a86042e43af5ea8ae79eb';
  private readonly kid = `platform-${randomUUID()}`;
  private readonly pending = new Map<string, PendingLogin>();
  private customFields: Record<string, string> = {};

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly privateKey: KeyObject,
    private readonly publicJwk: JWK,
    private readonly forgeryKey: KeyObject,
  ) {}

  static async start(): Promise<TestLtiPlatform> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forgery = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const holder: { platform?: TestLtiPlatform } = {};
    const server = createServer((request, response) => {
      void holder.platform?.handle(request, response).catch((error: unknown) => {
        response.statusCode = 500;
        response.end(error instanceof Error ? error.message : String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('the test platform has no port');
    holder.platform = new TestLtiPlatform(
      server,
      `http://127.0.0.1:${address.port}`,
      privateKey,
      await exportJWK(publicKey),
      forgery.privateKey,
    );
    return holder.platform;
  }

  get jwksUrl(): string {
    return `${this.url}/api/lti/security/jwks`;
  }

  get authorizationEndpoint(): string {
    return `${this.url}/api/lti/authorize_redirect`;
  }

  /** The district's `lti` settings for this platform. */
  ltiSettings(toolPrivateKeyEnv: string): Record<string, unknown> {
    return {
      issuer: this.issuer,
      clientId: this.clientId,
      deploymentIds: [this.deploymentId],
      jwksUrl: this.jwksUrl,
      authorizationEndpoint: this.authorizationEndpoint,
      toolPrivateKeyEnv,
    };
  }

  /** Reads the custom fields from the tool's configuration JSON (what an administrator pastes into the developer key). */
  async install(toolConfigurationUrl: string): Promise<Record<string, unknown>> {
    const response = await fetch(toolConfigurationUrl);
    if (!response.ok) throw new Error(`the tool configuration answered ${response.status}`);
    const configuration = (await response.json()) as { custom_fields?: Record<string, string> };
    this.customFields = configuration.custom_fields ?? {};
    return configuration as Record<string, unknown>;
  }

  /** The URL a browser opens for "Sync Grades" in a course's gradebook: it posts the login initiation to the tool. */
  syncGradesUrl(toolLoginUrl: string, launchUrl: string, context: LaunchContext): string {
    const loginHint = randomUUID();
    this.pending.set(loginHint, { context, toolLoginUrl, launchUrl });
    return `${this.url}/courses/${context.course.canvasId}/external_tools/sync_grades?login_hint=${loginHint}`;
  }

  /** The claims Canvas would send for this launch (canvas.md §7.3), before signing. */
  claims(context: LaunchContext, nonce: string, launchUrl: string): JWTPayload {
    const variables: Record<string, string | undefined> = {
      '$Canvas.course.id': String(context.course.canvasId),
      '$Canvas.course.sisSourceId': context.course.sisId,
      '$Canvas.user.id': String(context.user.canvasId),
      '$Canvas.user.sisSourceId': context.user.sisId,
      '$Canvas.membership.roles': context.user.enrollmentTypes.join(','),
    };
    const custom = Object.fromEntries(Object.entries(this.customFields).map(([name, variable]) => [name, variables[variable] ?? variable]));
    return {
      azp: this.clientId,
      sub: `user-${context.user.canvasId}-lti-id`,
      nonce,
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': this.deploymentId,
      'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiResourceLinkRequest',
      'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
      'https://purl.imsglobal.org/spec/lti/claim/target_link_uri': launchUrl,
      'https://purl.imsglobal.org/spec/lti/claim/resource_link': { id: `course-${context.course.canvasId}-post-grades` },
      'https://purl.imsglobal.org/spec/lti/claim/context': {
        id: `opaque-${context.course.canvasId}`,
        title: context.course.title,
        type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'],
      },
      'https://purl.imsglobal.org/spec/lti/claim/roles': context.user.roles,
      'https://purl.imsglobal.org/spec/lti/claim/custom': custom,
      'https://purl.imsglobal.org/spec/lti/claim/tool_platform': {
        guid: 'test-platform',
        name: 'Test Canvas',
        product_family_code: 'canvas',
        version: 'cloud',
      },
      'https://www.instructure.com/placement': context.placement ?? 'post_grades',
    };
  }

  /** Signs claims as Canvas does (RS256, with `kid`), or forges them with another key. */
  async sign(claims: JWTPayload, options: SignOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = options.expiresInSeconds ?? 3600;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(options.audience ?? this.clientId)
      .setIssuedAt(expiresIn > 0 ? now : now + expiresIn - 3600)
      .setExpirationTime(now + expiresIn)
      .sign(options.forged ? this.forgeryKey : this.privateKey);
  }

  /**
   * A whole launch without a browser: the login initiation, the tool's redirect to this platform,
   * then the id token (from `tamper`, to sign it otherwise or change its claims) posted to the
   * launch URL. Returns the tool's answer to the launch.
   */
  async launchWithoutBrowser(
    toolLoginUrl: string,
    context: LaunchContext,
    tamper: { claims?: (claims: JWTPayload) => JWTPayload; sign?: SignOptions } = {},
  ): Promise<{ launch: Response; form: { id_token: string; state: string } }> {
    const login = await fetch(toolLoginUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        iss: this.issuer,
        login_hint: randomUUID(),
        client_id: this.clientId,
        lti_deployment_id: this.deploymentId,
        target_link_uri: toolLoginUrl.replace(/\/login$/, '/launch'),
      }),
    });
    const location = login.headers.get('location');
    if (login.status !== 302 || !location) throw new Error(`the tool's login answered ${login.status}: ${await login.text()}`);
    const auth = new URL(location);
    const redirectUri = auth.searchParams.get('redirect_uri') ?? '';
    const claims = this.claims(context, auth.searchParams.get('nonce') ?? '', redirectUri);
    const form = {
      id_token: await this.sign(tamper.claims ? tamper.claims(claims) : claims, tamper.sign),
      state: auth.searchParams.get('state') ?? '',
    };
    return { launch: await this.postLaunch(redirectUri, form), form };
  }

  /** Posts a launch form (again): what a replay does. */
  postLaunch(launchUrl: string, form: { id_token: string; state: string }): Promise<Response> {
    return fetch(launchUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    if (url.pathname === '/api/lti/security/jwks') {
      return json(response, { keys: [{ ...this.publicJwk, kid: this.kid, alg: 'RS256', use: 'sig' }] });
    }
    if (url.pathname.endsWith('/external_tools/sync_grades')) {
      const pending = this.pending.get(url.searchParams.get('login_hint') ?? '');
      if (!pending) return text(response, 404, 'unknown launch');
      return autoPost(response, pending.toolLoginUrl, {
        iss: this.issuer,
        login_hint: url.searchParams.get('login_hint') ?? '',
        target_link_uri: pending.launchUrl,
        client_id: this.clientId,
        lti_deployment_id: this.deploymentId,
        lti_message_hint: `message-${pending.context.course.canvasId}`,
      });
    }
    if (url.pathname === '/api/lti/authorize_redirect') {
      const params = request.method === 'POST' ? new URLSearchParams(await body(request)) : url.searchParams;
      const pending = this.pending.get(params.get('login_hint') ?? '');
      const redirectUri = params.get('redirect_uri') ?? '';
      // Canvas checks these too: the redirect must be the tool's registered launch URL.
      if (
        !pending ||
        params.get('client_id') !== this.clientId ||
        redirectUri !== pending.launchUrl ||
        params.get('response_type') !== 'id_token' ||
        params.get('scope') !== 'openid'
      ) {
        return text(response, 400, 'invalid authorization request');
      }
      const idToken = await this.sign(this.claims(pending.context, params.get('nonce') ?? '', redirectUri));
      return autoPost(response, redirectUri, { id_token: idToken, state: params.get('state') ?? '' });
    }
    if (url.pathname === '/favicon.ico') return text(response, 204, '');
    return text(response, 404, 'not found');
  }
}

function json(response: ServerResponse, value: unknown): void {
  response.setHeader('Content-Type', 'application/json');
  response.end(JSON.stringify(value));
}

function text(response: ServerResponse, status: number, message: string): void {
  response.statusCode = status;
  response.setHeader('Content-Type', 'text/plain');
  response.end(message);
}

/** An auto-submitting form, as Canvas uses for both the login initiation and the launch. */
function autoPost(response: ServerResponse, action: string, fields: Record<string, string>): void {
  const escape = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('');
  response.setHeader('Content-Type', 'text/html');
  response.end(
    `<!doctype html><html><body><form method="post" action="${escape(action)}">${inputs}</form><script>document.forms[0].submit();</script></body></html>`,
  );
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
