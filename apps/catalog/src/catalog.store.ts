import type { RawExecutor } from '@hall/messaging';
import { ServiceStore, type ServiceRuntime } from '@hall/platform';
import type { EventContract, PayloadOf } from '@hall/contracts';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';
import { TRANSACTION_LIMITS } from '@hall/persistence';

export type CatalogTx = Prisma.TransactionClient;
/** The service's client or a transaction of it: repository reads run on either. */
export type CatalogDb = CatalogTx | PrismaClient;

/** A transaction on the database's own driver (no ORM): for bulk statements with large JSON parameters. */
export interface BulkTx extends RawExecutor {
  stage<C extends EventContract>(contract: C, payload: PayloadOf<C>): Promise<string>;
}

/** The catalog service's own database and its outbox-backed messaging. */
export class CatalogStore extends ServiceStore<PrismaClient, CatalogTx> {
  constructor(private readonly runtime: ServiceRuntime) {
    super(runtime, new PrismaClient({ adapter: runtime.db.adapter, transactionOptions: TRANSACTION_LIMITS }));
  }

  /**
   * Runs `fn` in one transaction of the database driver itself, bypassing Prisma (whose query engine copies
   * every parameter: a bulk statement with a megabyte of JSON costs ~10× more through it). Events staged with
   * `tx.stage` go to the same outbox and commit with the writes; the relay is woken after the commit.
   */
  async bulkTransaction<T>(fn: (tx: BulkTx) => Promise<T>): Promise<T> {
    const result = await this.runtime.db.sql.transaction((sql) => {
      const tx: BulkTx = {
        $executeRawUnsafe: (q, ...v) => sql.execute(q, v),
        $queryRawUnsafe: async <R>(q: string, ...v: unknown[]) => (await sql.query(q, v)) as R,
        stage: (contract, payload) => this.messaging.stage(tx, contract, payload),
      };
      return fn(tx);
    });
    this.messaging.relay.nudge();
    return result;
  }
}
