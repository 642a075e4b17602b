import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { CanvasClient } from '@sisbridge/canvas-client';
import { DistrictRegistry } from '@sisbridge/district-config';

/**
 * One Canvas client per district (its own token, its own pacing under Canvas's throttle),
 * sharing the service's HTTP agent from @nestjs/axios.
 */
@Injectable()
export class CanvasClients {
  private readonly clients = new Map<string, CanvasClient>();

  constructor(
    private readonly districts: DistrictRegistry,
    private readonly http: HttpService,
  ) {
    // Fail at start-up, naming the variable, rather than at 2 a.m. on the first run.
    districts.assertSecrets((district) => [['canvas.tokenEnv', district.canvas.tokenEnv]]);
  }

  forDistrict(districtId: string): CanvasClient {
    let client = this.clients.get(districtId);
    if (!client) {
      const canvas = this.districts.get(districtId).canvas;
      client = new CanvasClient({
        baseUrl: canvas.baseUrl,
        rootAccountId: canvas.rootAccountId,
        token: this.districts.secret(districtId, 'canvas.tokenEnv', canvas.tokenEnv),
        axios: this.http.axiosRef,
      });
      this.clients.set(districtId, client);
    }
    return client;
  }
}
