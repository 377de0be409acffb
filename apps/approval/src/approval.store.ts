import { ServiceMessaging, type ServiceRuntime } from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type ApprovalTx = Prisma.TransactionClient;

/** The approval service's database and outbox-backed messaging. */
export class ApprovalStore {
  readonly prisma: PrismaClient;
  readonly messaging: ServiceMessaging<ApprovalTx>;

  constructor(runtime: ServiceRuntime) {
    this.prisma = new PrismaClient({ adapter: runtime.db.adapter });
    this.messaging = new ServiceMessaging<ApprovalTx>(runtime, (fn) => this.prisma.$transaction(fn));
  }
}
