import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@hall/platform';
import { ApprovalModule } from './approval.module.js';

/** The approval service as both the standalone entry and the embedded hall boot it. */
export const approvalService: ServiceDefinition = {
  name: 'approval',
  title: 'Approval service 并联审批',
  description: 'Parallel approvals with working-day deadlines and special procedures.',
  appDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  usesStorage: true,
  module: (runtime) => ApprovalModule.register(runtime),
};
