import { ServiceStore, type ServiceRuntime } from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type SupervisionTx = Prisma.TransactionClient;

/** The supervision service's own database and its outbox-backed messaging. */
export class SupervisionStore extends ServiceStore<PrismaClient, SupervisionTx> {
  constructor(runtime: ServiceRuntime) {
    super(runtime, new PrismaClient({ adapter: runtime.db.adapter }));
  }
}
