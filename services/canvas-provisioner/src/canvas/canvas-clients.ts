import { HttpService } from '@nestjs/axios';
import type { Provider } from '@nestjs/common';
import { DistrictCanvasClients } from '@sisbridge/canvas-client';
import { DistrictRegistry } from '@sisbridge/district-config';
import { sharedAxios } from '@sisbridge/service-kit';

/**
 * The districts' Canvas clients (one per district token, sharing the service's HTTP agent from
 * @nestjs/axios). Every district's token must be set: the service fails at start-up, naming the
 * variable, rather than at 2 a.m. on the first run.
 */
export const canvasClientsProvider: Provider = {
  provide: DistrictCanvasClients,
  inject: [DistrictRegistry, HttpService],
  useFactory: (districts: DistrictRegistry, http: HttpService) => {
    districts.assertSecrets((district) => [['canvas.tokenEnv', district.canvas.tokenEnv]]);
    return new DistrictCanvasClients(districts, { axios: sharedAxios(http) });
  },
};
