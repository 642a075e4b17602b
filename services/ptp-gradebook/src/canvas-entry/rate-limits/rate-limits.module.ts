import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import type { PtpGradebookConfig } from '../../ptp-gradebook.config';
import { ApiAuthFailures } from './api-auth-failures';
import { ClientAddresses } from './client-addresses';
import { rateLimitOf, type RateLimitName } from './rate-limited';
import { RouteRateLimitGuard } from './route-rate-limit.guard';

/**
 * Rate limits of Canvas's ways in, on @nestjs/throttler (in-process: each replica counts its own
 * clients). A route is under the limit its `@RateLimited(name)` names and no other.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [SERVICE_CONFIG],
      useFactory: (config: PtpGradebookConfig) => {
        const window = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
        const limit = (name: RateLimitName, perWindow: number) => ({
          name,
          ttl: window,
          limit: perWindow,
          blockDuration: window,
          skipIf: (context: Parameters<typeof rateLimitOf>[0]) => rateLimitOf(context) !== name,
        });
        return {
          setHeaders: false,
          throttlers: [limit('lti-login', config.LTI_LOGINS_PER_WINDOW), limit('lti-launch', config.LTI_LAUNCHES_PER_WINDOW)],
        };
      },
    }),
  ],
  providers: [RouteRateLimitGuard, ApiAuthFailures, ClientAddresses],
  exports: [RouteRateLimitGuard, ApiAuthFailures],
})
export class RateLimitsModule {}
