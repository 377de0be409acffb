import {
  backfillPii,
  piiCipherOf,
  revealPii,
  sealPii,
  ServiceStore,
  withPiiEncryption,
  type PiiCipher,
  type PiiSchema,
  type ServiceRuntime,
} from '@hall/platform';
import type { RawExecutor } from '@hall/messaging';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';
import { TRANSACTION_LIMITS } from '@hall/persistence';

export type LicenceTx = Prisma.TransactionClient;
/**
 * A transaction on the database's own driver (raw SQL only, no ORM: the issuance consumer's, `onRaw`), or any
 * transaction when a repository function takes raw SQL only. Raw statements pass by the PII extension: the
 * repositories seal (`LicenceStore.seal`) and reveal (`LicenceStore.reveal`).
 */
export type LicenceRawTx = RawExecutor;
/** The service's client or a transaction of it: repository reads run on either. */
export type LicenceDb = LicenceTx | PrismaClient;

/**
 * Personal data the licence service keeps encrypted at rest: the holder code of a licence (居民身份证号码 of a natural
 * person, 统一社会信用代码 of a business: one rule for both), in its column (blind index: the holder's licences) and in
 * the stored directory record, and the copy on a share (免提交 authorisation).
 */
export const LICENCE_PII: PiiSchema = {
  Licence: {
    key: 'identifier',
    columns: { holderIdNumber: { kind: 'idNumber', index: 'holderIdNumberBidx' } },
    json: { record: ['holder.code'] },
  },
  LicenceShare: { key: 'id', columns: { holderIdNumber: { kind: 'idNumber' } } },
};

/** The licence service's own database and its outbox-backed messaging; reads and writes go through the PII extension. */
export class LicenceStore extends ServiceStore<PrismaClient, LicenceTx> {
  private readonly base: PrismaClient;
  /** Opens the personal data in rows read by raw SQL on `raw` (the client's extension does it for its own reads). */
  readonly reveal: (value: unknown) => unknown;
  /** The PII keyring's cipher (blind indexes of raw SQL lookups). */
  readonly cipher: PiiCipher;

  constructor(private readonly runtime: ServiceRuntime) {
    const base = new PrismaClient({ adapter: runtime.db.adapter, transactionOptions: TRANSACTION_LIMITS });
    const cipher = piiCipherOf(runtime);
    super(runtime, withPiiEncryption(base, cipher, LICENCE_PII));
    this.base = base;
    this.reveal = (value) => revealPii(cipher, value);
    this.cipher = cipher;
  }

  /** A row of `model` with its personal data encrypted as the client's extension would write it (raw SQL writes). */
  seal<T>(model: string, row: T): T & Record<string, unknown> {
    return sealPii(this.cipher, LICENCE_PII, model, row) as T & Record<string, unknown>;
  }

  override async start(): Promise<void> {
    await this.encryptPlaintextRows();
    await super.start();
  }

  /** Licences and shares stored before encryption are encrypted before the service serves (idempotent). */
  async encryptPlaintextRows(): Promise<number> {
    const rewritten = await backfillPii(this.base, this.prisma, LICENCE_PII);
    if (rewritten > 0)
      this.runtime.logger.log(
        `licence: encrypted the holder codes of ${rewritten} row(s) written before encryption`,
      );
    return rewritten;
  }
}
