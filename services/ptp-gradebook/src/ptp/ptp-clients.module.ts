import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { PtpClients } from './ptp-clients';

/** The districts' PowerTeacher Pro clients: one per district in this process, shared by every activity. */
@Module({
  imports: [HttpModule.register({ timeout: 120_000, maxRedirects: 0 })],
  providers: [PtpClients],
  exports: [PtpClients],
})
export class PtpClientsModule {}
