import { ServiceMessaging, type ServiceRuntime } from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type LicenceTx = Prisma.TransactionClient;

/** The licence service's database and outbox-backed messaging. */
export class LicenceStore {
  readonly prisma: PrismaClient;
  readonly messaging: ServiceMessaging<LicenceTx>;

  constructor(runtime: ServiceRuntime) {
    this.prisma = new PrismaClient({ adapter: runtime.db.adapter });
    this.messaging = new ServiceMessaging<LicenceTx>(runtime, (fn) => this.prisma.$transaction(fn));
  }
}
