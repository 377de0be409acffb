import { ServiceStore, type ServiceRuntime } from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type LicenceTx = Prisma.TransactionClient;

/** The licence service's own database and its outbox-backed messaging. */
export class LicenceStore extends ServiceStore<PrismaClient, LicenceTx> {
  constructor(runtime: ServiceRuntime) {
    super(runtime, new PrismaClient({ adapter: runtime.db.adapter }));
  }
}
