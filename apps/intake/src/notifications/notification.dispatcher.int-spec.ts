import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '@hall/calendar';
import type { RawExecutor } from '@hall/messaging';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@hall/persistence';
import type { IntakeStore } from '../intake.store.js';
import { MAX_SEND_ATTEMPTS, NotificationDispatcher, SEND_BATCH } from './notification.dispatcher.js';
import type { NotificationSender, OutgoingNotification } from './notification.sender.js';

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma/migrations');
const kinds = await testDatabaseKinds();
const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };

class Sender implements NotificationSender {
  readonly name = 'test';
  readonly sent: OutgoingNotification[] = [];
  failing = false;
  calls = 0;
  send(n: OutgoingNotification): Promise<void> {
    this.calls++;
    if (this.failing) return Promise.reject(new Error('mail server down'));
    this.sent.push(n);
    return Promise.resolve();
  }
}

/**
 * The send queue on the database's own driver (issue 22: no ORM for the dispatcher's polls), on PostgreSQL and PGlite:
 * a backlog drains in one `drain()` (passes follow each other while full and all sent), a failing sender is tried once
 * per message per drain (its retries are not spent in a burst), and the marks are what the ORM wrote.
 */
describe.each(kinds)('notification dispatcher on %s', (kind) => {
  let db: TestDatabase;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00.000Z'));
  let raw: RawExecutor;
  const queue = async (count: number, applicationNo = `A-${randomUUID().slice(0, 8)}`) => {
    for (let i = 0; i < count; i++) {
      await db.db.sql.execute(
        `INSERT INTO notification (id, user_id, email, application_no, kind, title, body, created_at)
         VALUES ($1, 'u-1', 'a@example.org', $2, 'accepted', $3, '正文', $4::timestamptz)`,
        [randomUUID(), applicationNo, `第${i}条`, new Date(Date.UTC(2026, 2, 2, 0, 0, i)).toISOString()],
      );
    }
    return applicationNo;
  };
  const dispatcherWith = (sender: Sender) =>
    new NotificationDispatcher({ raw } as unknown as IntakeStore, sender, clock, silent);

  beforeAll(async () => {
    db = await createTestDatabase(kind, { label: 'intake_notify', migrationsDir });
    raw = {
      $executeRawUnsafe: (q, ...v) => db.db.sql.execute(q, v),
      $queryRawUnsafe: async <R>(q: string, ...v: unknown[]) => (await db.db.sql.query(q, v)) as R,
    };
  });
  afterAll(async () => db?.dispose());
  beforeEach(() => db.db.sql.exec('DELETE FROM notification'));

  it('drains a backlog larger than a batch in one drain, oldest first, and marks each sent once', async () => {
    const no = await queue(SEND_BATCH * 2 + 7);
    const sender = new Sender();
    expect(await dispatcherWith(sender).drain()).toBe(SEND_BATCH * 2 + 7);
    expect(sender.sent.map((n) => n.title)).toEqual(
      Array.from({ length: SEND_BATCH * 2 + 7 }, (_, i) => `第${i}条`),
    );
    expect(sender.sent[0]).toMatchObject({
      userId: 'u-1',
      email: 'a@example.org',
      applicationNo: no,
      body: '正文',
      id: expect.any(String),
    });
    const rows = await db.db.sql.query<{ n: number; attempts: number; at: string }>(
      `SELECT count(*)::int AS n, max(send_attempts) AS attempts, max(sent_at)::text AS at FROM notification
        WHERE sent_at IS NOT NULL AND send_error IS NULL`,
    );
    expect(rows).toEqual([{ n: SEND_BATCH * 2 + 7, attempts: 1, at: expect.stringContaining('2026-03-02') }]);
    expect(await dispatcherWith(sender).drain()).toBe(0);
  });

  it('tries each message once per drain while the sender fails, records why, and stops after the last attempt', async () => {
    await queue(SEND_BATCH + 3);
    const sender = new Sender();
    sender.failing = true;
    const dispatcher = dispatcherWith(sender);
    expect(await dispatcher.drain()).toBe(0);
    // One pass: the first batch tried once (no burst through the retries), the rest waits for the next poll.
    expect(sender.calls).toBe(SEND_BATCH);
    const failed = await db.db.sql.query<{ attempts: number; error: string; n: number }>(
      `SELECT send_attempts AS attempts, send_error AS error, count(*)::int AS n FROM notification
        WHERE sent_at IS NULL GROUP BY 1, 2 ORDER BY 1`,
    );
    expect(failed).toEqual([
      { attempts: 0, error: null, n: 3 },
      { attempts: 1, error: 'mail server down', n: SEND_BATCH },
    ]);
    // Oldest first: the first batch spends its attempts, then the rest (one pass per drain while failing).
    for (let i = 0; i < 2 * MAX_SEND_ATTEMPTS; i++) await dispatcher.drain();
    const left = await db.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notification WHERE send_attempts >= $1`,
      [MAX_SEND_ATTEMPTS],
    );
    expect(left).toEqual([{ n: SEND_BATCH + 3 }]);
    sender.failing = false;
    const calls = sender.calls;
    expect(await dispatcher.drain()).toBe(0);
    expect(sender.calls).toBe(calls);
  });
});
