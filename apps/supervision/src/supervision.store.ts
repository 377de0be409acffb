import {
  backfillPii,
  piiCipherOf,
  sealPii,
  ServiceStore,
  withPiiEncryption,
  type PiiSchema,
  type ServiceRuntime,
} from '@hall/platform';
import { PrismaClient, type Prisma } from './generated/prisma/client.js';
import { TRANSACTION_LIMITS } from '@hall/persistence';
import { caseKeyOf, type RawExecutor } from '@hall/messaging';
import { caseLockKey } from './cases/case.repository.js';

export type SupervisionTx = Prisma.TransactionClient;

/**
 * A transaction on the database's own driver (raw SQL only, no ORM): the case projection's (consumer `onRaw`,
 * `messaging.rawTransaction`). Raw statements pass by the PII extension: the repositories seal and reveal.
 */
export type SupervisionRawTx = RawExecutor;

/**
 * Personal data supervision keeps encrypted at rest: the ID and phone numbers inside the stored event payloads of
 * its timelines (the applicant and the form data's ID and phone fields of intake's events, the holder of approval's decision and of licence events).
 */
export const SUPERVISION_PII: PiiSchema = {
  TimelineEntry: {
    key: 'eventId',
    json: {
      payload: [
        'applicant.idNumber',
        'applicant.phone',
        'holder.idNumber',
        'holder.phone',
        'holderIdNumber',
        'formData.idNumber',
        'formData.phone',
      ],
    },
  },
};

/** The supervision service's own database and its outbox-backed messaging; reads and writes go through the PII extension. */
export class SupervisionStore extends ServiceStore<PrismaClient, SupervisionTx> {
  private readonly base: PrismaClient;
  /** Timeline entries with their personal data encrypted as the client would write them (for raw SQL writes). */
  readonly sealEntries: <T>(entries: T[]) => T[];

  constructor(
    private readonly runtime: ServiceRuntime,
    /** `lingerMs`: see `EventConsumerOptions.lingerMs` (the projection's setting `projectionLingerMs`). */
    consumer: { lingerMs?: number } = {},
  ) {
    const base = new PrismaClient({ adapter: runtime.db.adapter, transactionOptions: TRANSACTION_LIMITS });
    const cipher = piiCipherOf(runtime);
    // Every event of a case is handled under the case lock, taken with the consumer's inbox statement.
    super(runtime, withPiiEncryption(base, cipher, SUPERVISION_PII), {
      lockKeyOf: (payload) => {
        const no = caseKeyOf(payload);
        return no === undefined ? undefined : caseLockKey(no);
      },
      ...(consumer.lingerMs !== undefined && { lingerMs: consumer.lingerMs }),
    });
    this.base = base;
    this.sealEntries = (entries) =>
      sealPii(cipher, SUPERVISION_PII, 'TimelineEntry', entries) as typeof entries;
  }

  override async start(): Promise<void> {
    await this.encryptPlaintextRows();
    await super.start();
  }

  /** Timeline entries stored before encryption are encrypted before the service serves (idempotent). */
  async encryptPlaintextRows(): Promise<number> {
    const rewritten = await backfillPii(this.base, this.prisma, SUPERVISION_PII);
    if (rewritten > 0)
      this.runtime.logger.log(
        `supervision: encrypted the personal data of ${rewritten} timeline entr(ies) written before encryption`,
      );
    return rewritten;
  }
}

/** What a repository function reads or writes with: the service's client or a transaction of it. */
export type SupervisionDb = SupervisionTx | SupervisionStore['prisma'];
