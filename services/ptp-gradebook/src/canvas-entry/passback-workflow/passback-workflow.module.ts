import { Module } from '@nestjs/common';
import { PassbackStarter } from './passback-starter';
import { PassbackStatusReader } from './passback-status-reader';
import { TemporalClientLifecycle, temporalClientProvider } from './temporal-client.provider';

/** Starting (or joining) passback runs and reading their status: what the API and the LTI tool share. */
@Module({
  providers: [temporalClientProvider, TemporalClientLifecycle, PassbackStarter, PassbackStatusReader],
  exports: [PassbackStarter, PassbackStatusReader],
})
export class PassbackWorkflowModule {}
