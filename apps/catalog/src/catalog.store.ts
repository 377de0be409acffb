import { ServiceMessaging, type ServiceRuntime } from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type CatalogTx = Prisma.TransactionClient;

/** The catalog's database (Prisma over the runtime's adapter) and its outbox-backed messaging. */
export class CatalogStore {
  readonly prisma: PrismaClient;
  readonly messaging: ServiceMessaging<CatalogTx>;

  constructor(runtime: ServiceRuntime) {
    this.prisma = new PrismaClient({ adapter: runtime.db.adapter });
    this.messaging = new ServiceMessaging<CatalogTx>(runtime, (fn) => this.prisma.$transaction(fn));
  }
}
