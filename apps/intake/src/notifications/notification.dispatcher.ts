import type { LoggerService } from '@nestjs/common';
import type { Clock } from '@hall/calendar';
import { PeriodicTask } from '@hall/platform';
import type { IntakeStore } from '../intake.store.js';
import {
  markNotificationFailed,
  markNotificationSent,
  unsentNotifications,
} from './notification.repository.js';
import type { NotificationSender } from './notification.sender.js';

export const MAX_SEND_ATTEMPTS = 5;

/**
 * Sends inbox messages through the external sender *after* they committed (the `notification` table doubles
 * as the send queue): polled, nudged after each request, one attempt per row per pass, failures recorded and
 * retried up to {@link MAX_SEND_ATTEMPTS}. Never part of a state change's transaction, so a slow or failing
 * mail server can neither block nor undo one. A pass that fails as a whole (the database, not one message) is logged
 * and counted (`schedule.stats()`).
 */
export class NotificationDispatcher {
  readonly schedule: PeriodicTask;
  private pass: Promise<number> | undefined;

  constructor(
    private readonly store: IntakeStore,
    private readonly sender: NotificationSender,
    private readonly clock: Clock,
    logger: LoggerService,
  ) {
    this.schedule = new PeriodicTask({
      name: 'intake.notification-dispatch',
      logger,
      run: () => this.drain(),
    });
  }

  start(pollMs: number): void {
    this.schedule.start(pollMs);
  }

  /** Asks for a pass now (after a commit that queued messages); a nudge during a pass asks for one more after it. */
  nudge(): void {
    this.schedule.nudge();
  }

  /** One pass over unsent messages; resolves with how many were sent. */
  drain(): Promise<number> {
    this.pass ??= this.sendPending().finally(() => {
      this.pass = undefined;
    });
    return this.pass;
  }

  private async sendPending(): Promise<number> {
    const rows = await unsentNotifications(this.store.prisma, MAX_SEND_ATTEMPTS, 50);
    let sent = 0;
    for (const n of rows) {
      try {
        await this.sender.send({
          id: n.id,
          userId: n.userId,
          email: n.email,
          applicationNo: n.applicationNo,
          title: n.title,
          body: n.body,
        });
        await markNotificationSent(this.store.prisma, n.id, this.clock.now());
        sent += 1;
      } catch (err) {
        await markNotificationFailed(
          this.store.prisma,
          n.id,
          String((err as Error).message ?? err).slice(0, 1000),
        );
      }
    }
    return sent;
  }

  async stop(): Promise<void> {
    await this.schedule.stop();
    await this.pass?.catch(() => undefined);
  }
}
