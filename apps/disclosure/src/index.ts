import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@hall/platform';
import { DisclosureModule } from './disclosure.module.js';

/** The disclosure service (政务公开) as both the standalone entry and the embedded hall boot it. */
export const disclosureService: ServiceDefinition = {
  name: 'disclosure',
  title: 'Disclosure service 政务公开',
  description:
    '主动公开 items: drafting, 保密审查 by a second person, publication, correction, withdrawal, public listing.',
  appDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  usesStorage: true,
  module: (runtime) => DisclosureModule.register(runtime),
};
