import { ltiSettingsSchema } from '@sisbridge/district-config';
import { toolConfiguration, toolRegistration } from './tool-configuration';

describe('the tool configuration JSON for a Canvas developer key', () => {
  const lti = ltiSettingsSchema.parse({
    issuer: 'https://canvas.instructure.com',
    clientId: '10000000000123',
    deploymentIds: ['1:abc'],
    jwksUrl: 'https://sso.canvaslms.com/api/lti/security/jwks',
    authorizationEndpoint: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
    toolPrivateKeyEnv: 'LTI_TOOL_KEY',
  });
  const configuration = toolConfiguration({
    lti,
    domain: 'sisbridge.example.org',
    loginUrl: 'https://sisbridge.example.org/lti/springfield/login',
    launchUrl: 'https://sisbridge.example.org/lti/springfield/launch',
    keySetUrl: 'https://sisbridge.example.org/lti/springfield/jwks.json',
  });

  it('has the fields Canvas reads (canvas.md §7.1) and one post_grades placement', () => {
    expect(configuration).toMatchObject({
      title: 'Sync Grades to PowerTeacher Pro',
      oidc_initiation_url: 'https://sisbridge.example.org/lti/springfield/login',
      target_link_uri: 'https://sisbridge.example.org/lti/springfield/launch',
      redirect_uris: ['https://sisbridge.example.org/lti/springfield/launch'],
      public_jwk_url: 'https://sisbridge.example.org/lti/springfield/jwks.json',
      scopes: [],
    });
    expect(configuration['extensions']).toEqual([
      {
        domain: 'sisbridge.example.org',
        tool_id: 'sisbridge-sync-grades',
        platform: 'canvas.instructure.com',
        privacy_level: 'anonymous',
        settings: {
          text: 'Sync Grades to PowerTeacher Pro',
          placements: [
            {
              placement: 'post_grades',
              message_type: 'LtiResourceLinkRequest',
              target_link_uri: 'https://sisbridge.example.org/lti/springfield/launch',
              text: 'Sync Grades to PowerTeacher Pro',
              enabled: true,
            },
          ],
        },
      },
    ]);
  });

  it('asks for the SIS and Canvas ids of the user and the course, and the user’s roles, as custom fields', () => {
    expect(configuration['custom_fields']).toEqual({
      canvas_course_id: '$Canvas.course.id',
      canvas_course_sis_id: '$Canvas.course.sisSourceId',
      canvas_user_id: '$Canvas.user.id',
      canvas_user_sis_id: '$Canvas.user.sisSourceId',
      canvas_membership_roles: '$Canvas.membership.roles',
    });
  });

  it('registers the same tool by LTI Dynamic Registration: its login, its one redirect URI, its keys, the post_grades message and the custom fields', () => {
    const registration = toolRegistration({
      lti,
      domain: 'sisbridge.example.org',
      loginUrl: 'https://sisbridge.example.org/lti/springfield/login',
      launchUrl: 'https://sisbridge.example.org/lti/springfield/launch',
      keySetUrl: 'https://sisbridge.example.org/lti/springfield/jwks.json',
    });
    expect(registration).toMatchObject({
      application_type: 'web',
      client_name: 'Sync Grades to PowerTeacher Pro',
      initiate_login_uri: 'https://sisbridge.example.org/lti/springfield/login',
      redirect_uris: ['https://sisbridge.example.org/lti/springfield/launch'],
      jwks_uri: 'https://sisbridge.example.org/lti/springfield/jwks.json',
      response_types: ['id_token'],
      token_endpoint_auth_method: 'private_key_jwt',
      scope: '',
      'https://purl.imsglobal.org/spec/lti-tool-configuration': {
        domain: 'sisbridge.example.org',
        messages: [
          {
            type: 'LtiResourceLinkRequest',
            target_link_uri: 'https://sisbridge.example.org/lti/springfield/launch',
            label: 'Sync Grades to PowerTeacher Pro',
            placements: ['post_grades'],
          },
        ],
        custom_parameters: configuration['custom_fields'],
        'https://canvas.instructure.com/lti/privacy_level': 'anonymous',
      },
    });
  });
});
