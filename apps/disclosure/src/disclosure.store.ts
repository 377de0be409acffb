import {
  piiCipherOf,
  ServiceStore,
  withPiiEncryption,
  type PiiSchema,
  type ServiceRuntime,
} from '@hall/platform';
import { TRANSACTION_LIMITS } from '@hall/persistence';
import { calendarDataOf, chinaCalendar, RuntimeCalendar, type WorkingCalendar } from '@hall/calendar';
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
  /**
   * The working calendar disclosure counts with (request clocks, 补正 and third-party deadlines, the 20-working-day
   * publication deadline): the shipped China data with the years an administrator loaded in supervision
   * (`supervision.calendar.replaced`), the same source as intake and approval.
   */
  readonly calendar = new RuntimeCalendar(chinaCalendar);

  constructor(runtime: ServiceRuntime) {
    const base = new PrismaClient({ adapter: runtime.db.adapter, transactionOptions: TRANSACTION_LIMITS });
    super(runtime, withPiiEncryption(base, piiCipherOf(runtime), DISCLOSURE_PII));
  }

  /** Re-reads the calendar years stored from `supervision.calendar.replaced` (at start and periodically). */
  refreshCalendar(): Promise<WorkingCalendar> {
    return this.calendar.refresh(async () =>
      calendarDataOf(await this.prisma.calendarYear.findMany({ orderBy: { year: 'asc' } })),
    );
  }
}
