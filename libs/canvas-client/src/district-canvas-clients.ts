import type { AxiosInstance } from 'axios';
import type { DistrictRegistry } from '@sisbridge/district-config';
import { CanvasClient } from './canvas-client';
import { RequestPacer } from './http/request-pacer';

/**
 * How a caller uses Canvas: batch work (provisioning, passback) retries a throttled call a few
 * times; interactive work (a teacher is waiting on a launch) retries once and gives up sooner.
 */
export type CanvasCallProfile = 'batch' | 'interactive';

const PROFILES: Record<CanvasCallProfile, { maxThrottleRetries: number; timeoutMs: number }> = {
  batch: { maxThrottleRetries: 4, timeoutMs: 120_000 },
  interactive: { maxThrottleRetries: 1, timeoutMs: 20_000 },
};

/**
 * Every district's Canvas client, one process-wide registry: each district has its own token and
 * so its own throttle bucket in Canvas, and all calls made with that token share one pacer,
 * whatever part of the service makes them.
 */
export class DistrictCanvasClients {
  private readonly pacers = new Map<string, RequestPacer>();
  private readonly clients = new Map<string, CanvasClient>();

  constructor(
    private readonly districts: DistrictRegistry,
    private readonly options: { axios?: AxiosInstance } = {},
  ) {}

  forDistrict(districtId: string, profile: CanvasCallProfile = 'batch'): CanvasClient {
    const key = `${districtId}\u0000${profile}`;
    let client = this.clients.get(key);
    if (!client) {
      const canvas = this.districts.get(districtId).canvas;
      let pacer = this.pacers.get(districtId);
      if (!pacer) {
        pacer = new RequestPacer();
        this.pacers.set(districtId, pacer);
      }
      client = new CanvasClient({
        baseUrl: canvas.baseUrl,
        rootAccountId: canvas.rootAccountId,
        token: this.districts.secret(districtId, 'canvas.tokenEnv', canvas.tokenEnv),
        axios: this.options.axios,
        pacer,
        ...PROFILES[profile],
      });
      this.clients.set(key, client);
    }
    return client;
  }
}
