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

export interface SyncGradesOptions {
  /**
   * As Canvas shows Sync Grades: the tool in an iframe of the platform's page, next to the frame
   * that answers the LTI Platform Storage messages (`lti_storage_target`). Off: the browser goes
   * to the tool itself (a plain top-level launch, no platform storage).
   */
  embedded?: boolean;
}

/** The frame of the platform's page that answers `lti.put_data` / `lti.get_data`, as Canvas names it. */
export const STORAGE_TARGET = 'post_message_forwarding';

/**
 * The LTI 1.3 side of Canvas, for tests: a platform key pair, its JWKS endpoint, the OIDC auth
 * endpoint (which signs the id token and form-posts it to the tool's launch URL, as Canvas does),
 * and the gradebook's "Sync Grades" entry, which starts the login initiation. It expands the
 * tool's custom fields from the tool's own configuration JSON, so the configuration is exercised
 * as Canvas would read it. Unknown variables go through as their own name, as in Canvas.
 */
export class TestLtiPlatform {
  readonly issuer = 'https://canvas.test.instructure.com';
  /** The developer key's id: a fixed one for a key made by pasting the tool's JSON, Canvas's own for a Dynamic Registration. */
  clientId = '10000000000042';
  deploymentId = '42:8865aa05b4b79b64a91a86042e43af5ea8ae79eb';
  private readonly kid = `platform-${randomUUID()}`;
  private readonly pending = new Map<string, PendingLogin>();
  private customFields: Record<string, string> = {};
  /** The developer key's redirect URIs, from the tool's configuration: the only `redirect_uri`s the auth endpoint accepts. */
  private redirectUris: string[] = [];
  private readonly registrationTokens = new Set<string>();

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

  /** The district's `lti` settings for this platform; `dynamic`: no developer key named, for a Dynamic Registration to give one. */
  ltiSettings(toolPrivateKeyEnv: string, options: { dynamic?: boolean } = {}): Record<string, unknown> {
    return {
      issuer: this.issuer,
      ...(options.dynamic ? {} : { clientId: this.clientId, deploymentIds: [this.deploymentId] }),
      jwksUrl: this.jwksUrl,
      authorizationEndpoint: this.authorizationEndpoint,
      registrationOrigin: this.url,
      toolPrivateKeyEnv,
    };
  }

  /**
   * A developer key made from the tool's configuration JSON (what an administrator pastes, or
   * points Canvas at): its custom fields and its redirect URIs.
   */
  async install(toolConfigurationUrl: string): Promise<Record<string, unknown>> {
    const response = await fetch(toolConfigurationUrl);
    if (!response.ok) throw new Error(`the tool configuration answered ${response.status}`);
    const configuration = (await response.json()) as { custom_fields?: Record<string, string>; redirect_uris?: string[] };
    this.customFields = configuration.custom_fields ?? {};
    this.redirectUris = configuration.redirect_uris ?? [];
    return configuration as Record<string, unknown>;
  }

  /**
   * LTI Dynamic Registration as Canvas runs it: the administrator's browser opens the tool's
   * registration URL with this platform's OpenID configuration URL and a one-time registration
   * token; the tool reads the configuration and posts its registration, which this platform takes
   * as a new developer key (client id `clientId`) installed as `deploymentId`. Returns the tool's
   * answer to the browser.
   */
  async registerDynamically(
    registrationUrl: string,
    options: { clientId?: string; deploymentId?: string; openidConfigurationUrl?: string } = {},
  ): Promise<Response> {
    const token = randomUUID();
    this.registrationTokens.add(token);
    this.nextRegistration = { clientId: options.clientId ?? '10000000000077', deploymentId: options.deploymentId ?? '77:dynamic' };
    const url = new URL(registrationUrl);
    url.searchParams.set('openid_configuration', options.openidConfigurationUrl ?? `${this.url}/api/lti/security/openid-configuration`);
    url.searchParams.set('registration_token', token);
    return fetch(url, { redirect: 'manual' });
  }

