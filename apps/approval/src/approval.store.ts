import { ServiceStore, type ServiceRuntime } from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type ApprovalTx = Prisma.TransactionClient;

/** The approval service's own database and its outbox-backed messaging. */
export class ApprovalStore extends ServiceStore<PrismaClient, ApprovalTx> {
  constructor(runtime: ServiceRuntime) {
    super(runtime, new PrismaClient({ adapter: runtime.db.adapter }));
  }
}
