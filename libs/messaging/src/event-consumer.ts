import { randomUUID } from 'node:crypto';
import { EventEnvelope, EventHeaders, Topics, type EventContract, type PayloadOf } from '@hall/contracts';
import { caseKeyOf, recordCaseTrace } from './case-trace.js';
import type { PayloadCodec } from './payload-codec.js';
import type { MessagingLogger, RawExecutor, TracingHooks, TransactionRunner } from './raw-executor.js';
import { silentLogger } from './raw-executor.js';
import type { DeliveredMessage, Subscription, Transport } from './transport.js';

/** One delivered event, parsed and matched to its handler, ready to apply. */
interface Parsed<TTx extends RawExecutor> {
  reg: Registration<TTx>;
  payload: unknown;
  envelope: EventEnvelope;
  traceId: string | undefined;
  headers: Readonly<Record<string, string>>;
  topic: string;
}

export interface HandlerContext<TTx extends RawExecutor> {
  /** The transaction the inbox record is written in: write the effect through it. */
  tx: TTx;
  envelope: EventEnvelope;
  /** W3C trace id carried in the message headers (one case = one trace across services). */
  traceId?: string;
  /**
   * Registers the undo of an effect outside the database made for this transaction (e.g. an object stored in
   * object storage that a row written here will point to). Undos run, best effort and newest first, once the
   * transaction did not commit — the handler threw or the commit failed; never after a commit.
   */
  onRollback(undo: () => Promise<void>): void;
  /**
   * Runs `work` in this transaction once every event it carries has been handled, just before the commit (in
   * registration order). The consumer hands several waiting events to their handlers in one transaction when the
   * transport delivers a batch: a handler can gather per-event effects and write them once here (e.g. re-project a
   * case once for all its events). With a single event it runs right after that event's handler.
   */
  beforeCommit(work: () => Promise<void>): void;
}

type Handler<TTx extends RawExecutor, P> = (payload: P, ctx: HandlerContext<TTx>) => Promise<void>;

interface Registration<TTx extends RawExecutor> {
  contract: EventContract;
  handle: Handler<TTx, unknown>;
  /** See `HandlerOptions.actsOn`. */
  actsOn?: (payload: unknown) => boolean;
  /** Registered with `onRaw`: runs in a transaction of `rawTransaction` (when the consumer has one). */
  raw: boolean;
}

export interface HandlerOptions<P> {
  /**
   * The events of the contract the handler acts on. Any other is acknowledged without a transaction, an inbox row or
   * a handler call: the handler would have changed nothing, so there is nothing to apply once (issue 22: a consumer
   * transaction per event that only records it was read). Must depend on the payload alone.
   */
  actsOn?: (payload: P) => boolean;
}

export interface EventConsumerOptions<TTx extends RawExecutor> {
  /** Consumer group (one per service), also the inbox's consumer name. */
  group: string;
  transport: Transport;
  transaction: TransactionRunner<TTx>;
  /**
   * A transaction on the database's own driver (raw SQL only, no ORM), for the handlers registered with `onRaw`
   * (issue 22: an ORM interactive transaction costs several times the CPU per statement). Absent: they run in
   * `transaction` (whose client also takes raw SQL).
   */
  rawTransaction?: TransactionRunner<RawExecutor>;
  /** Attempts before a failing message goes to the dead-letter topic. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt. */
  backoffMs?: number;
  tracing?: TracingHooks;
  logger?: MessagingLogger;
  /**
   * Also keep each dead letter in the service's `dead_letter` table (see MESSAGING_PRISMA_MODELS), so operators can
   * list and replay it (`listDeadLetters`, `replayDeadLetter`). The row is written before the message is committed
   * on the transport: if the database is down the message is redelivered, never lost.
   */
  deadLetterStore?: boolean;
  /**
   * Opens payloads sealed by the producer before the contract parses them (plaintext passes). A message that cannot
   * be opened is dead-lettered at once, still sealed; a replay opens it once the cause (e.g. a missing key) is fixed.
   */
  codec?: PayloadCodec;
  /**
   * Masks what must not be stored or published in an error text (a handler's message may quote personal data): applied
   * to the error of every dead letter (table, topic, log) and of a failed replay.
   */
  maskError?: (text: string) => string;
  /**
   * The key of the transaction-scoped advisory lock (`pg_advisory_xact_lock(hashtext(key))`) an event's handling
   * takes, if any: taken for every event of a batch, in key order, by the inbox statement itself, so a handler that
   * needs it (e.g. supervision's per-case lock) does not spend a statement on it.
   */
  lockKeyOf?: (payload: unknown) => string | undefined;
  /**
   * Lingers this long (ms) after a delivery before applying it, gathering what the transport delivers meanwhile (every
   * partition and topic of the group) into one transaction: one inbox statement, and the handlers' `beforeCommit`
   * work once for all of them (issue 22: a projection that re-derives a case pays per transaction, not per event).
   * Each delivery resolves, and its offsets commit, once the transaction holding it committed; one at a time is
   * applied, in order of delivery. Meant for projections whose readers tolerate a few tens of ms of lag; absent or 0
   * (the default): every delivery is applied as it comes.
   */
  lingerMs?: number;
  /** With `lingerMs`: apply at once when this many events are waiting (default 200). */
  lingerMaxEvents?: number;
}

