import { calendarDataOf, chinaCalendar, RuntimeCalendar, type WorkingCalendar } from '@hall/calendar';
import type { ImplementationSnapshot } from '@hall/contracts';
import type { RawExecutor } from '@hall/messaging';
import {
  backfillPii,
  piiCipherOf,
  sealPii,
  ServiceStore,
  withPiiEncryption,
  type PiiCipher,
  type PiiSchema,
  type ServiceRuntime,
} from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';
import { TRANSACTION_LIMITS } from '@hall/persistence';

export type IntakeTx = Prisma.TransactionClient;

/**
 * A transaction on the database's own driver (raw SQL only, no ORM): the hot consumers' (`onRaw`). Raw statements pass
 * by the PII extension: repositories seal what they write (`IntakeStore.seal`) and reveal what they read.
 */
export type IntakeRawTx = RawExecutor;

/**
 * Personal data intake keeps encrypted at rest (个人信息加密存储): the applicant's ID and phone numbers (with blind
 * indexes: a clerk looks an applicant up by ID number), the phone of a postal delivery address, and the holder code of
 * the e-licences it knows (blind index: the applicant's wallet).
 */
export const INTAKE_PII: PiiSchema = {
  Application: {
    key: 'no',
    columns: {
      applicantIdNumber: { kind: 'idNumber', index: 'applicantIdNumberBidx' },
      applicantPhone: { kind: 'phone', index: 'applicantPhoneBidx' },
    },
    // 申请表: the fields named like personal data (the catalog requires these keys for prefilled ID/phone numbers).
    json: { deliveryAddress: ['phone'], formData: ['idNumber', 'phone'] },
  },
  /** The read model of e-licences: the holder's code (ID number of a person, USCC of a business); the wallet looks it up. */
  /** 在线咨询与投诉: the call-back number an asker left. */
  Enquiry: { key: 'no', columns: { contactPhone: { kind: 'phone' } } },
  LicenceHolding: {
    key: 'identifier',
    columns: { holderIdNumber: { kind: 'idNumber', index: 'holderIdNumberBidx' } },
  },
};

/**
 * The intake service's own database and its outbox-backed messaging. Every read and write goes through the PII
 * extension: business code sees plaintext, the tables hold ciphertexts.
 */
export class IntakeStore extends ServiceStore<PrismaClient, IntakeTx> {
  private readonly base: PrismaClient;
  /**
   * The working calendar intake counts with (5-working-day notice deadline, 容缺 supply-by, 公示期限): the shipped China
   * data with the years an administrator loaded through supervision (`supervision.calendar.replaced`).
   */
  readonly calendar = new RuntimeCalendar(chinaCalendar);

  /** Parsed implementation snapshots (immutable per version): `snapshotOf(db, code, version, store.snapshots)`. */
  readonly snapshots = new Map<string, ImplementationSnapshot>();

  /** The PII keyring's cipher (also seals the 查询码 kept for the applicant's view). */
  readonly cipher: PiiCipher;

  /** A row of `model` with its personal data encrypted as the client's extension would write it (for raw SQL writes). */
  seal<T extends object>(model: keyof typeof INTAKE_PII, row: T): T {
    return sealPii(this.cipher, INTAKE_PII, model, row) as T;
  }

  constructor(private readonly runtime: ServiceRuntime) {
    const base = new PrismaClient({ adapter: runtime.db.adapter, transactionOptions: TRANSACTION_LIMITS });
    const cipher = piiCipherOf(runtime);
    super(runtime, withPiiEncryption(base, cipher, INTAKE_PII));
    this.base = base;
    this.cipher = cipher;
  }

  override async start(): Promise<void> {
    await this.encryptPlaintextRows();
    await super.start();
  }

  /** Re-reads the calendar years stored from `supervision.calendar.replaced` (at start and periodically). */
  refreshCalendar(): Promise<WorkingCalendar> {
    return this.calendar.refresh(async () =>
      calendarDataOf(await this.prisma.calendarYear.findMany({ orderBy: { year: 'asc' } })),
    );
  }

  /**
   * Rows from before encryption (or a restored old dump) are encrypted before the service serves: idempotent
   * (a value with the `pii:` key-id prefix is skipped). Returns the number of rows rewritten.
   */
  async encryptPlaintextRows(): Promise<number> {
    const rewritten = await backfillPii(this.base, this.prisma, INTAKE_PII);
    if (rewritten > 0)
      this.runtime.logger.log(
        `intake: encrypted the personal data of ${rewritten} row(s) written before encryption`,
      );
    return rewritten;
  }
}

/** The service's client or a transaction of it: every repository read runs on either. */
export type IntakeDb = IntakeTx | IntakeStore['prisma'];
