import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { ToolUrls } from '../tool-identity/tool-urls';
import { LaunchRefusal } from './launch-refusal';
import { LtiDistricts } from './lti-districts';
import { LtiRegistrations } from './lti-registrations';
import { toolRegistration } from './tool-configuration';

const TIMEOUT_MS = 10_000;
const TOOL_CONFIGURATION = 'https://purl.imsglobal.org/spec/lti-tool-configuration';

/**
 * LTI Dynamic Registration (Canvas's registration guide; IMS LTI-DR): a Canvas administrator pastes
 * `/lti/{district}/register`; Canvas opens it with its OpenID configuration URL and a registration
 * token; the tool reads the configuration, sends its registration, and keeps the client id (and
 * the deployment, when Canvas names it [U]) for the district.
 *
 * The URL is public, so only the district's own Canvas may register: the OpenID configuration and
 * the registration endpoint must be on the district's registration origin (`lti.registrationOrigin`,
 * else its `canvas.baseUrl`), and the configuration's issuer must be the district's `lti.issuer`;
 * the registration token proves the rest to that Canvas. A district whose districts file names its
 * developer key (`lti.clientId`) is registered by its settings and refuses this.
 */
@Injectable()
export class DynamicRegistration {
  constructor(
    private readonly districts: LtiDistricts,
    private readonly registrations: LtiRegistrations,
    private readonly urls: ToolUrls,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(DynamicRegistration.name);
  }

  async register(districtId: string, openidConfigurationUrl: string | undefined, registrationToken: string | undefined): Promise<void> {
    const lti = this.districts.settings(districtId);
    if (lti.clientId !== undefined)
      throw refused("This district's Sync Grades is registered by its sisbridge settings; it cannot be registered again from Canvas.");
    if (!openidConfigurationUrl || !registrationToken)
      throw refused('Canvas did not send what a registration needs. Start the registration again in Canvas.');
    const origin = new URL(lti.registrationOrigin ?? this.districts.canvasBaseUrl(districtId)).origin;
    if (originOf(openidConfigurationUrl) !== origin)
      throw refused("This registration does not come from this district's Canvas.", { openidConfigurationUrl });

    const configuration = await this.call(openidConfigurationUrl, { method: 'GET', token: registrationToken });
    const endpoint = typeof configuration['registration_endpoint'] === 'string' ? configuration['registration_endpoint'] : undefined;
    if (configuration['issuer'] !== lti.issuer || !endpoint || originOf(endpoint) !== origin)
      throw refused("This registration does not come from this district's Canvas.", {
        issuer: configuration['issuer'],
        registrationEndpoint: endpoint,
      });

    const registered = await this.call(endpoint, {
      method: 'POST',
      token: registrationToken,
      body: toolRegistration({
        lti,
        domain: this.urls.host,
        loginUrl: this.urls.login(districtId),
        launchUrl: this.urls.launch(districtId),
        keySetUrl: this.urls.keySet(districtId),
      }),
    });
    const clientId = registered['client_id'];
    if (typeof clientId !== 'string' || clientId === '')
      throw refused('Canvas did not register the tool. Start the registration again in Canvas.');
    const toolConfiguration = registered[TOOL_CONFIGURATION];
    const deploymentId =
      typeof registered['deployment_id'] === 'string'
        ? registered['deployment_id']
        : typeof toolConfiguration === 'object' && toolConfiguration !== null && 'deployment_id' in toolConfiguration
          ? String((toolConfiguration as Record<string, unknown>)['deployment_id'])
          : undefined;
    await this.registrations.save(districtId, {
      clientId,
      deploymentIds: deploymentId ? [deploymentId] : [],
      openidConfigurationUrl,
    });
    this.logger.info({ districtId, clientId, deploymentId }, 'LTI tool registered by Dynamic Registration');
  }

  private async call(url: string, request: { method: 'GET' | 'POST'; token: string; body?: unknown }): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers: {
          Authorization: `Bearer ${request.token}`,
          Accept: 'application/json',
          ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        redirect: 'error',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw refused('sisbridge could not reach Canvas to register. Start the registration again in a minute.', {
        url,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok || typeof body !== 'object' || body === null)
      throw refused('Canvas refused the registration. Start the registration again in Canvas.', { url, status: response.status });
    return body as Record<string, unknown>;
  }
}

function refused(explanation: string, details: Record<string, unknown> = {}): LaunchRefusal {
  return new LaunchRefusal('registration-refused', `${explanation} Nothing was registered.`, details);
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
