import { Module } from '@nestjs/common';
import { DistrictRegistry } from '@sisbridge/district-config';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import { PageSessions } from '../teacher-page/page-sessions';
import { TeacherPageController } from '../teacher-page/teacher-page.controller';
import { PassbackWorkflowModule } from '../passback-workflow/passback-workflow.module';
import type { PtpGradebookConfig } from '../../ptp-gradebook.config';
import { IdTokenVerifier } from './id-token-verifier';
import { LaunchController } from './launch.controller';
import { LaunchStates } from './launch-state';
import { LtiDistricts } from './lti-districts';
import { OidcLoginController } from './oidc-login.controller';
import { PlatformKeySets } from './platform-key-sets';
import { TeacherCheck } from './teacher-check';
import { ToolConfigurationController } from './tool-configuration.controller';
import { ToolKeys } from '../tool-identity/tool-keys';
import { ToolUrls } from '../tool-identity/tool-urls';
import { UsedNonces } from './used-nonces';
import { DynamicRegistration } from './dynamic-registration';
import { LaunchTickets } from './launch-tickets';
import { LtiAssetsController } from './lti-assets.controller';
import { LtiRegistrations } from './lti-registrations';

/**
 * The LTI 1.3 "Sync Grades" tool (Canvas's `post_grades` placement) and the teacher's page it
 * opens: OIDC login, launch, the tool's configuration, key set and Dynamic Registration, the page
 * and its status.
 */
@Module({
  imports: [PassbackWorkflowModule],
  controllers: [OidcLoginController, LaunchController, ToolConfigurationController, TeacherPageController, LtiAssetsController],
  providers: [
    { provide: ToolKeys, inject: [DistrictRegistry], useFactory: (districts: DistrictRegistry) => ToolKeys.load(districts) },
    {
      provide: ToolUrls,
      inject: [SERVICE_CONFIG, DistrictRegistry],
      useFactory: (config: PtpGradebookConfig, districts: DistrictRegistry) => ToolUrls.load(config, districts),
    },
    LtiDistricts,
    LtiRegistrations,
    DynamicRegistration,
    LaunchStates,
    LaunchTickets,
    PlatformKeySets,
    UsedNonces,
    IdTokenVerifier,
    TeacherCheck,
    PageSessions,
  ],
})
export class LtiToolModule {}
