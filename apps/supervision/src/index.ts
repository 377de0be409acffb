import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@hall/platform';
import { SupervisionModule } from './supervision.module.js';

/** The supervision service as both the standalone entry and the embedded hall boot it. */
export const supervisionService: ServiceDefinition = {
  name: 'supervision',
  title: 'Supervision service 电子监察',
  description: 'Timelines, working-day clocks, cards, anomalies, ratings (好差评).',
  appDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  usesStorage: false,
  module: (runtime) => SupervisionModule.register(runtime),
};