/** Deliveries waiting for the lingering consumer's next transaction (see `EventConsumerOptions.lingerMs`). */
interface Lingering {
  messages: readonly DeliveredMessage[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** A dead letter as stored in the service's `dead_letter` table. */
export interface StoredDeadLetter extends DeadLetter {
  id: string;
  eventId: string | null;
  type: string | null;
  replayedAt: string | null;
  replayOutcome: string | null;
}

/** Result of replaying a stored dead letter (idempotent: a second replay reports the first one's outcome). */
export interface ReplayResult {
  id: string;
  outcome: 'processed' | 'duplicate' | 'ignored' | 'failed';
  /** True when this call did not run the handler because the dead letter had been replayed already. */
  alreadyReplayed: boolean;
  error?: string;
}

interface DeadLetterRow {
  id: string;
  consumer: string;
  event_id: string | null;
  topic: string;
  partition: number;
  offset: string;
  key: string;
  headers: Record<string, string> | string;
  value: string;
  error: string;
  attempts: number;
  failed_at: Date | string;
  replayed_at: Date | string | null;
  replay_outcome: string | null;
}

const iso = (v: Date | string): string => (v instanceof Date ? v : new Date(v)).toISOString();

function storedOf(r: DeadLetterRow): StoredDeadLetter {
  const headers =
    typeof r.headers === 'string' ? (JSON.parse(r.headers) as Record<string, string>) : r.headers;
  return {
    id: r.id,
    group: r.consumer,
    eventId: r.event_id,
    type: headers[EventHeaders.type] ?? null,
    originalTopic: r.topic,
    partition: r.partition,
    offset: r.offset,
    key: r.key,
    headers,
    value: r.value,
    error: r.error,
    attempts: r.attempts,
    failedAt: iso(r.failed_at),
    replayedAt: r.replayed_at === null ? null : iso(r.replayed_at),
    replayOutcome: r.replay_outcome,
  };
}

export type ConsumeOutcome = 'processed' | 'duplicate' | 'ignored' | 'dead-lettered';

/** Dead-letter record: everything an operator needs to inspect and replay a message. */
export interface DeadLetter {
  group: string;
  originalTopic: string;
  partition: number;
  offset: string;
  key: string;
  headers: Record<string, string>;
  value: string;
  error: string;
  attempts: number;
  failedAt: string;
}

/**
 * A service's event consumer: parses every message (envelope, then the contract's payload schema), applies
 * each event id once (inbox row in the same transaction as the effect), retries failures with exponential
 * backoff, and after `maxAttempts` sends the message to the dead-letter topic so the partition keeps flowing.
 */
export class EventConsumer<TTx extends RawExecutor> {
  private readonly registrations = new Map<string, Registration<TTx>>();
  private subscription: Subscription | undefined;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly logger: MessagingLogger;
  private readonly lingerMs: number;
  private readonly lingerMaxEvents: number;
  /** Deliveries gathered for the next lingered transaction, and how many messages they hold. */
  private lingering: Lingering[] = [];
  private lingeringCount = 0;
  private lingerTimer: ReturnType<typeof setTimeout> | undefined;
  /** The lingered transaction in progress (the next one waits for it). */
  private lingerFlight: Promise<void> = Promise.resolve();

  constructor(private readonly options: EventConsumerOptions<TTx>) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.backoffMs ?? 100;
    this.logger = options.logger ?? silentLogger;
    this.lingerMs = Math.max(0, options.lingerMs ?? 0);
    this.lingerMaxEvents = Math.max(1, options.lingerMaxEvents ?? 200);
  }

  on<C extends EventContract>(
    contract: C,
    handle: Handler<TTx, PayloadOf<C>>,
    options: HandlerOptions<PayloadOf<C>> = {},
  ): this {
    return this.register(contract, handle as Handler<TTx, unknown>, options, false);
  }

  /**
   * Like `on`, for a handler that writes its effect with raw SQL only (`ctx.tx` is a `RawExecutor`): it runs in a
   * transaction of `rawTransaction`, the database's own driver, with the same guarantees (the inbox row, the effect
   * and the events it stages commit together). Raw and other handlers of one delivered batch run in consecutive
   * transactions, in delivery order.
   */
  onRaw<C extends EventContract>(
    contract: C,
    handle: Handler<RawExecutor, PayloadOf<C>>,
    options: HandlerOptions<PayloadOf<C>> = {},
  ): this {
    return this.register(contract, handle as unknown as Handler<TTx, unknown>, options, true);
  }

  private register(
    contract: EventContract,
    handle: Handler<TTx, unknown>,
    options: HandlerOptions<never>,
    raw: boolean,
  ): this {
    const id = `${contract.type}@${contract.version}`;
    if (this.registrations.has(id)) throw new Error(`handler for ${id} registered twice`);
    this.registrations.set(id, {
      contract,
      handle,
      raw,
      ...(options.actsOn !== undefined && { actsOn: options.actsOn as (payload: unknown) => boolean }),
    });
    return this;
  }

  get topics(): string[] {
    return [...new Set([...this.registrations.values()].map((r) => r.contract.topic))];
  }

  async start(): Promise<void> {
    if (this.subscription || this.registrations.size === 0) return;
    const lingering = this.lingerMs > 0;
    this.subscription = await this.options.transport.subscribe({
      group: this.options.group,
      topics: this.topics,
      handler: (m) => (lingering ? this.linger([m]) : this.deliver(m).then(() => undefined)),
      batchHandler: (ms) => (lingering ? this.linger(ms) : this.deliverBatch(ms)),
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
    // What lingers is applied now (its deliveries are still waiting on it), and the stop waits for it.
    if (this.lingering.length > 0) this.flushLingering();
    await this.lingerFlight;
  }

  /**
   * Holds a delivery (one message or a partition's batch) for the next lingered transaction; resolves once that
   * committed (rejects, for the transport to redeliver, when it could neither be applied nor dead-lettered).
   */
  private linger(messages: readonly DeliveredMessage[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.lingering.push({ messages, resolve, reject });
      this.lingeringCount += messages.length;
      if (this.lingeringCount >= this.lingerMaxEvents) this.flushLingering();
      else this.lingerTimer ??= setTimeout(() => this.flushLingering(), this.lingerMs);
    });
  }

  /**
   * Applies what lingers as one batch (`deliverBatch`: one transaction, or one by one when it fails), after the
   * lingered transaction in progress. A partition has one delivery in flight at a time, so each partition's messages
   * are contiguous and in order in the batch.
   */
  private flushLingering(): void {
    if (this.lingerTimer !== undefined) clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    const waiting = this.lingering;
    this.lingering = [];
    this.lingeringCount = 0;
    if (waiting.length === 0) return;
    this.lingerFlight = this.lingerFlight
      .then(() => this.deliverBatch(waiting.flatMap((w) => w.messages)))
      .then(
        () => {
          for (const w of waiting) w.resolve();
        },
        (err: unknown) => {
          for (const w of waiting) w.reject(err);
        },
      );
  }

  /**
   * Handles several delivered messages (one partition, in order) in one transaction: one inbox statement learns which
   * event ids are new, their handlers run in order, then the `beforeCommit` work, and one commit. When anything in
   * it fails (or a message cannot be parsed) the batch is rolled back and each message goes through `deliver` on its
   * own, with its retries and dead letter: a poison event neither blocks nor loses the others.
   */
  async deliverBatch(messages: readonly DeliveredMessage[]): Promise<void> {
    const items: Parsed<TTx>[] = [];
    let oneByOne = false;
    for (const message of messages) {
      try {
        const envelope = EventEnvelope.parse(JSON.parse(message.value));
        const reg = this.registrations.get(`${envelope.type}@${envelope.version}`);
        if (!reg) continue;
        const payload = this.parsePayload(reg.contract, envelope.payload);
        if (reg.actsOn !== undefined && !reg.actsOn(payload)) continue;
        items.push({
          reg,
          payload,
          envelope: { ...envelope, payload },
          traceId: message.headers[EventHeaders.traceparent]?.split('-')[1],
          headers: message.headers,
          topic: message.topic,
        });
      } catch {
        oneByOne = true;
        break;
      }
    }
    if (!oneByOne && items.length === 0) return;
    if (!oneByOne) {
      try {
        await this.apply(items, true);
        return;
      } catch (err) {
        this.logger.warn(
          { group: this.options.group, events: items.length, err: (err as Error).message },
          'event batch failed: handling its events one by one',
        );
      }
    }
    for (const message of messages) await this.deliver(message);
  }

  /** Handles one delivered message with retries; resolves once it is processed, ignored or dead-lettered. */
  async deliver(message: DeliveredMessage): Promise<ConsumeOutcome> {
    let envelope: EventEnvelope;
    let registration: Registration<TTx> | undefined;
    let payload: unknown;
    try {
      envelope = EventEnvelope.parse(JSON.parse(message.value));
      registration = this.registrations.get(`${envelope.type}@${envelope.version}`);
      if (!registration) return 'ignored';
      payload = this.parsePayload(registration.contract, envelope.payload);
      if (registration.actsOn !== undefined && !registration.actsOn(payload)) return 'ignored';
      envelope = { ...envelope, payload };
    } catch (err) {
      // A message that cannot be parsed will never succeed: dead-letter it at once.
      await this.deadLetter(message, `unparseable message: ${(err as Error).message}`, 1);
      return 'dead-lettered';
    }
    const reg = registration;
    const traceId = message.headers[EventHeaders.traceparent]?.split('-')[1];
    const run = () => this.applyOnce(reg, payload, envelope, traceId, message.headers);
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      try {
        const outcome = this.options.tracing
          ? await this.options.tracing.run(message.headers, `consume ${envelope.type}`, run, {
              'messaging.consumer.group.name': this.options.group,
              'messaging.destination.name': message.topic,
            })
          : await run();
        return outcome;
      } catch (err) {
        lastError = err;
        this.logger.warn(
          {
            group: this.options.group,
            eventId: envelope.id,
            type: envelope.type,
            attempt,
            err: (err as Error).message,
          },
          'event handler failed',
        );
        if (attempt < this.maxAttempts)
          await new Promise((r) => setTimeout(r, this.backoffMs * 2 ** (attempt - 1)));
      }
    }
    await this.deadLetter(message, (lastError as Error)?.message ?? String(lastError), this.maxAttempts);
    return 'dead-lettered';
  }

  /** Stored dead letters of this consumer, newest first (needs `deadLetterStore`). */
  async listDeadLetters(
    opts: { includeReplayed?: boolean; limit?: number } = {},
  ): Promise<StoredDeadLetter[]> {
    const rows = await this.options.transaction((tx) =>
      tx.$queryRawUnsafe<DeadLetterRow[]>(
        `SELECT * FROM "dead_letter" WHERE "consumer" = $1 AND ($2::boolean OR "replayed_at" IS NULL)
          ORDER BY "failed_at" DESC, "id" LIMIT $3`,
        this.options.group,
        opts.includeReplayed ?? false,
        Math.min(Math.max(opts.limit ?? 100, 1), 1000),
      ),
    );
    return rows.map(storedOf);
  }

  /**
   * Hands a stored dead letter to its handler once more (after the cause was fixed). Idempotent twice over: the
   * inbox never applies an event id twice, and a dead letter already replayed successfully is not run again.
   * Returns undefined when no such dead letter exists for this consumer.
   */
  async replayDeadLetter(id: string): Promise<ReplayResult | undefined> {
    const [row] = await this.options.transaction((tx) =>
      tx.$queryRawUnsafe<DeadLetterRow[]>(
        `SELECT * FROM "dead_letter" WHERE "id" = $1::uuid AND "consumer" = $2`,
        id,
        this.options.group,
      ),
    );
    if (!row) return undefined;
    if (row.replayed_at !== null) {
      return {
        id,
        outcome: (row.replay_outcome ?? 'processed') as ReplayResult['outcome'],
        alreadyReplayed: true,
      };
    }
    const dl = storedOf(row);
    let outcome: ReplayResult['outcome'];
    let error: string | undefined;
    try {
      const envelope = EventEnvelope.parse(JSON.parse(dl.value));
      const registration = this.registrations.get(`${envelope.type}@${envelope.version}`);
      if (!registration) {
        outcome = 'ignored';
      } else {
        const payload = this.parsePayload(registration.contract, envelope.payload);
        const traceId = dl.headers[EventHeaders.traceparent]?.split('-')[1];
        outcome =
          registration.actsOn !== undefined && !registration.actsOn(payload)
            ? 'ignored'
            : await this.applyOnce(registration, payload, { ...envelope, payload }, traceId, dl.headers);
      }
    } catch (err) {
      outcome = 'failed';
      error = this.mask((err as Error).message).slice(0, 4000);
    }
    await this.options.transaction((tx) =>
      outcome === 'failed'
        ? tx.$executeRawUnsafe(
            `UPDATE "dead_letter" SET "attempts" = "attempts" + 1, "error" = $2 WHERE "id" = $1::uuid`,
            id,
            error ?? '',
          )
        : tx.$executeRawUnsafe(
            `UPDATE "dead_letter" SET "replayed_at" = now(), "replay_outcome" = $2 WHERE "id" = $1::uuid AND "replayed_at" IS NULL`,
            id,
            outcome,
          ),
    );
    return { id, outcome, alreadyReplayed: false, ...(error !== undefined && { error }) };
  }

  private mask(text: string): string {
    return this.options.maskError ? this.options.maskError(text) : text;
  }

  /** The payload in clear (opened by the codec), parsed by its contract. */
  private parsePayload(contract: EventContract, received: unknown): unknown {
    return contract.payload.parse(
      this.options.codec ? this.options.codec.open(contract, received) : received,
    );
  }

  private async applyOnce(
    reg: Registration<TTx>,
    payload: unknown,
    envelope: EventEnvelope,
    traceId: string | undefined,
    headers: Readonly<Record<string, string>>,
  ): Promise<'processed' | 'duplicate'> {
    const processed = await this.apply([{ reg, payload, envelope, traceId, headers, topic: '' }], false);
    return processed > 0 ? 'processed' : 'duplicate';
  }

  /**
   * Applies events in order, each run of consecutive events whose handlers take the same kind of transaction (raw or
   * not: `onRaw`) in one transaction (`applyRun`). Returns how many events were new. When a run fails, the runs
   * before it stay committed: handling the events again finds their inbox rows (duplicates, skipped).
   */
  private async apply(items: readonly Parsed<TTx>[], spanEach: boolean): Promise<number> {
    const rawOf = (item: Parsed<TTx>): boolean => this.options.rawTransaction !== undefined && item.reg.raw;
    const runs: { raw: boolean; items: Parsed<TTx>[] }[] = [];
    // Events of different keys have no order between them: when no key has events of both kinds, those of each kind
    // go in one run (a lingered batch mixes partitions and topics), each key's events still in delivery order.
    const kindsOfKey = new Map<string, Set<boolean>>();
    for (const item of items)
      kindsOfKey.set(item.envelope.key, (kindsOfKey.get(item.envelope.key) ?? new Set()).add(rawOf(item)));
    const first = items[0] !== undefined && rawOf(items[0]);
    const later = (item: Parsed<TTx>): number => Number(rawOf(item) !== first);
    const ordered = [...kindsOfKey.values()].every((k) => k.size === 1)
      ? [...items].sort((a, b) => later(a) - later(b))
      : items;
    for (const item of ordered) {
      const last = runs.at(-1);
      if (last !== undefined && last.raw === rawOf(item)) last.items.push(item);
      else runs.push({ raw: rawOf(item), items: [item] });
    }
    let processed = 0;
    for (const run of runs) processed += await this.applyRun(run.items, spanEach, run.raw);
    return processed;
  }

  /**
   * Applies events in one transaction (of `rawTransaction` when `raw`): the inbox rows of all of them in one
   * statement (those already there are duplicates, skipped), each new event's handler in order (in its own consumer
   * span when `spanEach`), then the handlers' `beforeCommit` work. Returns how many events were new.
   */
  private async applyRun(items: readonly Parsed<TTx>[], spanEach: boolean, raw: boolean): Promise<number> {
    const undos: (() => Promise<void>)[] = [];
    const onRollback = (undo: () => Promise<void>): void => void undos.push(undo);
    // Both runners hand their transaction on as the handlers' `tx`: a raw one only to handlers registered with `onRaw`.
    const transaction = (
      raw ? this.options.rawTransaction : this.options.transaction
    ) as TransactionRunner<TTx>;
    try {
      return await transaction(async (tx) => {
        const ids = items.map((i) => i.envelope.id);
        const lockKeyOf = this.options.lockKeyOf;
        const lockKeys = lockKeyOf
          ? [...new Set(items.map((i) => lockKeyOf(i.payload)))]
              .filter((k): k is string => k !== undefined)
              .sort()
          : [];
        // The locks (in key order, before any row is inserted) and the inbox rows in one statement.
        const rows = await tx.$queryRawUnsafe<{ event_id: string }[]>(
          `WITH locks AS MATERIALIZED (SELECT pg_advisory_xact_lock(hashtext(l.k)) FROM unnest($4::text[]) AS l(k))
           INSERT INTO "inbox" ("consumer", "event_id", "type")
           SELECT $1, e.id, e.type FROM unnest($2::uuid[], $3::text[]) AS e(id, type)
            WHERE (SELECT count(*) FROM locks) >= 0
           ON CONFLICT ("consumer", "event_id") DO NOTHING
           RETURNING "event_id"::text AS event_id`,
          this.options.group,
          ids,
          items.map((i) => i.envelope.type),
          lockKeys,
        );
        const fresh = new Set(rows.map((r) => r.event_id.toLowerCase()));
        const pending: (() => Promise<void>)[] = [];
        const beforeCommit = (work: () => Promise<void>): void => void pending.push(work);
        const traced = new Set<string>();
        let processed = 0;
        for (const item of items) {
          // An id taken by this statement is new; the same id twice in one batch is handled once.
          if (!fresh.delete(item.envelope.id.toLowerCase())) continue;
          processed += 1;
          // The first event of an application tells this service its case trace (events it stages later continue it).
          const applicationNo = this.options.tracing?.forCase ? caseKeyOf(item.payload) : undefined;
          if (applicationNo !== undefined && !traced.has(applicationNo)) {
            traced.add(applicationNo);
            await recordCaseTrace(tx, applicationNo, item.headers);
          }
          const ctx: HandlerContext<TTx> = {
            tx,
            envelope: item.envelope,
            traceId: item.traceId,
            onRollback,
            beforeCommit,
          };
          const run = () => item.reg.handle(item.payload, ctx);
          if (spanEach && this.options.tracing)
            await this.options.tracing.run({ ...item.headers }, `consume ${item.envelope.type}`, run, {
              'messaging.consumer.group.name': this.options.group,
              'messaging.destination.name': item.topic,
            });
          else await run();
        }
        for (const work of pending) await work();
        return processed;
      });
    } catch (err) {
      for (const undo of undos.reverse()) {
        await Promise.resolve()
          .then(undo)
          .catch((e: unknown) => {
            this.logger.warn(
              { group: this.options.group, err: (e as Error).message },
              'rollback undo failed',
            );
          });
      }
      throw err;
    }
  }

  private async deadLetter(message: DeliveredMessage, error: string, attempts: number): Promise<void> {
    const record: DeadLetter = {
      group: this.options.group,
      originalTopic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      headers: message.headers,
      value: message.value,
      error: this.mask(error).slice(0, 4000),
      attempts,
      failedAt: new Date().toISOString(),
    };
    this.logger.error(
      { group: record.group, topic: record.originalTopic, key: record.key, error: record.error },
      'dead-lettered',
    );
    if (this.options.deadLetterStore) {
      const eventId = message.headers[EventHeaders.id];
      await this.options.transaction((tx) =>
        tx.$executeRawUnsafe(
          `INSERT INTO "dead_letter" ("id", "consumer", "event_id", "topic", "partition", "offset", "key", "headers", "value", "error", "attempts")
           VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)`,
          randomUUID(),
          record.group,
          eventId && eventId.length > 0 ? eventId : null,
          record.originalTopic,
          record.partition,
          record.offset,
          record.key,
          JSON.stringify(record.headers),
          record.value,
          record.error,
          record.attempts,
        ),
      );
    }
    await this.options.transport.publish([
      {
        topic: Topics.deadLetter,
        key: message.key,
        value: JSON.stringify(record),
        headers: {
          ...message.headers,
          'dead-letter-group': this.options.group,
          'dead-letter-topic': message.topic,
          [EventHeaders.id]: message.headers[EventHeaders.id] ?? '',
        },
      },
    ]);
  }
}
