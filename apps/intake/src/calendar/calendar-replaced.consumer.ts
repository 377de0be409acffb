import { calendarDataOf, startOfChinaDay } from '@hall/calendar';
import type { CalendarReplaced, PayloadOf } from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import { SUPPLEMENT_NOTICE_WORKING_DAYS } from '../records/application-status.js';
import type { IntakeStore, IntakeTx } from '../intake.store.js';
import {
  moveSupplementDeadline,
  submittedApplicationsDueBetween,
} from '../records/application.repository.js';
import { calendarYears, findCalendarYear, saveCalendarYear } from './calendar.repository.js';

/**
 * `supervision.calendar.replaced`: an administrator loaded a year's working calendar (the official 放假安排 replacing
 * the provisional statutory-rules year, or a corrected one). In the inbox transaction intake keeps the year in its own
 * `calendar_year` table (an arrangement older than the one held is ignored) and recounts what it may recount:
 *
 * - **The 5-working-day deadline for the one-time supplement notice (补正告知, `supplementDueBy`)** of every application
 *   still `submitted` moves: it is internal (the window's deadline, AL art. 32; the applicant was never told a date) and
 *   the law counts it in the real working days. If it moves earlier and has passed, the scheduled rule deems the
 *   application accepted from receipt, as it would have with the right calendar from the start.
 * - **The 容缺 supply-by date (`toleranceSupplyBy`) does not move.** It is written in the acceptance notice (受理通知书)
 *   the applicant holds; the authority is bound by what it told the applicant, and recounting could shorten the time
 *   the applicant was promised. It is therefore never shown as 暂定 either.
 *
 * From then on intake counts with the new calendar (other instances pick it up on their next refresh).
 */
export class CalendarReplacedConsumer {
  constructor(private readonly store: IntakeStore) {}

  readonly onReplaced = async (
    p: PayloadOf<typeof CalendarReplaced>,
    { tx }: HandlerContext<IntakeTx>,
  ): Promise<void> => {
    const replacedAt = new Date(p.replacedAt);
    const held = await findCalendarYear(tx, p.year);
    if (held !== null && held.replacedAt.getTime() > replacedAt.getTime()) return;
    const row = {
      holidays: p.holidays,
      workdays: p.workdays,
      source: p.source,
      replacedAt,
      replacedBy: p.actor.userId,
    };
    await saveCalendarYear(tx, p.year, row);
    const calendar = this.store.calendar.build(calendarDataOf(await calendarYears(tx)));
    // A year's data may touch the adjacent December and January (调休 across New Year).
    const from = startOfChinaDay(`${p.year - 1}-12-01`);
    const until = startOfChinaDay(`${p.year + 1}-02-01`);
    const waiting = await submittedApplicationsDueBetween(tx, from, until);
    for (const a of waiting) {
      const dueBy = calendar.addWorkingDays(a.receivedAt, SUPPLEMENT_NOTICE_WORKING_DAYS);
      if (dueBy.getTime() === a.supplementDueBy.getTime()) continue;
      // Conditional on the status: an acceptance committed meanwhile keeps the deadline it was judged by. The row
      // version moves too, so a window action that read the old deadline is refused (409) and retried with the new.
      await moveSupplementDeadline(tx, a.no, dueBy);
    }
    this.store.calendar.use(calendar);
  };
}
