import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@hall/platform';
import { IntakeModule } from './intake.module.js';

/** The intake service as both the standalone entry and the embedded hall boot it. */
export const intakeService: ServiceDefinition = {
  name: 'intake',
  title: 'Intake service 受理',
  description: 'Online applications (一网通办) and the comprehensive window (一窗受理).',
  appDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  usesStorage: true,
  module: (runtime) => IntakeModule.register(runtime),
};
