import type { LtiSettings } from '@sisbridge/district-config';
import { CustomFields } from './lti-claims';

const TOOL_ID = 'sisbridge-sync-grades';
const DESCRIPTION =
  'Sends the grades of "Sync to SIS" assignments to the PowerTeacher Pro gradebook (sisbridge). Each assignment is checked first; the page shows what will be sent, what to fix, and the results.';

export interface ToolConfigurationInput {
  lti: LtiSettings;
  /** The tool's host name (Canvas matches launches and links to it). */
  domain: string;
  loginUrl: string;
  launchUrl: string;
  keySetUrl: string;
}

/**
 * The JSON a Canvas administrator pastes into (or points) a new LTI developer key at: Admin →
 * Developer Keys → + LTI Key → Method "Enter URL" (`/lti/{district}/config.json`) or "Paste JSON"
 * (canvas.md §7.1). One placement, `post_grades`: the gradebook's "Sync Grades", a course-context
 * launch by the teacher (§7.2). No LTI Advantage scopes: grades are read through the district's
 * Canvas API token, not AGS. The custom fields ask Canvas for the ids the tool needs, because the
 * standard claims' `sub` and context id are opaque (§7.3, §9.8).
 */
export function toolConfiguration(input: ToolConfigurationInput): Record<string, unknown> {
  const customFields = Object.fromEntries(Object.values(CustomFields).map((field) => [field.name, field.variable]));
  return {
    title: input.lti.title,
    description: DESCRIPTION,
    oidc_initiation_url: input.loginUrl,
    target_link_uri: input.launchUrl,
    // Where Canvas may send the id token: the only redirect_uri a login ever names.
    redirect_uris: [input.launchUrl],
    scopes: [],
    extensions: [
      {
        domain: input.domain,
        tool_id: TOOL_ID,
        platform: 'canvas.instructure.com',
        privacy_level: input.lti.privacyLevel,
        settings: {
          text: input.lti.title,
          placements: [
            {
              placement: 'post_grades',
              message_type: 'LtiResourceLinkRequest',
              target_link_uri: input.launchUrl,
              text: input.lti.title,
              enabled: true,
            },
          ],
        },
      },
    ],
    public_jwk_url: input.keySetUrl,
    custom_fields: customFields,
  };
}

/**
 * The registration the tool sends Canvas in LTI Dynamic Registration (Canvas's registration guide,
 * IMS LTI-DR): the same tool as `toolConfiguration`, in the registration's words.
 */
export function toolRegistration(input: ToolConfigurationInput): Record<string, unknown> {
  const customParameters = Object.fromEntries(Object.values(CustomFields).map((field) => [field.name, field.variable]));
  return {
    application_type: 'web',
    client_name: input.lti.title,
    grant_types: ['client_credentials', 'implicit'],
    response_types: ['id_token'],
    initiate_login_uri: input.loginUrl,
    redirect_uris: [input.launchUrl],
    jwks_uri: input.keySetUrl,
    token_endpoint_auth_method: 'private_key_jwt',
    // No LTI Advantage scopes: grades are read with the district's Canvas API token, not AGS.
    scope: '',
    'https://purl.imsglobal.org/spec/lti-tool-configuration': {
      domain: input.domain,
      target_link_uri: input.launchUrl,
      description: DESCRIPTION,
      custom_parameters: customParameters,
      claims: input.lti.privacyLevel === 'name_only' ? ['iss', 'sub', 'name', 'given_name', 'family_name'] : ['iss', 'sub'],
      messages: [{ type: 'LtiResourceLinkRequest', target_link_uri: input.launchUrl, label: input.lti.title, placements: ['post_grades'] }],
      'https://canvas.instructure.com/lti/privacy_level': input.lti.privacyLevel,
      'https://canvas.instructure.com/lti/tool_id': TOOL_ID,
    },
  };
}
