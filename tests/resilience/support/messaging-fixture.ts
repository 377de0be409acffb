import type { SqlRunner } from '@hall/persistence';
import type { RawExecutor, TransactionRunner, Transport, TransportMessage } from '@hall/messaging';

/** The messaging lib's own fixture migrations (outbox, inbox, a test `effect` table). */
export const messagingMigrations = new URL('../../../libs/messaging/src/testing/migrations', import.meta.url)
  .pathname;

/** Prisma-shaped raw executor over a SqlRunner (what services' transaction clients offer). */
export function rawExecutor(sql: SqlRunner): RawExecutor {
  return {
    $executeRawUnsafe: (q, ...v) => sql.execute(q, v),
    $queryRawUnsafe: async <T>(q: string, ...v: unknown[]) => (await sql.query(q, v)) as T,
  };
}

export function transactionRunner(sql: SqlRunner): TransactionRunner<RawExecutor> {
  return (fn) => sql.transaction((tx) => fn(rawExecutor(tx)));
}

/** Polls `cond` every 20 ms; fails (naming `what`) when it does not hold within the limit. */
export async function waitFor(
  what: string,
  cond: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error(`not reached in ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A transport that records every published message (Kafka-like: the publish resolves once "acked"), yielding
 * to the event loop on each publish so concurrent relays interleave.
 */
export class RecordingTransport implements Transport {
  readonly kind = 'inprocess' as const;
  readonly published: TransportMessage[] = [];
  failNext = 0;

  async publish(messages: readonly TransportMessage[]): Promise<void> {
    await new Promise((r) => setImmediate(r));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('broker unavailable');
    }
    this.published.push(...messages);
  }

  async subscribe(): Promise<never> {
    throw new Error('RecordingTransport does not deliver');
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    /* nothing */
  }

  /** Event ids published, from the envelope. */
  ids(): string[] {
    return this.published.map((m) => (JSON.parse(m.value) as { id: string }).id);
  }
}
