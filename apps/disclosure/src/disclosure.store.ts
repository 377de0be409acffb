import {
  piiCipherOf,
  ServiceStore,
  withPiiEncryption,
  type PiiSchema,
  type ServiceRuntime,
} from '@hall/platform';
import { TRANSACTION_LIMITS } from '@hall/persistence';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';

export type DisclosureTx = Prisma.TransactionClient;
/** The service's client or a transaction of it: repository reads run on either. */
export type DisclosureDb = DisclosureTx | PrismaClient;

/**
 * Personal data of 依申请公开 kept encrypted at rest (个人信息加密存储): the applicant's ID number (居民身份证号码 or
 * USCC; blind index: the per-applicant monthly count of the 信息处理费) and phone. 主动公开 items hold none.
 */
export const DISCLOSURE_PII: PiiSchema = {
  DisclosureRequest: {
    key: 'id',
    columns: {
      applicantIdNumber: { kind: 'idNumber', index: 'applicantIdNumberBidx' },
      applicantPhone: { kind: 'phone' },
    },
  },
};

/** The disclosure service's own database and its outbox-backed messaging (every query through the PII extension). */
export class DisclosureStore extends ServiceStore<PrismaClient, DisclosureTx> {
  constructor(runtime: ServiceRuntime) {
    const base = new PrismaClient({ adapter: runtime.db.adapter, transactionOptions: TRANSACTION_LIMITS });
    super(runtime, withPiiEncryption(base, piiCipherOf(runtime), DISCLOSURE_PII));
  }
}
