import { eventContractOf, type EventContract, type PayloadOf } from '@hall/contracts';
import {
  CaseTraceCache,
  EventConsumer,
  OutboxRelay,
  sealStoredPayloads,
  insertPreparedEvents,
  prepareEvent,
  stageEvent,
  type PreparedEvent,
  type PayloadCodec,
  type RawExecutor,
  type TransactionRunner,
} from '@hall/messaging';
import type { SqlRunner } from '@hall/persistence';
import { PII_PAYLOAD_CANDIDATE, piiCipherOf, piiPayloadCodec } from './pii/index.js';
import { maskSensitiveText } from '@hall/telemetry';
import type { ServiceRuntime } from './service-runtime.js';

/** Each runtime's messaging (a service has one), for the platform's operator endpoints. */
const registry = new WeakMap<ServiceRuntime, ServiceMessaging<RawExecutor>>();

/** The messaging a service built over `runtime`, if any. */
/**
 * The case traces a service (its runtime: one database) has read, shared by the events it stages and by the
 * interceptor that links requests naming an application (see CaseTraceCache).
 */
const caseTraceCaches = new WeakMap<ServiceRuntime, CaseTraceCache>();
export function caseTraceCacheOf(runtime: ServiceRuntime): CaseTraceCache {
  let cache = caseTraceCaches.get(runtime);
  if (cache === undefined) {
    cache = new CaseTraceCache();
    caseTraceCaches.set(runtime, cache);
  }
  return cache;
}

export function messagingOf(runtime: ServiceRuntime): ServiceMessaging<RawExecutor> | undefined {
  return registry.get(runtime);
}

/** The adapter between Nest's logger and the messaging lib's structured logger. */
function messagingLogger(runtime: ServiceRuntime) {
  return {
    warn: (obj: Record<string, unknown>, msg: string): void => void runtime.logger.warn({ ...obj, msg }),
    error: (obj: Record<string, unknown>, msg: string): void => void runtime.logger.error({ ...obj, msg }),
  };
}

/** Statements on the database's own driver (no ORM), through the messaging lib's executor interface. */
export function rawExecutorOf(runner: SqlRunner): RawExecutor {
  return {
    $executeRawUnsafe: (q, ...v) => runner.execute(q, v),
    $queryRawUnsafe: async <R>(q: string, ...v: unknown[]) => (await runner.query(q, v)) as R,
  };
}

/** Consumer retry policy (attempts before dead-lettering, first backoff) and the lock its handlers take. */
export interface ServiceMessagingOptions {
  maxAttempts?: number;
  backoffMs?: number;
  /** See `EventConsumerOptions.lockKeyOf`. */
  lockKeyOf?: (payload: unknown) => string | undefined;
  /** See `EventConsumerOptions.lingerMs` (default 0: every delivery applied as it comes). */
  lingerMs?: number;
}

/**
 * A service's messaging: `transaction()` runs a unit of work whose state change and staged events commit
 * together and then wakes the relay; `consumer` applies incoming events once, in the same transaction as
 * their effect. Personal data of event payloads (`PERSONAL_DATA_FIELDS`) is sealed when staged and opened when
 * consumed, with the service's PII keyring (`piiPayloadCodec`): outbox rows, broker messages and dead letters never
 * hold it in clear, and producers and consumers see plaintext.
 */
