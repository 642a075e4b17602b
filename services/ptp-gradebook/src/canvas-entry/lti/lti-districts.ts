import { Injectable } from '@nestjs/common';
import { DistrictRegistry, type LtiSettings } from '@sisbridge/district-config';
import { LaunchRefusal } from './launch-refusal';

/** A district's LTI settings, or a refusal when the district is unknown or has no LTI tool. */
@Injectable()
export class LtiDistricts {
  constructor(private readonly districts: DistrictRegistry) {}

  settings(districtId: string): LtiSettings {
    const lti = this.districts.ids.includes(districtId) ? this.districts.get(districtId).lti : undefined;
    if (!lti)
      throw new LaunchRefusal(
        'lti-not-configured',
        `Sync Grades is not set up for district "${districtId}" in sisbridge. Ask your Canvas administrator.`,
      );
    return lti;
  }

  timeZone(districtId: string): string {
    return this.districts.get(districtId).timeZone;
  }
}
