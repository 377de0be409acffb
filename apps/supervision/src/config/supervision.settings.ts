import { z } from 'zod';

/**
 * Local supervision rules (地方规则: configurable, never hard-coded). Defaults follow the issue: yellow when ≥ 90% of
 * the promised limit is used or ≤ 1 working day remains; red when the limit is exceeded.
 */
export const SupervisionSettings = z.object({
  yellowRatio: z
    .number()
    .min(0)
    .max(1)
    .default(0.9)
    .describe('Yellow card when used/limit reaches this ratio'),
  yellowRemainingDays: z
    .number()
    .int()
    .min(0)
    .default(1)
    .describe('Yellow card when this many working days or fewer remain'),
  acceptanceLimitDays: z
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('AL art. 32: answer within 5 working days of receipt'),
  undeliveredAfterDays: z
    .number()
    .int()
    .min(0)
    .default(10)
    .describe('Rule A08: completed but not delivered after N working days'),
  rectificationDays: z
    .number()
    .int()
    .min(1)
    .default(5)
    .describe("Deadline of a bad rating's rectification (整改), working days"),
  evaluateEveryMs: z
    .number()
    .int()
    .min(0)
    .default(60_000)
    .describe('Scheduled clock evaluation period; 0 disables the timer'),
  projectionLingerMs: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .default(200)
    .describe(
      'The projection consumer gathers the events delivered within this many ms into one transaction (0: each as it comes)',
    ),
  placeholderReasons: z
    .array(z.string())
    .default(['无', '/', '-', '暂无', '略', '不予受理', '不予许可', '不符合', '不符合条件', 'N/A'])
    .describe('Texts that do not count as reasons (rule A04)'),
});
export type SupervisionSettings = z.infer<typeof SupervisionSettings>;

export const DEFAULT_SETTINGS: SupervisionSettings = SupervisionSettings.parse({});

/** Settings from environment variables (`SUPERVISION_YELLOW_RATIO`, …); unknown values fail with the variable named. */
export function settingsFromEnv(env: NodeJS.ProcessEnv): SupervisionSettings {
  const num = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`${name}: not a number (${raw})`);
    return n;
  };
  return SupervisionSettings.parse({
    yellowRatio: num('SUPERVISION_YELLOW_RATIO'),
    yellowRemainingDays: num('SUPERVISION_YELLOW_REMAINING_DAYS'),
    undeliveredAfterDays: num('SUPERVISION_UNDELIVERED_AFTER_DAYS'),
    rectificationDays: num('SUPERVISION_RECTIFICATION_DAYS'),
    evaluateEveryMs: num('SUPERVISION_EVALUATE_EVERY_MS'),
    projectionLingerMs: num('SUPERVISION_PROJECTION_LINGER_MS'),
  });
}

/** Nest injection token of the service's `Clock` (@hall/calendar). */
export const SUPERVISION_CLOCK = Symbol('SUPERVISION_CLOCK');
