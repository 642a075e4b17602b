import type { HttpService } from '@nestjs/axios';
import type { AxiosInstance } from 'axios';

/**
 * The service's axios instance from @nestjs/axios, typed as the Canvas and PowerTeacher Pro
 * clients (CommonJS) see axios. @nestjs/axios 12 is an ES module: it loads axios's ESM build,
 * and TypeScript keeps axios's ESM declarations apart from its CommonJS ones, so the same
 * instance has two unrelated types. The clients only call `request` on it, which both builds
 * implement alike; this is the one place that bridges the two declarations.
 */
export function sharedAxios(http: HttpService): AxiosInstance {
  return http.axiosRef as unknown as AxiosInstance;
}
