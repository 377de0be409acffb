import type { LoggerService } from '@nestjs/common';
import { PeriodicTask } from '@hall/platform';
import type { LifecycleService } from './lifecycle.service.js';

/** Runs expiry (失效) on a schedule; `runOnce` is what the schedule (and tests, with a moved clock) call. */
export class ExpiryJob {
  readonly schedule: PeriodicTask;

  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly logger: LoggerService,
  ) {
    this.schedule = new PeriodicTask({ name: 'licence.expiry', logger, run: () => this.runOnce() });
  }

  start(intervalMs: number): void {
    this.schedule.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.schedule.stop();
  }

  async runOnce(): Promise<string[]> {
    const expired = await this.lifecycle.expireDue();
    if (expired.length > 0) this.logger.log(`licence: ${expired.length} licence(s) expired`);
    return expired;
  }
}
