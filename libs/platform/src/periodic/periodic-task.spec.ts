import { jest } from '@jest/globals';
import { PeriodicTask } from './periodic-task.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder() {
  const errors: unknown[] = [];
  return { errors, logger: { error: (message: unknown) => void errors.push(message) } };
}

/** A run the test releases by hand. */
function gate() {
  let release = (): void => undefined;
  const opened = new Promise<void>((r) => (release = r));
  return { opened, release };
}

describe('PeriodicTask', () => {
  it("runs every interval on an unref'd timer and stops", async () => {
    const { logger } = recorder();
    let runs = 0;
    const timers: NodeJS.Timeout[] = [];
    const setIntervalSpy = jest.spyOn(global, 'setInterval');
    const task = new PeriodicTask({ name: 'tick', everyMs: 10, logger, run: async () => void (runs += 1) });
    task.start();
    for (const r of setIntervalSpy.mock.results) timers.push(r.value as NodeJS.Timeout);
    setIntervalSpy.mockRestore();
    expect(timers).toHaveLength(1);
    expect(timers[0]?.hasRef()).toBe(false);
    for (let i = 0; i < 200 && runs < 3; i++) await sleep(10);
    await task.stop();
    const seen = runs;
    expect(seen).toBeGreaterThanOrEqual(3);
    await sleep(40);
    expect(runs).toBe(seen);
    expect(task.stats()).toMatchObject({ name: 'tick', runs: seen, failures: 0 });
  });

  it('never overlaps runs: ticks during a run are skipped', async () => {
    const { logger } = recorder();
    let active = 0;
    let maxActive = 0;
    const g = gate();
    const task = new PeriodicTask({
      name: 'slow',
      everyMs: 5,
      logger,
      run: async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await g.opened;
        active -= 1;
      },
    });
    task.start();
    await sleep(50);
    expect(task.stats().runs).toBe(1);
    g.release();
    await task.stop();
    expect(maxActive).toBe(1);
  });

  it('logs and counts each failure with the task name, and keeps running', async () => {
    const { errors, logger } = recorder();
    let n = 0;
    const task = new PeriodicTask({
      name: 'supervision.clock-evaluator',
      everyMs: 0,
      logger,
      run: async () => {
        n += 1;
        if (n <= 2) throw new Error(`boom ${n}`);
      },
    });
    task.nudge();
    await task.idle();
    task.nudge();
    await task.idle();
    task.nudge();
    await task.idle();
    expect(task.stats()).toMatchObject({ runs: 3, failures: 2, lastError: 'boom 2' });
    expect(task.stats().lastFailureAt).toBeInstanceOf(Date);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({
      task: 'supervision.clock-evaluator',
      failures: 1,
      msg: expect.stringContaining('supervision.clock-evaluator'),
    });
    expect(String((errors[1] as { err: string }).err)).toContain('boom 2');
  });

  it('counts a synchronous throw as a failed run', async () => {
    const { errors, logger } = recorder();
    const task = new PeriodicTask({
      name: 'sync',
      everyMs: 0,
      logger,
      run: () => {
        throw new Error('sync boom');
      },
    });
    task.nudge();
    await task.idle();
    expect(task.stats().failures).toBe(1);
    expect(errors).toHaveLength(1);
  });

  it('a nudge during a run asks for exactly one more run after it (nudges coalesce)', async () => {
    const { logger } = recorder();
    const gates = [gate(), gate()];
    let runs = 0;
    const task = new PeriodicTask({
      name: 'nudged',
      everyMs: 0,
      logger,
      run: async () => gates[runs++]?.opened,
    });
    task.nudge();
    task.nudge();
    task.nudge();
    expect(runs).toBe(1);
    gates[0]?.release();
    await sleep(5);
    expect(runs).toBe(2);
    gates[1]?.release();
    await task.idle();
    expect(task.stats().runs).toBe(2);
  });

  it('stop() waits for the run in progress and refuses later nudges', async () => {
    const { logger } = recorder();
    const g = gate();
    let finished = false;
    const task = new PeriodicTask({
      name: 'stopping',
      everyMs: 0,
      logger,
      run: async () => {
        await g.opened;
        finished = true;
      },
    });
    task.nudge();
    task.nudge(); // the asked-for re-run is dropped by stop()
    const stopped = task.stop();
    let resolved = false;
    void stopped.then(() => (resolved = true));
    await sleep(10);
    expect(resolved).toBe(false);
    g.release();
    await stopped;
    expect(finished).toBe(true);
    task.nudge();
    await task.idle();
    expect(task.stats().runs).toBe(1);
  });

  it('runOnStart runs once right away; everyMs <= 0 sets no timer', async () => {
    const { logger } = recorder();
    let runs = 0;
    const task = new PeriodicTask({
      name: 'once',
      everyMs: 0,
      runOnStart: true,
      logger,
      run: async () => void (runs += 1),
    });
    task.start();
    await task.idle();
    await sleep(20);
    expect(runs).toBe(1);
    await task.stop();
  });
});
