import { ServiceStore, type ServiceRuntime } from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type ApprovalTx = Prisma.TransactionClient;

/**
 * The approval service's own database and its outbox-backed messaging. An accept event whose implementation
 * version has not arrived from the catalog yet is retried (8 attempts, backoff doubling from 250 ms, ≈ 30 s in all)
 * before it is dead-lettered for an operator to replay.
 */
export class ApprovalStore extends ServiceStore<PrismaClient, ApprovalTx> {
  constructor(runtime: ServiceRuntime) {
    super(runtime, new PrismaClient({ adapter: runtime.db.adapter }), { maxAttempts: 8, backoffMs: 250 });
  }
}
