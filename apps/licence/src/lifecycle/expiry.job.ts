import type { LoggerService } from '@nestjs/common';
import type { LifecycleService } from './lifecycle.service.js';

/** Runs expiry (失效) on a schedule; `runOnce` is what the schedule (and tests, with a moved clock) call. */
export class ExpiryJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly logger: LoggerService,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.runOnce()
        .catch((err: unknown) => {
          this.logger.error(`licence expiry run failed: ${(err as Error).message}`);
        })
        .finally(() => {
          this.running = undefined;
        });
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async runOnce(): Promise<string[]> {
    const expired = await this.lifecycle.expireDue();
    if (expired.length > 0) this.logger.log(`licence: ${expired.length} licence(s) expired`);
    return expired;
  }
}