export class ServiceMessaging<TTx extends RawExecutor> {
  readonly relay: OutboxRelay;
  readonly consumer: EventConsumer<TTx>;
  /** Seals payloads on `stage`, opens them in `consumer`. */
  readonly codec: PayloadCodec;
  /** Transactions that staged an event (to wake the relay after a consumer's commit). */
  private readonly stagedIn = new WeakSet<object>();
  /** Work to do once a transaction this class runs has committed (see {@link afterCommit}). */
  private readonly committed = new WeakMap<object, Array<() => void>>();
  /**
   * Events staged in a transaction this class runs (`transaction`, the consumer's), written together at its end: one
   * outbox statement per transaction, not one per event (issue 22: statements per case).
   */
  private readonly deferred = new WeakMap<object, PreparedEvent[]>();
  /** A transaction on the database's own driver (see `rawTransaction`). */
  private readonly runRawTransaction: TransactionRunner<RawExecutor>;

  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly runTransaction: TransactionRunner<TTx>,
    options: ServiceMessagingOptions = {},
    /** The raw driver's transactions, when the caller wraps them (the audit trail's in-transaction rows). */
    runRaw?: TransactionRunner<RawExecutor>,
  ) {
    const logger = messagingLogger(runtime);
    this.codec = piiPayloadCodec(piiCipherOf(runtime));
    this.relay = new OutboxRelay({
      sql: runtime.db.sql,
      transport: runtime.transport,
      pollIntervalMs: runtime.relayPollMs ?? 250,
      logger,
      tracing: runtime.tracing,
    });
    const sql = runtime.db.sql;
    this.runRawTransaction = runRaw ?? ((fn) => sql.transaction((tx) => fn(rawExecutorOf(tx))));
    // A consumer's effect often stages follow-up events (a case opened → tasks created): wake the relay as soon as
    // such a transaction commits, instead of leaving the events to the next poll.
    const consumerTransaction =
      <X extends RawExecutor>(run: TransactionRunner<X>): TransactionRunner<X> =>
      async (fn) => {
        let staged = false;
        let then: Array<() => void> | undefined;
        const result = await run(async (tx) => {
          const out = await this.withDeferredEvents(tx, fn);
          staged = this.stagedIn.has(tx);
          then = this.committed.get(tx);
          return out;
        });
        if (staged) this.relay.nudge();
        runAll(then);
        return result;
      };
    this.consumer = new EventConsumer<TTx>({
      group: runtime.name,
      transport: runtime.transport,
      transaction: consumerTransaction(runTransaction),
      rawTransaction: consumerTransaction(this.runRawTransaction),
      maxAttempts: options.maxAttempts ?? 5,
      backoffMs: options.backoffMs ?? 200,
      tracing: runtime.tracing,
      logger,
      deadLetterStore: true,
      codec: this.codec,
      maskError: maskSensitiveText,
      ...(options.lockKeyOf !== undefined && { lockKeyOf: options.lockKeyOf }),
      ...(options.lingerMs !== undefined && { lingerMs: options.lingerMs }),
    });
    registry.set(runtime, this as unknown as ServiceMessaging<RawExecutor>);
  }

  /** Runs `fn` in one transaction; events staged with `stage` inside it are published after commit. */
  async transaction<T>(fn: (tx: TTx) => Promise<T>): Promise<T> {
    let then: Array<() => void> | undefined;
    const result = await this.runTransaction(async (tx) => {
      const out = await this.withDeferredEvents(tx, fn);
      then = this.committed.get(tx);
      return out;
    });
    this.relay.nudge();
    runAll(then);
    return result;
  }

  /**
   * Runs `fn` once the transaction `tx` (one this class runs: a command's or a consumer's) has committed; never when it
   * rolls back. For in-process work the commit makes possible (e.g. waking a worker that claims the rows it wrote).
   */
  afterCommit(tx: RawExecutor, fn: () => void): void {
    const list = this.committed.get(tx);
    if (list) list.push(fn);
    else this.committed.set(tx, [fn]);
  }

  /**
   * `transaction` on the database's own driver (PostgreSQL's `pg` or PGlite, the same for the caller): raw SQL only,
   * no ORM (issue 22: an interactive ORM transaction costs several times the CPU per statement). The state change and
   * the events staged with `stage` commit together, and are published after commit.
   */
  async rawTransaction<T>(fn: (tx: RawExecutor) => Promise<T>): Promise<T> {
    let then: Array<() => void> | undefined;
    const result = await this.runRawTransaction(async (tx) => {
      const out = await this.withDeferredEvents(tx, fn);
      then = this.committed.get(tx);
      return out;
    });
    this.relay.nudge();
    runAll(then);
    return result;
  }

  /** Runs `fn` in `tx`, then writes the events it staged in one statement (before the commit). */
  private async withDeferredEvents<X extends RawExecutor, T>(tx: X, fn: (tx: X) => Promise<T>): Promise<T> {
    const staged: PreparedEvent[] = [];
    this.deferred.set(tx, staged);
    try {
      const out = await fn(tx);
      await insertPreparedEvents(tx, staged);
      return out;
    } finally {
      this.deferred.delete(tx);
    }
  }

  /**
   * Stages an event in the caller's transaction (the outbox row commits with the state change), its personal data
   * sealed. `tx` may also be a transaction of the database driver itself (see the catalog's bulk transactions).
   */
  async stage<C extends EventContract>(
    tx: TTx | RawExecutor,
    contract: C,
    payload: PayloadOf<C>,
  ): Promise<string> {
    this.stagedIn.add(tx);
    const options = {
      source: this.runtime.name,
      tracing: this.runtime.tracing,
      codec: this.codec,
      caseTraces: caseTraceCacheOf(this.runtime),
    };
    const deferred = this.deferred.get(tx);
    if (deferred === undefined) return stageEvent(tx, contract, payload, options);
    const row = await prepareEvent(tx, contract, payload, options);
    deferred.push(row);
    return row.id;
  }

  async start(): Promise<void> {
    await this.sealStoredPayloads();
    await this.consumer.start();
    this.relay.start();
  }

  /**
   * Seals outbox and dead-letter rows staged before payloads were sealed (idempotent; a few statements when there is
   * nothing to do). A failure is logged and does not stop the service: the rows still open, and the next start retries.
   */
  async sealStoredPayloads(): Promise<{ outbox: number; deadLetters: number }> {
    try {
      const sealed = await sealStoredPayloads({
        sql: this.runtime.db.sql,
        codec: this.codec,
        contractOf: eventContractOf,
        candidate: PII_PAYLOAD_CANDIDATE,
      });
      if (sealed.outbox + sealed.deadLetters > 0)
        this.runtime.logger.log(
          `sealed personal data of ${sealed.outbox} outbox and ${sealed.deadLetters} dead-letter rows`,
        );
      return sealed;
    } catch (err) {
      this.runtime.logger.warn(`sealing stored event payloads failed: ${(err as Error).message}`);
      return { outbox: 0, deadLetters: 0 };
    }
  }

  /** Stops consuming, then publishes what is already committed, then stops the relay. */
  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.relay.stop({ drain: true }).catch(() => undefined);
  }
}

/** Runs after-commit work; one that throws does not keep the others from running (nor fail the committed work). */
function runAll(fns: ReadonlyArray<() => void> | undefined): void {
  for (const fn of fns ?? []) {
    try {
      fn();
    } catch {
      // after-commit work reports its own failures; the transaction is committed either way
    }
  }
}
