import type { LoggerService } from '@nestjs/common';
import type { Clock } from '@hall/calendar';
import { PeriodicTask } from '@hall/platform';
import type { IntakeStore } from '../intake.store.js';
import {
  markNotificationFailed,
  markNotificationsSent,
  unsentNotifications,
} from './notification.repository.js';
import type { NotificationSender } from './notification.sender.js';

export const MAX_SEND_ATTEMPTS = 5;
/** Messages read per pass. */
export const SEND_BATCH = 50;

/**
 * Sends inbox messages through the external sender *after* they committed (the `notification` table doubles
 * as the send queue): polled (every 2 s by default: a message to a citizen may wait that long, and a poll is a
 * database read), one attempt per row per pass, the sent ones marked in one statement, failures recorded and
 * retried up to {@link MAX_SEND_ATTEMPTS}. A pass that read a full batch and sent all of it is followed by another at
 * once (a backlog drains at the sender's pace, not 50 messages per poll); one with a failure waits for the next poll
 * (a mail server down does not spend the retries in a burst). The poll and the marks run on the database's own
 * driver (issue 22: no ORM). Never part of a state change's transaction, so a slow or failing
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

  /** Passes over unsent messages (see the class); resolves with how many were sent. */
  drain(): Promise<number> {
    this.pass ??= this.sendAll().finally(() => {
      this.pass = undefined;
    });
    return this.pass;
  }

  private async sendAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const { read, sent } = await this.sendPending();
      total += sent;
      if (read < SEND_BATCH || sent < read) return total;
    }
  }

  private async sendPending(): Promise<{ read: number; sent: number }> {
    const rows = await unsentNotifications(this.store.raw, MAX_SEND_ATTEMPTS, SEND_BATCH);
    const sent: string[] = [];
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
        sent.push(n.id);
      } catch (err) {
        await markNotificationFailed(
          this.store.raw,
          n.id,
          String((err as Error).message ?? err).slice(0, 1000),
        );
      }
    }
    // One statement for the pass. A crash between a send and this mark sends that message again on the next pass
    // (at least once, as before: the send and the mark were never one transaction).
    await markNotificationsSent(this.store.raw, sent, this.clock.now());
    return { read: rows.length, sent: sent.length };
  }

  async stop(): Promise<void> {
    await this.schedule.stop();
    await this.pass?.catch(() => undefined);
  }
}
