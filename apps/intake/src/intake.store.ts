import { ServiceMessaging, type ServiceRuntime } from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type IntakeTx = Prisma.TransactionClient;

/** The intake service's database and outbox-backed messaging. */
export class IntakeStore {
  readonly prisma: PrismaClient;
  readonly messaging: ServiceMessaging<IntakeTx>;

  constructor(runtime: ServiceRuntime) {
    this.prisma = new PrismaClient({ adapter: runtime.db.adapter });
    this.messaging = new ServiceMessaging<IntakeTx>(runtime, (fn) => this.prisma.$transaction(fn));
  }
}
