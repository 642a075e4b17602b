import { HttpModule, HttpService } from '@nestjs/axios';
import { Global, Module } from '@nestjs/common';
import { DistrictCanvasClients } from '@sisbridge/canvas-client';
import { DistrictRegistry } from '@sisbridge/district-config';
import { sharedAxios } from '@sisbridge/service-kit';
import { CanvasLookups } from './canvas-lookups';

/**
 * The districts' Canvas clients for the whole process, and the few lookups the passback API and
 * the LTI tool make before a start. Passback's activities, the nightly plan, the passback API and
 * the LTI tool all call Canvas with the same district token, so they share one pacer per district
 * under Canvas's throttle instead of each spending the bucket blind.
 */
@Global()
@Module({
  imports: [HttpModule.register({ timeout: 120_000, maxRedirects: 0 })],
  providers: [
    {
      provide: DistrictCanvasClients,
      inject: [DistrictRegistry, HttpService],
      useFactory: (districts: DistrictRegistry, http: HttpService) => {
        // Every district that passes grades back or takes passback requests needs its Canvas
        // token: fail at start-up, naming the variable, rather than on a teacher's first click.
        districts.assertSecrets((district) =>
          district.ptp || district.api || district.lti ? [['canvas.tokenEnv', district.canvas.tokenEnv]] : [],
        );
        return new DistrictCanvasClients(districts, { axios: sharedAxios(http) });
      },
    },
    CanvasLookups,
  ],
  exports: [DistrictCanvasClients, CanvasLookups],
})
export class CanvasClientsModule {}