  private nextRegistration?: { clientId: string; deploymentId: string };

  /** The URL a browser opens for "Sync Grades" in a course's gradebook: it posts the login initiation to the tool. */
  syncGradesUrl(toolLoginUrl: string, launchUrl: string, context: LaunchContext, options: SyncGradesOptions = {}): string {
    const loginHint = randomUUID();
    this.pending.set(loginHint, { context, toolLoginUrl, launchUrl });
    return `${this.url}/courses/${context.course.canvasId}/external_tools/sync_grades?login_hint=${loginHint}${options.embedded ? '&embedded=1' : ''}`;
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
   * launch URL, with the cookies the tool set at login, as the browser that logged in would send
   * them (`cookies: false`: another browser, without them). Returns the tool's answer to the launch.
   */
  async launchWithoutBrowser(
    toolLoginUrl: string,
    context: LaunchContext,
    tamper: { claims?: (claims: JWTPayload) => JWTPayload; sign?: SignOptions; cookies?: boolean } = {},
  ): Promise<{ launch: Response; form: { id_token: string; state: string }; cookie: string }> {
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
    const cookie = login.headers
      .getSetCookie()
      .map((set) => set.split(';')[0] ?? '')
      .join('; ');
    const auth = new URL(location);
    const redirectUri = auth.searchParams.get('redirect_uri') ?? '';
    const claims = this.claims(context, auth.searchParams.get('nonce') ?? '', redirectUri);
    const form = {
      id_token: await this.sign(tamper.claims ? tamper.claims(claims) : claims, tamper.sign),
      state: auth.searchParams.get('state') ?? '',
    };
    return { launch: await this.postLaunch(redirectUri, form, tamper.cookies === false ? undefined : cookie), form, cookie };
  }

  /** Posts a launch form (again): what a replay does; `cookie`, the browser's cookies for the tool, if any. */
  postLaunch(launchUrl: string, form: { id_token: string; state: string }, cookie?: string): Promise<Response> {
    return fetch(launchUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams(form),
    });
  }

