import { calendarDataOf, startOfChinaDay } from '@hall/calendar';
import type { CalendarReplaced, PayloadOf } from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import type { DisclosureStore, DisclosureTx } from '../disclosure.store.js';
import { publicationDeadline } from '../items/items.service.js';
import { moveItemDeadline, unpublishedItemsDueBetween } from '../items/item.repository.js';
import type { RequestsService } from '../requests/requests.service.js';
import { calendarYears, findCalendarYear, saveCalendarYear } from './calendar.repository.js';

/**
 * `supervision.calendar.replaced`: an administrator loaded a year's working calendar in supervision (the official
 * 放假安排, an adjusted holiday or make-up workday). Disclosure counts with the same calendar as intake, approval and
 * supervision. In the inbox transaction it
 * - keeps the year in its own `calendar_year` table (an arrangement older than the one held is ignored);
 * - counts again the answer deadline (答复期限, 条例 art. 33) of every request whose clock runs, where it moves
 *   (`RequestsService.recountDeadlines`; the 补正 and third-party deadlines already told stay), and the 20-working-day
 *   publication deadline of items not yet published;
 * - then counts with the new calendar (other instances pick the year up on their next refresh).
 * A year's data may touch the adjacent December and January (调休 across New Year), hence the window.
 */
export class CalendarReplacedConsumer {
  constructor(
    private readonly store: DisclosureStore,
    private readonly requests: RequestsService,
  ) {}

  readonly onReplaced = async (
    p: PayloadOf<typeof CalendarReplaced>,
    { tx }: HandlerContext<DisclosureTx>,
  ): Promise<void> => {
    const replacedAt = new Date(p.replacedAt);
    const held = await findCalendarYear(tx, p.year);
    if (held !== null && held.replacedAt.getTime() > replacedAt.getTime()) return;
    await saveCalendarYear(tx, p.year, {
      holidays: p.holidays,
      workdays: p.workdays,
      source: p.source,
      replacedAt,
      replacedBy: p.actor.userId,
    });
    const calendar = this.store.calendar.build(calendarDataOf(await calendarYears(tx)));
    const from = startOfChinaDay(`${p.year - 1}-12-01`);
    const until = startOfChinaDay(`${p.year + 1}-02-01`);
    await this.requests.recountDeadlines(tx, calendar, from, until);
    // an item's deadline is 20 working days after it was written: written from November of the year before on
    const itemsFrom = startOfChinaDay(`${p.year - 1}-11-01`);
    const itemsUntil = startOfChinaDay(`${p.year + 1}-03-01`);
    for (const item of await unpublishedItemsDueBetween(tx, itemsFrom, itemsUntil)) {
      const dueAt = publicationDeadline(calendar, item.writtenOn);
      if (dueAt.getTime() !== item.dueAt.getTime()) await moveItemDeadline(tx, item.id, dueAt);
    }
    this.store.calendar.use(calendar);
  };
}
