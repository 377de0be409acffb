import { ServiceMessaging, type ServiceRuntime } from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type SupervisionTx = Prisma.TransactionClient;

/** The supervision service's database and messaging. */
export class SupervisionStore {
  readonly prisma: PrismaClient;
  readonly messaging: ServiceMessaging<SupervisionTx>;

  constructor(runtime: ServiceRuntime) {
    this.prisma = new PrismaClient({ adapter: runtime.db.adapter });
    this.messaging = new ServiceMessaging<SupervisionTx>(runtime, (fn) => this.prisma.$transaction(fn));
  }
}
