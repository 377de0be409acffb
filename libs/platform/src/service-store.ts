import type { RawExecutor } from '@hall/messaging';
import { ServiceMessaging } from './service-messaging.js';
import type { ServiceRuntime } from './service-runtime.js';

/** What a service's generated Prisma client offers that the store needs. */
export interface TransactionalClient<TTx extends RawExecutor> {
  $transaction<T>(fn: (tx: TTx) => Promise<T>, options?: { timeout?: number; maxWait?: number }): Promise<T>;
  $disconnect(): Promise<void>;
}

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
  ) {
    this.messaging = new ServiceMessaging<TTx>(runtime, (fn) => prisma.$transaction(fn));
  }

  start(): Promise<void> {
    return this.messaging.start();
  }

  async stop(): Promise<void> {
    await this.messaging.stop();
    await this.prisma.$disconnect();
  }
}
