import { ServiceStore, type ServiceRuntime } from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type CatalogTx = Prisma.TransactionClient;

/** The catalog service's own database and its outbox-backed messaging. */
export class CatalogStore extends ServiceStore<PrismaClient, CatalogTx> {
  constructor(runtime: ServiceRuntime) {
    super(runtime, new PrismaClient({ adapter: runtime.db.adapter }));
  }
}
