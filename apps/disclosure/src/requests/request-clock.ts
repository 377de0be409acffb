import {
  chinaDateString,
  type ExcludedInterval,
  type IsoDateString,
  type WorkingCalendar,
} from '@hall/calendar';
import type { RequestChannel } from '@hall/contracts';

// ——— The time rules of 依申请公开 (《政府信息公开条例》 2019), pure functions over a working calendar ———

/** Art. 33 ¶2: answered within 20 working days of the day the request was received. */
export const ANSWER_LIMIT_WORKING_DAYS = 20;
/** Art. 33 ¶2: one extension of at most 20 working days, with the 负责人's consent. */
export const EXTENSION_MAX_WORKING_DAYS = 20;
/** Art. 30: the 补正 notice goes out within 7 working days of receipt. */
export const CORRECTION_NOTICE_WORKING_DAYS = 7;
/** Art. 32: the third party has 15 working days from the request for its opinion. */
export const THIRD_PARTY_WORKING_DAYS = 15;
/**
 * 国办函〔2020〕109号 (《政府信息公开信息处理费管理办法》) art. 9: the applicant pays within 20 working days from the day
 * after the 收费通知 is sent; unpaid by then, the request is deemed withdrawn (视为放弃申请). The time from the notice to
 * the payment is not counted in the answer period.
 */
export const FEE_PAYMENT_WORKING_DAYS = 20;
/**
 * Online requests after this China-time hour (or on a rest day) are received on the next working day: the hall's
 * reading of art. 31 (三) "以双方确认之日为收到申请之日" for a system that confirms automatically, following the
 * common practice of local 依申请公开 rules (工作日17时后或节假日提交的，顺延至下一工作日). See docs/disclosure.md.
 */
export const ONLINE_CUTOFF_HOUR = 17;

const chinaHour = (at: Date): number => new Date(at.getTime() + 8 * 3_600_000).getUTCHours();

/**
 * 收到申请之日 per art. 31:
 * (一) 当面提交 (window): the day it is handed in;
 * (二) 邮寄 (post): the day the agency signs for it (`givenDay`, required);
 * (三) 互联网渠道 or 传真 (online, fax, e-mail): the day both sides confirm it. Fax and e-mail: the day the staff
 *      confirm (`givenDay`, default the day they register it). Online: the submission day when it arrives on a
 *      working day before {@link ONLINE_CUTOFF_HOUR}, otherwise the next working day.
 */
export function receiptDay(
  calendar: WorkingCalendar,
  channel: RequestChannel,
  submittedAt: Date,
  givenDay?: IsoDateString,
): IsoDateString {
  const today = chinaDateString(submittedAt);
  switch (channel) {
    case 'window':
      return today;
    case 'post':
      if (givenDay === undefined) throw new RangeError('a posted request needs the day it was signed for');
      return givenDay;
    case 'fax':
    case 'email':
      return givenDay ?? today;
    case 'online':
      return calendar.isWorkingDay(submittedAt) && chinaHour(submittedAt) < ONLINE_CUTOFF_HOUR
        ? today
        : calendar.nextWorkingDay(today);
  }
}

/** A period the answer clock stood still (third-party consultation); `end` undefined: it lasts until `now`. */
export interface ClockPause {
  start: Date;
  end?: Date | undefined;
}

/**
 * The answer deadline (art. 33): the end of the `limit`-th working day after `receivedOn`, the working days touched
 * by a consultation not counted (art. 33 ¶3). An open pause counts until `now`: the deadline moves while it lasts.
 */
export function answerDeadline(
  calendar: WorkingCalendar,
  receivedOn: IsoDateString,
  limit: number,
  pauses: readonly ClockPause[],
  now: Date,
): Date {
  const excluded: ExcludedInterval[] = pauses
    .filter((p) => p.start.getTime() >= new Date(`${receivedOn}T00:00:00+08:00`).getTime())
    .map((p) => ({ start: p.start, end: p.end ?? now }));
  return calendar.deadline(receivedOn, limit, excluded);
}

/** The latest instant a 补正 notice may go out (art. 30): 7 working days after receipt. */
export const correctionNoticeDeadline = (calendar: WorkingCalendar, receivedOn: IsoDateString): Date =>
  calendar.addWorkingDays(receivedOn, CORRECTION_NOTICE_WORKING_DAYS);

// ——— 信息处理费 (国办函〔2020〕109号《政府信息公开信息处理费管理办法》) ———

/** One band of a progressive (超额累进) tariff: from `from` (inclusive) the unit price is `yuan`. */
export interface FeeBand {
  from: number;
  yuan: number;
}

export interface FeeRules {
  /**
   * 按件 (art. 4): per applicant and natural month: 1–10 free, 11–30 100 元/件, from 31 in bands of 10 each band
   * 100 元/件 more (31–40 200, 41–50 300 …). `perRequestStep` is the band width after the last listed band.
   */
  perRequest: readonly FeeBand[];
  perRequestStep: { every: number; plusYuan: number };
  /** 按量 (art. 5): per request, pages 1–30 free, 31–100 10 元/页, 101–200 20 元/页, 201+ 40 元/页. */
  perPage: readonly FeeBand[];
}

/** The defaults of 国办函〔2020〕109号 (an agency's configuration may replace them). */
export const DEFAULT_FEE_RULES: FeeRules = Object.freeze({
  perRequest: [
    { from: 1, yuan: 0 },
    { from: 11, yuan: 100 },
    { from: 31, yuan: 200 },
  ],
  perRequestStep: { every: 10, plusYuan: 100 },
  perPage: [
    { from: 1, yuan: 0 },
    { from: 31, yuan: 10 },
    { from: 101, yuan: 20 },
    { from: 201, yuan: 40 },
  ],
});

/** 按件: the fee of the applicant's `ordinal`-th request of the month (the month's earlier requests are not re-priced). */
export function perRequestFee(ordinal: number, rules: FeeRules = DEFAULT_FEE_RULES): number {
  if (!Number.isInteger(ordinal) || ordinal < 1) throw new RangeError(`ordinal ${ordinal}`);
  const bands = rules.perRequest;
  const last = bands[bands.length - 1];
  if (last === undefined) return 0;
  if (ordinal >= last.from) {
    const steps = Math.floor((ordinal - last.from) / rules.perRequestStep.every);
    return last.yuan + steps * rules.perRequestStep.plusYuan;
  }
  let price = 0;
  for (const band of bands) if (ordinal >= band.from) price = band.yuan;
  return price;
}

/** 按量: the progressive fee of one request of `pages` pages (each page at its band's price). */
export function perPageFee(pages: number, rules: FeeRules = DEFAULT_FEE_RULES): number {
  if (!Number.isInteger(pages) || pages < 0) throw new RangeError(`pages ${pages}`);
  const bands = rules.perPage;
  let total = 0;
  bands.forEach((band, i) => {
    const next = bands[i + 1]?.from ?? Number.POSITIVE_INFINITY;
    const count = Math.max(0, Math.min(pages, next - 1) - band.from + 1);
    total += count * band.yuan;
  });
  return total;
}
