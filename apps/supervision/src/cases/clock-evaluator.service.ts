import type { LoggerService } from '@nestjs/common';
import type { Clock } from '@hall/calendar';
import { PeriodicTask } from '@hall/platform';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { CaseProjector } from './case-projector.service.js';
import { readClock, StoredPauses } from '../clocks/clock.js';
import type { SupervisionSettings } from '../config/supervision.settings.js';
import type { SupervisionStore } from '../supervision.store.js';

const BATCH = 1000;

/**
 * The scheduled evaluator: time alone changes levels. Reads every open clock at `now`; a case whose level changed
 * (or that a time rule may now catch: completed but undelivered) is re-projected and its alerts reconciled.
 * Scheduled every `evaluateEveryMs` (0: only on demand); a failed pass is logged and counted (`schedule.stats()`),
 * the next pass retries.
 */
export class ClockEvaluator {
  readonly schedule: PeriodicTask;

  constructor(
    private readonly store: SupervisionStore,
    private readonly projector: CaseProjector,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly settings: SupervisionSettings,
    logger: Pick<LoggerService, 'error'>,
  ) {
    this.schedule = new PeriodicTask({
      name: 'supervision.clock-evaluator',
      everyMs: settings.evaluateEveryMs,
      logger,
      run: () => this.evaluateAll(),
    });
  }

  start(): void {
    this.schedule.start();
  }

  async stop(): Promise<void> {
    await this.schedule.stop();
  }

  /** One evaluation pass; returns how many clocks were read and how many cases were re-projected. */
  async evaluateAll(): Promise<{ clocks: number; cases: number }> {
    const now = this.clock.now();
    await this.calendar.reload();
    const calendar = this.calendar.current();
    const changed = new Set<string>();
    let clocks = 0;
    let after: { applicationNo: string; subject: string } | undefined;
    for (;;) {
      const rows = await this.store.prisma.caseClock.findMany({
        where: { open: true },
        orderBy: [{ applicationNo: 'asc' }, { subject: 'asc' }],
        take: BATCH,
        ...(after !== undefined && { cursor: { applicationNo_subject: after }, skip: 1 }),
        select: {
          applicationNo: true,
          subject: true,
          startedAt: true,
          limitDays: true,
          pauses: true,
          level: true,
          dueAt: true,
        },
      });
      for (const c of rows) {
        clocks += 1;
        const reading = readClock(
          {
            startedAt: c.startedAt,
            limitDays: c.limitDays,
            stoppedAt: null,
            pauses: StoredPauses.parse(c.pauses),
          },
          now,
          calendar,
          this.settings,
        );
        if (reading.level !== c.level || reading.dueAt.getTime() !== c.dueAt.getTime())
          changed.add(c.applicationNo);
      }
      const last = rows[rows.length - 1];
      if (rows.length < BATCH || last === undefined) break;
      after = { applicationNo: last.applicationNo, subject: last.subject };
    }
    // Time rule A08: completed, not delivered, N working days ago at least N calendar days ago.
    const cutoff = new Date(now.getTime() - this.settings.undeliveredAfterDays * 86_400_000);
    const undelivered = await this.store.prisma.supervisedCase.findMany({
      where: { completedAt: { lte: cutoff }, deliveredAt: null },
      select: { applicationNo: true },
    });
    if (undelivered.length > 0) {
      const flagged = await this.store.prisma.anomaly.findMany({
        where: { ruleNo: 'A08', applicationNo: { in: undelivered.map((u) => u.applicationNo) } },
        select: { applicationNo: true },
      });
      const done = new Set(flagged.map((f) => f.applicationNo));
      for (const u of undelivered) if (!done.has(u.applicationNo)) changed.add(u.applicationNo);
    }
    const cases = await this.projector.refreshMany([...changed].sort());
    return { clocks, cases };
  }

  /** Re-projects every case with an open clock (after a calendar change). */
  async reprojectOpen(): Promise<number> {
    const rows = await this.store.prisma.caseClock.findMany({
      where: { open: true },
      distinct: ['applicationNo'],
      select: { applicationNo: true },
    });
    return this.projector.refreshMany(rows.map((r) => r.applicationNo));
  }
}
