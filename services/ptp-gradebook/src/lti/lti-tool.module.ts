import { Module } from '@nestjs/common';
import { DistrictRegistry } from '@sisbridge/district-config';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import { CanvasLookupsModule } from '../canvas-lookups/canvas-lookups.module';
import { PageSessions } from '../page/page-sessions';
import { PassbackPageController } from '../page/passback-page.controller';
import { PassbackRunsModule } from '../passback-runs/passback-runs.module';
import type { PtpGradebookConfig } from '../ptp-gradebook.config';
import { IdTokenVerifier } from './id-token-verifier';
import { LaunchController } from './launch.controller';
import { LaunchStates } from './launch-state';
import { LtiDistricts } from './lti-districts';
import { OidcLoginController } from './oidc-login.controller';
import { PlatformKeySets } from './platform-key-sets';
import { TeacherCheck } from './teacher-check';
import { ToolConfigurationController } from './tool-configuration.controller';
import { ToolKeys } from './tool-keys';
import { ToolUrls } from './tool-urls';
import { UsedNonces } from './used-nonces';

/**
 * The LTI 1.3 "Sync Grades" tool (Canvas's `post_grades` placement) and the teacher's page it
 * opens: OIDC login, launch, the tool's configuration and key set, the page and its status.
 */
@Module({
  imports: [PassbackRunsModule, CanvasLookupsModule],
  controllers: [OidcLoginController, LaunchController, ToolConfigurationController, PassbackPageController],
  providers: [
    { provide: ToolKeys, inject: [DistrictRegistry], useFactory: (districts: DistrictRegistry) => ToolKeys.load(districts) },
    {
      provide: ToolUrls,
      inject: [SERVICE_CONFIG, DistrictRegistry],
      useFactory: (config: PtpGradebookConfig, districts: DistrictRegistry) => ToolUrls.load(config, districts),
    },
    LtiDistricts,
    LaunchStates,
    PlatformKeySets,
    UsedNonces,
    IdTokenVerifier,
    TeacherCheck,
    PageSessions,
  ],
})
export class LtiToolModule {}
