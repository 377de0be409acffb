import { calendarDataOf, startOfChinaDay, type WorkingCalendar } from '@hall/calendar';
import {
  CaseDeadlinesRecomputed,
  SYSTEM_ACTOR,
  type CalendarReplaced,
  type PayloadOf,
} from '@hall/contracts';
import type { HandlerContext } from '@hall/messaging';
import type { ApprovalContext } from '../approval.context.js';
import type { ApprovalTx } from '../approval.store.js';
import { appendAudit } from '../audit/audit.repository.js';
import { lockCase, runningCasesAround, taskSummary, updateCase } from '../records/case.repository.js';
import { proceduresOfCase } from '../records/procedure.repository.js';
import { tasksOfCaseAsOpened } from '../records/task.repository.js';
import { calendarYears, findCalendarYear, saveCalendarYear } from './calendar-year.repository.js';
import { CaseClock } from '../deadlines/case-clock.js';
import { caseDueDates, recomputeDeadlines, taskDueAt } from '../deadlines/recompute-deadlines.js';

/** Cases whose deadlines still run: open, suspended (特别程序) or returned (退回补正). */
const RUNNING = ['open', 'suspended', 'returned'];

/**
 * `supervision.calendar.replaced`: an administrator loaded a year's working calendar (the official 放假安排 replacing
 * the provisional statutory-rules year, or a corrected one). In the inbox transaction approval
 * - keeps the year in its own `calendar_year` table (an arrangement older than the one held is ignored: a later
 *   replacement of the same year already won);
 * - counts every deadline of each running case again from acceptance with the new calendar (pauses and extensions as
 *   before: `recomputeDeadlines`), only where a date actually moves: the case's promised and legal deadlines and every
 *   task's, audited (`case.deadlines-recomputed`) and announced (`approval.case.deadlines-recomputed`, on supervision's
 *   timeline);
 * - then counts with the new calendar from here on (every instance picks the year up on its next refresh).
 * A year's data may touch the adjacent December and January (调休 across New Year), so the cases looked at are those
 * accepted before February of the next year with a deadline from December of the previous year on.
 */
export class CalendarReplacedConsumer {
  constructor(private readonly ctx: ApprovalContext) {}

  readonly onReplaced = async (
    p: PayloadOf<typeof CalendarReplaced>,
    { tx }: HandlerContext<ApprovalTx>,
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
    const calendar = this.ctx.calendar.build(calendarDataOf(await calendarYears(tx)));
    await this.recomputeRunningCases(tx, calendar, p);
    this.ctx.calendar.use(calendar);
  };

  private async recomputeRunningCases(
    tx: ApprovalTx,
    calendar: WorkingCalendar,
    p: PayloadOf<typeof CalendarReplaced>,
  ): Promise<number> {
    const from = startOfChinaDay(`${p.year - 1}-12-01`);
    const until = startOfChinaDay(`${p.year + 1}-02-01`);
    const candidates = await runningCasesAround(tx, RUNNING, from, until);
    const clock = new CaseClock(calendar);
    const now = this.ctx.clock.now();
    const reason = `${p.year}年工作日历已更新（${p.source ?? '放假安排'}，${p.actor.name}载入），各项期限按新日历重新计算`;
    let moved = 0;
    for (const id of candidates) {
      const c = await lockCase(tx, id, this.ctx.store.pii);
      if (!RUNNING.includes(c.status)) continue;
      const procedures = await proceduresOfCase(tx, c.id);
      const tasks = await tasksOfCaseAsOpened(tx, c.id);
      const due = caseDueDates(clock, c, procedures, c.extensionDays);
      const tasksMove = tasks.some(
        (t) => taskDueAt(clock, c, t, procedures, c.extensionDays).getTime() !== t.dueAt.getTime(),
      );
      if (
        !tasksMove &&
        due.promisedDueAt.getTime() === c.promisedDueAt.getTime() &&
        due.legalDueAt.getTime() === c.legalDueAt.getTime()
      )
        continue;
      await recomputeDeadlines(tx, clock, c, procedures, c.extensionDays);
      await updateCase(tx, c, { promisedDueAt: due.promisedDueAt, legalDueAt: due.legalDueAt });
      const after = await tasksOfCaseAsOpened(tx, c.id);
      const before = new Map(tasks.map((t) => [t.id, t.dueAt.toISOString()]));
      await appendAudit(tx, c.id, {
        action: 'case.deadlines-recomputed',
        actor: SYSTEM_ACTOR,
        at: now,
        opinion: reason,
        before: {
          promisedDueAt: c.promisedDueAt.toISOString(),
          legalDueAt: c.legalDueAt.toISOString(),
          tasks: after.map((t) => ({ taskId: t.id, dueAt: before.get(t.id) ?? null })),
        },
        after: {
          promisedDueAt: due.promisedDueAt.toISOString(),
          legalDueAt: due.legalDueAt.toISOString(),
          tasks: after.map((t) => ({ taskId: t.id, dueAt: t.dueAt.toISOString() })),
          calendar: { year: p.year, source: p.source, replacedAt: p.replacedAt, replacedBy: p.actor.userId },
        },
      });
      await this.ctx.store.messaging.stage(tx, CaseDeadlinesRecomputed, {
        caseId: c.id,
        applicationNo: c.applicationNo,
        occurredAt: now.toISOString(),
        actor: SYSTEM_ACTOR,
        reason,
        calendarYear: p.year,
        promisedDueAt: due.promisedDueAt.toISOString(),
        legalDueAt: due.legalDueAt.toISOString(),
        previousPromisedDueAt: c.promisedDueAt.toISOString(),
        previousLegalDueAt: c.legalDueAt.toISOString(),
        tasks: after.map(taskSummary),
      });
      moved += 1;
    }
    return moved;
  }
}
