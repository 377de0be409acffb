import type { RawExecutor } from '@hall/messaging';
import { ServiceMessaging } from './service-messaging.js';
import type { ServiceRuntime } from './service-runtime.js';

/** What a service's generated Prisma client offers that the store needs. */
export interface TransactionalClient<TTx extends RawExecutor> {
  $transaction<T>(fn: (tx: TTx) => Promise<T>, options?: { timeout?: number; maxWait?: number }): Promise<T>;
  $disconnect(): Promise<void>;
}

/** Upper bounds for one interactive transaction: time to get the connection, and total run time. */
export const TRANSACTION_LIMITS = Object.freeze({ maxWait: 15_000, timeout: 30_000 });

/**
 * A service's database (its own generated Prisma client over the runtime's adapter) and its outbox-backed
 * messaging, with one lifecycle: `start()` after the app initialised, `stop()` on shutdown (stop consuming,
 * drain the relay, disconnect).
 */
export class ServiceStore<TClient extends TransactionalClient<TTx>, TTx extends RawExecutor> {
  readonly messaging: ServiceMessaging<TTx>;

  constructor(
    runtime: ServiceRuntime,
    readonly prisma: TClient,
    /** Consumer retry policy (attempts before dead-lettering, first backoff); defaults in ServiceMessaging. */
    messagingOptions: { maxAttempts?: number; backoffMs?: number } = {},
  ) {
    // Prisma's defaults (wait 2 s for a connection, abort after 5 s) turn a busy moment into a 500: PGlite has one
    // connection per service, so a transaction may queue behind the relay and a consumer. Still bounded.
    this.messaging = new ServiceMessaging<TTx>(runtime, (fn) => prisma.$transaction(fn, TRANSACTION_LIMITS), messagingOptions);
  }

  start(): Promise<void> {
    return this.messaging.start();
  }

  async stop(): Promise<void> {
    await this.messaging.stop();
    await this.prisma.$disconnect();
  }
}
