import {
  backfillPii,
  piiCipherOf,
  ServiceStore,
  withPiiEncryption,
  type PiiCipher,
  type PiiSchema,
  type ServiceRuntime,
} from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';
import { TRANSACTION_LIMITS } from '@hall/persistence';
import type { SnapshotCache } from './implementations/implementation-version.repository.js';

export type ApprovalTx = Prisma.TransactionClient;

/**
 * Personal data approval keeps encrypted at rest: the applicant's ID and phone numbers in the case's copy of the
 * applicant (it names the holder of the licences to issue). Approval never looks a case up by them: no blind index.
 */
export const APPROVAL_PII: PiiSchema = {
  ApprovalCase: { key: 'id', json: { applicant: ['idNumber', 'phone'], formData: ['idNumber', 'phone'] } },
};

/**
 * The approval service's own database and its outbox-backed messaging. An accept event whose implementation
 * version has not arrived from the catalog yet is retried (8 attempts, backoff doubling from 250 ms, ≈ 30 s in all)
 * before it is dead-lettered for an operator to replay. Reads and writes go through the PII extension.
 */
export class ApprovalStore extends ServiceStore<PrismaClient, ApprovalTx> {
  private readonly base: PrismaClient;
  /** The cipher of the PII extension: reveals what raw statements read (`lockCase`). */
  readonly pii: PiiCipher;
  /** Implementation versions as parsed once (immutable per code and version: see `findFiledSnapshot`). */
  readonly snapshots: SnapshotCache = new Map();

  constructor(private readonly runtime: ServiceRuntime) {
    const base = new PrismaClient({ adapter: runtime.db.adapter, transactionOptions: TRANSACTION_LIMITS });
    const pii = piiCipherOf(runtime);
    super(runtime, withPiiEncryption(base, pii, APPROVAL_PII), {
      maxAttempts: 8,
      backoffMs: 250,
    });
    this.base = base;
    this.pii = pii;
  }

  override async start(): Promise<void> {
    await this.encryptPlaintextRows();
    await super.start();
  }

  /** Cases stored before encryption are encrypted before the service serves (idempotent). */
  async encryptPlaintextRows(): Promise<number> {
    const rewritten = await backfillPii(this.base, this.prisma, APPROVAL_PII);
    if (rewritten > 0)
      this.runtime.logger.log(
        `approval: encrypted the personal data of ${rewritten} case(s) written before encryption`,
      );
    return rewritten;
  }
}
