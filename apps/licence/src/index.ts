import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@hall/platform';
import { LicenceModule } from './licence.module.js';

/** The licence service as both the standalone entry and the embedded hall boot it. */
export const licenceService: ServiceDefinition = {
  name: 'licence',
  title: 'Licence service 电子证照',
  description: 'E-licences: issue, sign, render, verify, revoke, share.',
  appDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  usesStorage: true,
  // POST /api/licence/verify/pdf takes the PDF itself as the body.
  rawBodyTypes: ['application/pdf'],
  module: (runtime) => LicenceModule.register(runtime),
};
