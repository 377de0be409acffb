import { randomUUID } from 'node:crypto';
import type { SqlRunner } from '@hall/persistence';
import type { MessagingLogger, TracingHooks } from './raw-executor.js';
import { silentLogger } from './raw-executor.js';
import type { Transport, TransportMessage } from './transport.js';

/** Key of the transaction-scoped advisory lock that serialises claims (not publishing) across relays. */
const CLAIM_LOCK_KEY = 7268001;

interface OutboxRow {
  seq: string | number | bigint;
  id: string;
  topic: string;
  key: string;
  type: string;
  version: number;
  payload: unknown;
  headers: Record<string, string> | string;
  occurred_at: Date | string;
  source: string;
}

export interface OutboxRelayOptions {
  sql: SqlRunner;
  transport: Transport;
  batchSize?: number;
  /**
   * Poll interval when idle (ms); `nudge()` wakes the relay at once after a commit. Each wait that ends without a
   * nudge doubles the next one, up to `maxIdlePollMs`; a nudge resets it.
   */
  pollIntervalMs?: number;
  /** Longest wait between idle polls (ms; default 8 × `pollIntervalMs`). */
  maxIdlePollMs?: number;
  /** How long a claim protects rows from other relays; a crashed relay's rows are reclaimed after it. */
  claimTtlMs?: number;
  /** Pause after a failed publish before trying again (ms). */
  retryDelayMs?: number;
  logger?: MessagingLogger;
  /** With Kafka, each trace's messages are sent inside that trace's context (see TracingHooks.runProducer). */
  tracing?: TracingHooks;
  /** Test-only fault injection: throw from a hook to simulate the process dying at that point. */
  faults?: { afterClaim?: () => void; afterPublish?: () => void };
}

export class RelayCrash extends Error {}

function toDate(v: Date | string): Date {
  return v instanceof Date ? v : new Date(v);
}

/**
 * Publishes committed outbox rows in commit order. Several relays may run against one outbox: claims are
 * taken under a short advisory lock with `FOR UPDATE SKIP LOCKED`, and a row is never claimed while an
 * earlier row of the same key is claimed elsewhere, so per-key order holds. A row is marked published
 * only after the transport accepted it; a crash in between republishes it (consumers are idempotent).
 */
export class OutboxRelay {
  readonly relayId = randomUUID();
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxIdlePollMs: number;
  private readonly claimTtlMs: number;
  private readonly retryDelayMs: number;
  private readonly logger: MessagingLogger;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private nudged = false;
  /**
   * Rows of a short batch the running loop published whose mark is not written yet: marked by the first statement of
   * the next claim transaction (issue 22: no commit of its own per batch), or by `stop()`. Still claimed by this relay
   * until then (a later row of their keys waits for that claim, at most one poll interval away); a crash before the
   * mark republishes them, which the consumers' inbox absorbs.
   */
  private unmarked: string[] = [];

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.maxIdlePollMs = Math.max(this.pollIntervalMs, options.maxIdlePollMs ?? 8 * this.pollIntervalMs);
    this.claimTtlMs = options.claimTtlMs ?? 30_000;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
    this.logger = options.logger ?? silentLogger;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Wakes the relay (call after committing a transaction that staged events). */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** Stops after the batch in flight; with `drain`, first publishes everything already committed. */
  async stop(opts: { drain?: boolean } = {}): Promise<void> {
    if (opts.drain && this.running) {
      this.running = false;
      this.wake?.();
      await this.loop;
      while ((await this.publishBatch()) > 0) {
        /* drain */
      }
      await this.flushMarks();
      return;
    }
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.flushMarks();
  }

  /** Writes the marks the loop deferred (one autocommit statement), if any. */
  private async flushMarks(): Promise<void> {
    if (this.unmarked.length === 0) return;
    const seqs = this.unmarked;
    await this.markPublished(seqs);
    this.unmarked = this.unmarked.filter((s) => !seqs.includes(s));
  }

  /** Marks published rows still claimed by this relay: one statement, its commit asynchronous. */
  private async markPublished(seqs: readonly string[]): Promise<void> {
    // The joined set_config makes that transaction's commit asynchronous too.
    await this.options.sql.query(
      `WITH async AS (SELECT set_config('synchronous_commit', 'off', true) AS v)
       UPDATE "outbox" SET published_at = now(), claimed_until = NULL, last_error = NULL
         FROM async
        WHERE seq = ANY($1::bigint[]) AND claimed_by = $2`,
      [seqs, this.relayId],
    );
  }

