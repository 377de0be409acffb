import { ServiceStore, type ServiceRuntime } from '@hall/platform';
import { TRANSACTION_LIMITS } from '@hall/persistence';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type DisclosureTx = Prisma.TransactionClient;
/** The service's client or a transaction of it: repository reads run on either. */
export type DisclosureDb = DisclosureTx | PrismaClient;

/** The disclosure service's own database and its outbox-backed messaging (no personal data in 主动公开 items). */
export class DisclosureStore extends ServiceStore<PrismaClient, DisclosureTx> {
  constructor(runtime: ServiceRuntime) {
    super(runtime, new PrismaClient({ adapter: runtime.db.adapter, transactionOptions: TRANSACTION_LIMITS }));
  }
}
