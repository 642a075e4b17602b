import { Module } from '@nestjs/common';
import { CanvasLookupsModule } from '../canvas-lookups/canvas-lookups.module';
import { PassbackRunsModule } from '../passback-runs/passback-runs.module';
import { ApiCredentials } from './api-credentials';
import { ApiCredentialsGuard } from './api-credentials.guard';
import { PassbackApiController } from './passback-api.controller';

/** `POST /passback` and its status URLs, for Canvas-side automation. */
@Module({
  imports: [PassbackRunsModule, CanvasLookupsModule],
  controllers: [PassbackApiController],
  providers: [ApiCredentials, ApiCredentialsGuard],
})
export class PassbackApiModule {}
