import type { IntakeDb, IntakeStore } from '../intake.store.js';

export interface InboxFilter {
  unreadOnly: boolean;
  page: number;
  pageSize: number;
}

/** A user's inbox (站内信): the messages intake wrote for the status changes of their applications. */
export class NotificationRepository {
  constructor(private readonly store: IntakeStore) {}

  /** One page of the user's messages, newest first, with the matching and the unread counts. */
  async inbox(userId: string, filter: InboxFilter) {
    const db = this.store.prisma;
    const where = { userId, ...(filter.unreadOnly ? { readAt: null } : {}) };
    const [total, unread, rows] = await Promise.all([
      db.notification.count({ where }),
      db.notification.count({ where: { userId, readAt: null } }),
      db.notification.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        skip: (filter.page - 1) * filter.pageSize,
        take: filter.pageSize,
      }),
    ]);
    return { total, unread, rows };
  }

  /** Marks one of the user's messages read; false when the user has no such message. */
  async markRead(userId: string, id: string, at: Date): Promise<boolean> {
    const res = await this.store.prisma.notification.updateMany({
      where: { id, userId },
      data: { readAt: at },
    });
    return res.count > 0;
  }
}

// ——— The send queue (the notification table doubles as it) ———

/** Messages not sent yet with attempts left, oldest first. */
export function unsentNotifications(db: IntakeDb, maxAttempts: number, take: number) {
  return db.notification.findMany({
    where: { sentAt: null, sendAttempts: { lt: maxAttempts } },
    orderBy: { createdAt: 'asc' },
    take,
  });
}

/** These messages went out (one statement for a pass). */
export async function markNotificationsSent(db: IntakeDb, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.notification.updateMany({
    where: { id: { in: [...ids] } },
    data: { sentAt: at, sendAttempts: { increment: 1 }, sendError: null },
  });
}

/** An attempt failed: counted, with why. */
export async function markNotificationFailed(db: IntakeDb, id: string, error: string): Promise<void> {
  await db.notification.update({ where: { id }, data: { sendAttempts: { increment: 1 }, sendError: error } });
}
