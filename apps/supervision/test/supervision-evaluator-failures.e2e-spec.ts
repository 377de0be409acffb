import type { LoggerService } from '@nestjs/common';
import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import { ClockEvaluator, createSupervisionService } from '../src/index.js';

const kinds = await testDatabaseKinds();

// The scheduled clock evaluation used to swallow its errors (`.catch(() => undefined)`): a pass failing every minute
// left no trace. Now each failed pass is logged with the task's name and counted.
describe.each(kinds)('supervision clock evaluator failures on %s', (kind) => {
  let h: ServiceHarness;
  let broken = false;
  const errors: unknown[] = [];
  const noop = (): void => undefined;
  const logger: LoggerService = {
    log: noop,
    warn: noop,
    debug: noop,
    verbose: noop,
    error: (message: unknown) => void errors.push(message),
  };
  const clock = {
    now: (): Date => {
      if (broken) throw new Error('clock source unavailable');
      return new Date();
    },
  };

  beforeAll(async () => {
    h = await startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 25 } }), {
      db: kind,
      logger,
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const until = async (what: () => boolean): Promise<void> => {
    for (let i = 0; i < 400 && !what(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(what()).toBe(true);
  };

  it('logs and counts a failed scheduled pass, and the next pass runs again', async () => {
    const schedule = h.app.get(ClockEvaluator).schedule;
    await until(() => schedule.stats().runs > 0);
    expect(schedule.stats().failures).toBe(0);

    broken = true;
    await until(() => schedule.stats().failures >= 1);
    broken = false;
    expect(schedule.stats()).toMatchObject({
      name: 'supervision.clock-evaluator',
      lastError: 'clock source unavailable',
    });
    expect(errors).toContainEqual(
      expect.objectContaining({
        task: 'supervision.clock-evaluator',
        err: expect.stringContaining('clock source unavailable'),
      }),
    );

    const { runs, failures } = schedule.stats();
    await until(() => schedule.stats().runs > runs + 1);
    // Passes run again after the failure; none fails once repaired (but the one that may have started just before).
    expect(schedule.stats().failures).toBeLessThanOrEqual(failures + 1);
  });
});
