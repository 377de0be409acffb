import type { RawExecutor } from '@hall/messaging';
import { AuditTrail, registerAuditTrail } from './audit/audit-trail.js';
import { PeriodicTask } from './periodic/periodic-task.js';
import { rawExecutorOf, ServiceMessaging, type ServiceMessagingOptions } from './service-messaging.js';
import type { ServiceRuntime } from './service-runtime.js';

/** What a service's generated Prisma client offers that the store needs. */
export interface TransactionalClient<TTx extends RawExecutor> {
  $transaction<T>(fn: (tx: TTx) => Promise<T>, options?: { timeout?: number; maxWait?: number }): Promise<T>;
  $disconnect(): Promise<void>;
}

/** How often a service logs its audit chain head (when it moved): every 10 minutes. */
export const AUDIT_ANCHOR_INTERVAL_MS = 10 * 60_000;

/** Upper bounds for one interactive transaction: time to get the connection, and total run time. */
export const TRANSACTION_LIMITS = Object.freeze({ maxWait: 15_000, timeout: 30_000 });

/**
 * A service's database (its own generated Prisma client over the runtime's adapter) and its outbox-backed
 * messaging, with one lifecycle: `start()` after the app initialised, `stop()` on shutdown (stop consuming,
 * drain the relay, disconnect).
 */
export class ServiceStore<TClient extends TransactionalClient<TTx>, TTx extends RawExecutor> {
  readonly messaging: ServiceMessaging<TTx>;
  /** The service's append-only, hash-chained audit trail (table `audit_log`). */
  readonly audit: AuditTrail;
  /**
   * Statements on the database's own driver, outside any transaction (no ORM: Prisma costs about twice the CPU of
   * `pg` per query). For hot single-statement reads; the same path on PostgreSQL and PGlite.
   */
  readonly raw: RawExecutor;
  /**
   * A transaction on the database's own driver (raw SQL only, no ORM): for hot multi-statement commands that stage no
   * event (with events: `messaging.rawTransaction`).
   */
  readonly rawTransaction: <T>(fn: (tx: RawExecutor) => Promise<T>) => Promise<T>;
  /** The audit retention purge: at start and then daily. */
  private readonly purge: PeriodicTask;
  /** Logs the audit chain head every `anchorIntervalMs` (`publishAnchor` reports its own failures). */
  private readonly anchor: PeriodicTask;
  private lastAnchorId: string | undefined;
  private readonly logger: ServiceRuntime['logger'];
  private readonly service: string;
  private readonly anchorIntervalMs: number;

  constructor(
    runtime: ServiceRuntime,
    readonly prisma: TClient,
    /** Consumer retry policy and handler lock; defaults in ServiceMessaging. */
    messagingOptions: ServiceMessagingOptions = {},
  ) {
    const sql = runtime.db.sql;
    this.raw = rawExecutorOf(sql);
    const rawTransaction = <T>(fn: (tx: RawExecutor) => Promise<T>) =>
      sql.transaction((tx) => fn(rawExecutorOf(tx)));
    // The audit trail speaks raw SQL only, on the driver, not through Prisma (several times the CPU for the same
    // statements); a group commit of appends is one autocommit statement on `raw`.
    this.audit = new AuditTrail(rawTransaction, runtime.auditRetentionDays, this.raw, {
      lingerMs: runtime.auditLingerMs,
    });
    registerAuditTrail(runtime, this.audit);
    // A request's audit row commits in the request's transaction when it has one (issue 22: no commit of its own).
    this.rawTransaction = this.audit.inTransactions(rawTransaction);
    // Prisma's defaults (wait 2 s for a connection, abort after 5 s) turn a busy moment into a 500: PGlite has one
    // connection per service, so a transaction may queue behind the relay and a consumer. Still bounded.
    this.messaging = new ServiceMessaging<TTx>(
      runtime,
      this.audit.inTransactions<TTx>((fn) => prisma.$transaction(fn, TRANSACTION_LIMITS)),
      messagingOptions,
      this.rawTransaction,
    );
    this.logger = runtime.logger;
    this.service = runtime.name;
    this.anchorIntervalMs = runtime.auditAnchorIntervalMs ?? AUDIT_ANCHOR_INTERVAL_MS;
    this.purge = new PeriodicTask({
      name: `${runtime.name}.audit-purge`,
      everyMs: 24 * 3600 * 1000,
      runOnStart: true,
      logger: this.logger,
      run: () => this.audit.purgeExpired(),
    });
    this.anchor = new PeriodicTask({
      name: `${runtime.name}.audit-anchor`,
      everyMs: this.anchorIntervalMs,
      logger: this.logger,
      run: () => this.publishAnchor(),
    });
  }

  async start(): Promise<void> {
    await this.messaging.start();
    this.purge.start();
    this.anchor.start();
  }

  /**
   * Logs the audit chain's head (`event: audit.anchor`) when it moved since the last one: the log store keeps
   * copies outside this database that `POST /audit-log/verify` checks the chain against.
   */
  async publishAnchor(): Promise<void> {
    try {
      const head = await this.audit.head();
      if (!head || head.id === this.lastAnchorId) return;
      this.lastAnchorId = head.id;
      this.logger.log({ event: 'audit.anchor', service: this.service, anchor: head }, 'AuditAnchor');
    } catch (err) {
      this.logger.warn(`audit anchor not published: ${(err as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    await this.purge.stop();
    await this.anchor.stop();
    // Rows still lingering for their group commit are written now (their requests wait for them).
    await this.audit.flushPending();
    await this.publishAnchor();
    await this.messaging.stop();
    await this.prisma.$disconnect();
  }
}
