import type { RawExecutor } from '@hall/messaging';
import type { IntakeStore } from '../intake.store.js';
import type { OutgoingNotification } from './notification.sender.js';

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
// On the database's own driver (issue 22: the ORM cost several times the CPU per statement, and the dispatcher polls);
// no column of a message holds sealed personal data.

/** A message waiting to be sent, as the dispatcher hands it to the sender. */
export type UnsentNotification = OutgoingNotification;

/** Messages not sent yet with attempts left, oldest first. */
export function unsentNotifications(db: RawExecutor, maxAttempts: number, take: number) {
  return db.$queryRawUnsafe<UnsentNotification[]>(
    `SELECT n."id", n."user_id" AS "userId", n."email", n."application_no" AS "applicationNo", n."title", n."body"
       FROM "notification" n WHERE n."sent_at" IS NULL AND n."send_attempts" < $1::integer
      ORDER BY n."created_at" LIMIT $2::integer`,
    maxAttempts,
    take,
  );
}

/** These messages went out (one statement for a pass). */
export async function markNotificationsSent(
  db: RawExecutor,
  ids: readonly string[],
  at: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await db.$executeRawUnsafe(
    `UPDATE "notification" SET "sent_at" = $2::timestamptz, "send_attempts" = "send_attempts" + 1, "send_error" = NULL
      WHERE "id" = ANY($1::uuid[])`,
    [...ids],
    at.toISOString(),
  );
}

/** An attempt failed: counted, with why. */
export async function markNotificationFailed(db: RawExecutor, id: string, error: string): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE "notification" SET "send_attempts" = "send_attempts" + 1, "send_error" = $2 WHERE "id" = $1::uuid`,
    id,
    error,
  );
}
