import { Module } from '@nestjs/common';
import { TemporalClientModule } from '@sisbridge/service-kit';
import { PassbackStarter } from './passback-starter';
import { PassbackStatusReader } from './passback-status-reader';

/** Starting (or joining) passback runs and reading their status: what the API and the LTI tool share. */
@Module({
  imports: [TemporalClientModule],
  providers: [PassbackStarter, PassbackStatusReader],
  exports: [PassbackStarter, PassbackStatusReader],
})
export class PassbackWorkflowModule {}
