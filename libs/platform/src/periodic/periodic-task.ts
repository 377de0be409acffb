import type { LoggerService } from '@nestjs/common';

export interface PeriodicTaskOptions {
  /** Names the task in logs and in `stats()` (e.g. `supervision.clock-evaluator`). */
  readonly name: string;
  /** Interval between scheduled runs (`start(everyMs)` may set it); 0 or less: no timer (runs only when nudged). */
  readonly everyMs?: number;
  /** One run. A rejection is logged with the task's name and counted; the next run is not affected. */
  readonly run: () => Promise<unknown>;
  readonly logger: Pick<LoggerService, 'error'>;
  /** Run once right away on `start()` (default false: the first run is one interval later). */
  readonly runOnStart?: boolean;
}

/** What a task did so far (for health and metrics). */
export interface PeriodicTaskStats {
  readonly name: string;
  readonly runs: number;
  readonly failures: number;
  readonly lastFailureAt: Date | undefined;
  readonly lastError: string | undefined;
}

/**
 * A function run every `everyMs` on an unref'd timer (it never keeps the process alive). Runs never overlap: a tick
 * while a run is in progress is skipped, a `nudge()` while one is in progress asks for one more run right after it
 * (several nudges coalesce). `stop()` clears the timer and waits for the run in progress. Every failed run is
 * logged with the task's name and counted in `stats()`; nothing is swallowed silently.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private runs = 0;
  private failures = 0;
  private lastFailureAt: Date | undefined;
  private lastError: string | undefined;

  constructor(private readonly options: PeriodicTaskOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** Starts the timer (idempotent: a running timer is kept); a stopped task can be started again. */
  start(everyMs: number = this.options.everyMs ?? 0): void {
    this.stopped = false;
    if (this.timer === undefined && everyMs > 0) {
      this.timer = setInterval(() => this.tick(), everyMs);
      this.timer.unref();
    }
    if (this.options.runOnStart === true) this.nudge();
  }

  /** Asks for a run now (e.g. after a commit that created work); no-op once stopped. */
  nudge(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.launch();
  }

  /** Resolves when no run is in progress (nor asked for by a nudge during one). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** Clears the timer and waits for the run in progress; later nudges and ticks do nothing. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.again = false;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  stats(): PeriodicTaskStats {
    return {
      name: this.options.name,
      runs: this.runs,
      failures: this.failures,
      lastFailureAt: this.lastFailureAt,
      lastError: this.lastError,
    };
  }

  private tick(): void {
    if (this.stopped || this.running !== undefined) return;
    this.launch();
  }

  private launch(): void {
    this.running = this.runGuarded().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.launch();
      }
    });
  }

  private async runGuarded(): Promise<void> {
    this.runs += 1;
    try {
      // Called inside the try so a synchronous throw is a failed run too.
      await this.options.run();
    } catch (err) {
      this.failures += 1;
      this.lastFailureAt = new Date();
      this.lastError = err instanceof Error ? err.message : String(err);
      this.options.logger.error({
        msg: `periodic task ${this.options.name} failed`,
        task: this.options.name,
        failures: this.failures,
        err: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
    }
  }
}
