import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The tool as a district's Canvas registered it: the developer key's client id and the deployment(s). */
export interface LtiRegistration {
  clientId: string;
  deploymentIds: string[];
}

/** Dynamic Registrations, per district (`ptp_gradebook.lti_registration`), shared by every replica. */
@Injectable()
export class LtiRegistrations {
  constructor(private readonly dataSource: DataSource) {}

  async of(districtId: string): Promise<LtiRegistration | undefined> {
    const rows: Array<{ client_id: string; deployment_ids: string[] }> = await this.dataSource.query(
      'SELECT client_id, deployment_ids FROM ptp_gradebook.lti_registration WHERE district_id = $1',
      [districtId],
    );
    const row = rows[0];
    return row && { clientId: row.client_id, deploymentIds: row.deployment_ids };
  }

  /** A new registration replaces the district's earlier one (Canvas made a new developer key). */
  async save(districtId: string, registration: LtiRegistration & { openidConfigurationUrl: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ptp_gradebook.lti_registration (district_id, client_id, deployment_ids, openid_configuration_url) VALUES ($1, $2, $3, $4)
       ON CONFLICT (district_id) DO UPDATE SET client_id = EXCLUDED.client_id, deployment_ids = EXCLUDED.deployment_ids,
         openid_configuration_url = EXCLUDED.openid_configuration_url, registered_at = now()`,
      [districtId, registration.clientId, registration.deploymentIds, registration.openidConfigurationUrl],
    );
  }
}
