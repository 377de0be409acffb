import { ServiceStore, type ServiceRuntime } from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type IntakeTx = Prisma.TransactionClient;

/** The intake service's own database and its outbox-backed messaging. */
export class IntakeStore extends ServiceStore<PrismaClient, IntakeTx> {
  constructor(runtime: ServiceRuntime) {
    super(runtime, new PrismaClient({ adapter: runtime.db.adapter }));
  }
}