  private async run(): Promise<void> {
    let idleMs = this.pollIntervalMs;
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch({ deferMark: true });
      } catch (err) {
        if (err instanceof RelayCrash) {
          this.running = false;
          return;
        }
        this.logger.error(
          { err: (err as Error).message, relay: this.relayId },
          'outbox relay: publish failed',
        );
        await this.sleep(this.retryDelayMs);
        continue;
      }
      // A short batch took everything committed when it claimed; what commits later nudges the relay (issue 22: no
      // claim that finds nothing after each batch). The poll is only a safety net, so it backs off while not nudged.
      if (published < this.batchSize && !this.nudged) {
        // Deferred marks are written by the next pass, at most one poll interval away (well inside the claim TTL).
        await this.sleep(this.unmarked.length > 0 ? Math.min(idleMs, this.pollIntervalMs) : idleMs);
        idleMs = this.nudged ? this.pollIntervalMs : Math.min(idleMs * 2, this.maxIdlePollMs);
      }
      this.nudged = false;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /**
   * Claims, publishes and marks one batch. Returns how many rows it published. With `deferMark` (the loop) the mark of
   * a batch shorter than the batch size is left to the next claim transaction, whose first statement writes it.
   */
  async publishBatch(opts: { deferMark?: boolean } = {}): Promise<number> {
    const { sql } = this.options;
    const marking = this.unmarked;
    const rows = await sql.transaction(async (tx) => {
      // Claims and marks need not wait for the WAL flush: one lost in a database crash only means the row is
      // published again, which the consumers' inbox absorbs (the staged row itself was committed durably).
      // One statement for the commit mode, the claim lock and the previous batch's deferred mark (issue 22:
      // statements and commits per case); the claim below is a new statement, so its snapshot follows the lock and
      // sees the mark (a later row of a key just published is claimable).
      await tx.query(
        marking.length === 0
          ? `SELECT set_config('synchronous_commit', 'off', true) AS async, pg_advisory_xact_lock($1)::text AS locked`
          : `WITH marked AS (
               UPDATE "outbox" SET published_at = now(), claimed_until = NULL, last_error = NULL
                WHERE seq = ANY($2::bigint[]) AND claimed_by = $3
               RETURNING 1)
             SELECT set_config('synchronous_commit', 'off', true) AS async, pg_advisory_xact_lock($1)::text AS locked,
                    (SELECT count(*) FROM marked)::int AS marked`,
        marking.length === 0 ? [CLAIM_LOCK_KEY] : [CLAIM_LOCK_KEY, marking, this.relayId],
      );
      return tx.query<OutboxRow>(
        `WITH candidates AS (
           SELECT o.seq FROM "outbox" o
            WHERE o.published_at IS NULL
              AND (o.claimed_until IS NULL OR o.claimed_until < now())
              AND NOT EXISTS (
                SELECT 1 FROM "outbox" e
                 WHERE e.key = o.key AND e.published_at IS NULL AND e.seq < o.seq
                   AND e.claimed_until IS NOT NULL AND e.claimed_until >= now())
            ORDER BY o.seq
            LIMIT $1
            FOR UPDATE SKIP LOCKED)
         UPDATE "outbox" SET claimed_by = $2, claimed_until = now() + ($3::int * interval '1 millisecond'),
                attempts = attempts + 1
           FROM candidates
          WHERE "outbox".seq = candidates.seq
         RETURNING "outbox".seq, "outbox".id, "outbox".topic, "outbox".key, "outbox".type, "outbox".version,
                   "outbox".payload, "outbox".headers, "outbox".occurred_at, "outbox".source`,
        [this.batchSize, this.relayId, this.claimTtlMs],
      );
    });
    if (marking.length > 0) this.unmarked = this.unmarked.filter((s) => !marking.includes(s));
    if (rows.length === 0) return 0;
    rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
    this.options.faults?.afterClaim?.();
    const seqs = rows.map((r) => String(r.seq));
    const messages: TransportMessage[] = rows.map((r) => {
      const headers =
        typeof r.headers === 'string' ? (JSON.parse(r.headers) as Record<string, string>) : r.headers;
      const payload = typeof r.payload === 'string' ? (JSON.parse(r.payload) as unknown) : r.payload;
      return {
        topic: r.topic,
        key: r.key,
        headers,
        value: JSON.stringify({
          id: r.id,
          type: r.type,
          version: r.version,
          key: r.key,
          occurredAt: toDate(r.occurred_at).toISOString(),
          source: r.source,
          payload,
        }),
      };
    });
    try {
      await this.send(messages);
    } catch (err) {
      await sql.query(
        `UPDATE "outbox" SET claimed_until = NULL, claimed_by = NULL, last_error = $2
          WHERE seq = ANY($1::bigint[]) AND claimed_by = $3`,
        [seqs, (err as Error).message.slice(0, 2000), this.relayId],
      );
      throw err;
    }
    this.options.faults?.afterPublish?.();
    // A full batch means more is waiting: mark it now, so that other relays may take the next rows of its keys while
    // this one claims again. A short one ends a burst: its mark waits for the next claim (at most one poll away).
    if (opts.deferMark && rows.length < this.batchSize) this.unmarked = [...this.unmarked, ...seqs];
    else await this.markPublished(seqs);
    return rows.length;
  }

  private async send(messages: TransportMessage[]): Promise<void> {
    const runProducer = this.options.tracing?.runProducer;
    if (this.options.transport.kind !== 'kafka' || !runProducer) {
      await this.options.transport.publish(messages);
      return;
    }
    // Consecutive messages of one trace go together, in outbox order.
    let start = 0;
    while (start < messages.length) {
      const trace = messages[start]?.headers.traceparent;
      let end = start + 1;
      while (end < messages.length && messages[end]?.headers.traceparent === trace) end++;
      const group = messages.slice(start, end);
      await runProducer(group[0]?.headers ?? {}, () => this.options.transport.publish(group));
      start = end;
    }
  }

  /** Rows not yet published (for readiness details and tests). */
  async pending(): Promise<number> {
    const [row] = await this.options.sql.query<{ n: string | number }>(
      'SELECT count(*)::int AS n FROM "outbox" WHERE published_at IS NULL',
    );
    return Number(row?.n ?? 0);
  }
}
