import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SERVICE_CONFIG } from '@sisbridge/service-kit';
import type { PtpGradebookConfig } from '../../ptp-gradebook.config';

/**
 * Tells clients apart behind the Ingress: Express takes the client's address from X-Forwarded-For
 * as far as the proxies named by TRUSTED_PROXIES go, so every limit is per client, not per Ingress pod.
 */
@Injectable()
export class ClientAddresses implements OnModuleInit {
  constructor(
    private readonly adapter: HttpAdapterHost,
    @Inject(SERVICE_CONFIG) private readonly config: PtpGradebookConfig,
  ) {}

  onModuleInit(): void {
    const app = this.adapter.httpAdapter?.getInstance() as { set?: (name: string, value: unknown) => void } | undefined;
    app?.set?.('trust proxy', this.config.TRUSTED_PROXIES);
  }
}
