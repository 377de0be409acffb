import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceDefinition } from '@hall/platform';
import { type Clock, systemClock } from '@hall/calendar';
import { SupervisionSettings, settingsFromEnv } from './config/supervision.settings.js';
import { SupervisionModule } from './supervision.module.js';

export { CaseProjector } from './cases/case-projector.service.js';
export { ClockEvaluator } from './cases/clock-evaluator.service.js';
export { MatterProjector } from './matters/matter-projector.service.js';
export { SupervisionSettings } from './config/supervision.settings.js';

export interface SupervisionServiceOptions {
  /** Time source of every time-dependent rule (tests move it). */
  clock?: Clock;
  /** Local thresholds and limits; unspecified ones come from the environment, then the defaults. */
  settings?: Partial<SupervisionSettings>;
}

/** The supervision service with an injectable clock and settings. */
export function createSupervisionService(options: SupervisionServiceOptions = {}): ServiceDefinition {
  return {
    name: 'supervision',
    title: 'Supervision service 电子监察',
    description: 'Timelines, working-day clocks, cards, anomalies, ratings (好差评), statistics.',
    appDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
    usesStorage: false,
    module: (runtime) =>
      SupervisionModule.register(runtime, {
        clock: options.clock ?? systemClock,
        settings: SupervisionSettings.parse({ ...settingsFromEnv(process.env), ...options.settings }),
      }),
  };
}

/** The supervision service as both the standalone entry and the embedded hall boot it. */
export const supervisionService: ServiceDefinition = createSupervisionService();
