import { bootstrapService } from '@sisbridge/service-kit';
import { loadCanvasProvisionerConfig } from './canvas-provisioner.config';
import { CanvasProvisionerModule } from './canvas-provisioner.module';

void bootstrapService({
  service: 'canvas-provisioner',
  description: 'Turns roster snapshots into Canvas accounts, terms, courses, sections, users and enrollments through SIS Imports.',
  version: '0.1.0',
  loadConfig: loadCanvasProvisionerConfig,
  createModule: (config) => CanvasProvisionerModule.create(config),
});
