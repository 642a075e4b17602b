import { HttpService } from '@nestjs/axios';
import { Injectable } from '@nestjs/common';
import { CanvasClient } from '@sisbridge/canvas-client';
import { DistrictRegistry } from '@sisbridge/district-config';

/**
 * The Canvas client passback reads with (post_to_sis assignments, submissions, a teacher's
 * enrollments): one per district, its own pacing under Canvas's throttle.
 */
@Injectable()
export class PassbackCanvas {
  private readonly clients = new Map<string, CanvasClient>();

  constructor(
    private readonly districts: DistrictRegistry,
    private readonly http: HttpService,
  ) {}

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