  private loginFields(loginHint: string, pending: PendingLogin, embedded: boolean): Record<string, string> {
    return {
      iss: this.issuer,
      login_hint: loginHint,
      target_link_uri: pending.launchUrl,
      client_id: this.clientId,
      lti_deployment_id: this.deploymentId,
      lti_message_hint: `message-${pending.context.course.canvasId}`,
      ...(embedded ? { lti_storage_target: STORAGE_TARGET } : {}),
    };
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
      const loginHint = url.searchParams.get('login_hint') ?? '';
      const pending = this.pending.get(loginHint);
      if (!pending) return text(response, 404, 'unknown launch');
      if (url.searchParams.get('embedded'))
        return embeddingPage(response, `${url.pathname}/frame?login_hint=${encodeURIComponent(loginHint)}`);
      return autoPost(response, pending.toolLoginUrl, this.loginFields(loginHint, pending, false));
    }
    if (url.pathname.endsWith('/external_tools/sync_grades/frame')) {
      const loginHint = url.searchParams.get('login_hint') ?? '';
      const pending = this.pending.get(loginHint);
      if (!pending) return text(response, 404, 'unknown launch');
      return autoPost(response, pending.toolLoginUrl, this.loginFields(loginHint, pending, true));
    }
    if (url.pathname === '/platform_storage/frame') return storageFrame(response);
    if (url.pathname === '/api/lti/security/openid-configuration') {
      if (!this.registrationTokens.has(bearer(request))) return text(response, 401, 'unknown registration token');
      return json(response, {
        issuer: this.issuer,
        authorization_endpoint: this.authorizationEndpoint,
        registration_endpoint: `${this.url}/api/lti/registrations`,
        jwks_uri: this.jwksUrl,
        token_endpoint: `${this.url}/login/oauth2/token`,
        response_types_supported: ['id_token'],
        id_token_signing_alg_values_supported: ['RS256'],
        'https://purl.imsglobal.org/spec/lti-platform-configuration': {
          product_family_code: 'canvas',
          version: 'test',
          messages_supported: [{ type: 'LtiResourceLinkRequest', placements: ['post_grades'] }],
        },
      });
    }
    if (url.pathname === '/api/lti/registrations' && request.method === 'POST') {
      const token = bearer(request);
      if (!this.registrationTokens.delete(token) || !this.nextRegistration) return text(response, 401, 'unknown registration token');
      const registration = JSON.parse(await body(request)) as {
        redirect_uris?: string[];
        initiate_login_uri?: string;
        'https://purl.imsglobal.org/spec/lti-tool-configuration'?: {
          custom_parameters?: Record<string, string>;
          messages?: Array<{ placements?: string[] }>;
        };
      };
      const tool = registration['https://purl.imsglobal.org/spec/lti-tool-configuration'];
      if (
        !registration.redirect_uris?.length ||
        !registration.initiate_login_uri ||
        !tool?.messages?.some((m) => m.placements?.includes('post_grades'))
      )
        return text(response, 422, 'incomplete registration');
      this.clientId = this.nextRegistration.clientId;
      this.deploymentId = this.nextRegistration.deploymentId;
      this.redirectUris = registration.redirect_uris;
      this.customFields = tool.custom_parameters ?? {};
      return json(response, {
        ...registration,
        client_id: this.clientId,
        'https://purl.imsglobal.org/spec/lti-tool-configuration': { ...tool, deployment_id: this.deploymentId },
      });
    }
    if (url.pathname === '/api/lti/authorize_redirect') {
      const params = request.method === 'POST' ? new URLSearchParams(await body(request)) : url.searchParams;
      const pending = this.pending.get(params.get('login_hint') ?? '');
      const redirectUri = params.get('redirect_uri') ?? '';
      // Canvas checks these too: the redirect must be one of the developer key's redirect URIs, exactly.
      if (
        !pending ||
        params.get('client_id') !== this.clientId ||
        !this.redirectUris.includes(redirectUri) ||
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

function bearer(request: IncomingMessage): string {
  return /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
}

/**
 * Canvas's page around a launch: the tool's iframe (`tool_content`) and the hidden frame that
 * answers the LTI Platform Storage messages, named as the login's `lti_storage_target` says.
 */
function embeddingPage(response: ServerResponse, toolFrame: string): void {
  response.setHeader('Content-Type', 'text/html');
  response.end(
    `<!doctype html><html><body><iframe name="${STORAGE_TARGET}" src="/platform_storage/frame" style="display:none"></iframe><iframe id="tool_content" name="tool_content" src="${toolFrame.replace(/"/g, '&quot;')}" style="width:100%;height:90vh"></iframe></body></html>`,
  );
}

/**
 * The storage frame: keeps what a tool puts (per the tool's origin, as the spec scopes it) and
 * answers `lti.put_data`, `lti.get_data` and `lti.capabilities` to the frame that asked.
 */
function storageFrame(response: ServerResponse): void {
  response.setHeader('Content-Type', 'text/html');
  response.end(`<!doctype html><html><body><script>
  var stored = {};
  window.addEventListener('message', function (event) {
    var message = event.data || {};
    var reply = { subject: message.subject + '.response', message_id: message.message_id, key: message.key };
    var data = stored[event.origin] = stored[event.origin] || {};
    if (message.subject === 'lti.put_data') { data[message.key] = message.value; reply.value = message.value; }
    else if (message.subject === 'lti.get_data') { reply.value = data[message.key]; }
    else if (message.subject === 'lti.capabilities') { reply.supported_messages = [{ subject: 'lti.put_data' }, { subject: 'lti.get_data' }]; }
    else return;
    event.source.postMessage(reply, event.origin);
  });
</script></body></html>`);
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
