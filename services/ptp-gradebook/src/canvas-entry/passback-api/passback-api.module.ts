import { Module } from '@nestjs/common';
import { PassbackWorkflowModule } from '../passback-workflow/passback-workflow.module';
import { ApiCredentials } from './api-credentials';
import { ApiCredentialsGuard } from './api-credentials.guard';
import { PassbackApiController } from './passback-api.controller';

/** `POST /passback` and its status URLs, for Canvas-side automation. */
@Module({
  imports: [PassbackWorkflowModule],
  controllers: [PassbackApiController],
  providers: [ApiCredentials, ApiCredentialsGuard],
})
export class PassbackApiModule {}
