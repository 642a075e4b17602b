import { bootstrapService } from '@sisbridge/service-kit';
import { loadPtpGradebookConfig } from './ptp-gradebook.config';
import { PtpGradebookModule } from './ptp-gradebook.module';

void bootstrapService({
  service: 'ptp-gradebook',
  description: 'Passes Canvas grades back into the PowerTeacher Pro gradebook, per teacher, and serves the API and LTI tool Canvas calls.',
  version: '0.1.0',
  loadConfig: loadPtpGradebookConfig,
  createModule: (config) => PtpGradebookModule.create(config),
  // The passback API verifies HMAC signatures over the exact bytes a caller sent.
  rawBody: true,
});
