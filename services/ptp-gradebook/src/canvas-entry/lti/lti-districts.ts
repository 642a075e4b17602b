import { Injectable, NotFoundException } from '@nestjs/common';
import { DistrictRegistry, type LtiSettings } from '@sisbridge/district-config';
import { LaunchRefusal } from './launch-refusal';
import { LtiRegistrations } from './lti-registrations';

/** A district's LTI settings with the developer key it is registered under, from the districts file or a Dynamic Registration. */
export interface RegisteredTool extends LtiSettings {
  clientId: string;
}

/** A district's LTI settings, or a refusal when the district is unknown or has no LTI tool. */
@Injectable()
export class LtiDistricts {
  constructor(
    private readonly districts: DistrictRegistry,
    private readonly registrations: LtiRegistrations,
  ) {}

  /** The settings as the districts file has them; a refusal page for a district without an LTI tool. */
  settings(districtId: string): LtiSettings {
    const lti = this.configured(districtId);
    if (!lti) throw notConfigured();
    return lti;
  }

  /** For the tool's configuration and key set: 404 for a district that is unknown or has no LTI tool. */
  published(districtId: string): LtiSettings {
    const lti = this.configured(districtId);
    if (!lti) throw new NotFoundException('no LTI tool here');
    return lti;
  }

  /**
   * The tool a launch is checked against: the districts file's developer key, or the one a Dynamic
   * Registration stored, with every deployment either names.
   */
  async registered(districtId: string): Promise<RegisteredTool> {
    const lti = this.settings(districtId);
    const registration = lti.clientId === undefined ? await this.registrations.of(districtId) : undefined;
    const clientId = lti.clientId ?? registration?.clientId;
    if (clientId === undefined) throw notConfigured();
    return { ...lti, clientId, deploymentIds: [...new Set([...lti.deploymentIds, ...(registration?.deploymentIds ?? [])])] };
  }

  canvasBaseUrl(districtId: string): string {
    return this.districts.get(districtId).canvas.baseUrl;
  }

  private configured(districtId: string): LtiSettings | undefined {
    return this.districts.ids.includes(districtId) ? this.districts.get(districtId).lti : undefined;
  }
}

function notConfigured(): LaunchRefusal {
  return new LaunchRefusal(
    'lti-not-configured',
    'Sync Grades is not set up for this district in sisbridge. Ask your Canvas administrator.',
  );
}
