import type { LoggerService } from '@nestjs/common';
import type { Clock } from '@hall/calendar';
import { PeriodicTask } from '@hall/platform';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { CaseProjector } from './case-projector.service.js';
import { casesWithAnomaly, casesWithOpenClocks, openClockPage, undeliveredSince } from './case.repository.js';
import { readClock, StoredPauses } from '../clocks/clock.js';
import type { SupervisionSettings } from '../config/supervision.settings.js';
import type { SupervisionStore } from '../supervision.store.js';
import type { MatterProjector } from '../matters/matter-projector.service.js';
import { openMatterClocks } from '../matters/matter.repository.js';

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
    /** 依申请公开 requests and enquiries: their answer clocks are read in the same pass. */
    private readonly matters?: MatterProjector,
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

  /**
   * One evaluation pass; returns how many clocks were read and how many cases were re-projected (and, when matters
   * are watched, how many requests/enquiries).
   */
  async evaluateAll(): Promise<{ clocks: number; cases: number; matters: number }> {
    const now = this.clock.now();
    await this.calendar.reload();
    const calendar = this.calendar.current();
    const changed = new Set<string>();
    let clocks = 0;
    let after: { applicationNo: string; subject: string } | undefined;
    for (;;) {
      const rows = await openClockPage(this.store.prisma, BATCH, after);
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
    const undelivered = await undeliveredSince(this.store.prisma, cutoff);
    if (undelivered.length > 0) {
      const done = await casesWithAnomaly(this.store.prisma, 'A08', undelivered);
      for (const no of undelivered) if (!done.has(no)) changed.add(no);
    }
    const cases = await this.projector.refreshMany([...changed].sort());
    const matters = await this.evaluateMatters(now);
    return { clocks, cases, matters };
  }

  /** Re-projects the open requests and enquiries whose clock reading moved with time. */
  private async evaluateMatters(now: Date): Promise<number> {
    if (this.matters === undefined) return 0;
    const calendar = this.calendar.current();
    const changed: string[] = [];
    for (const m of await openMatterClocks(this.store.prisma)) {
      const reading = readClock(
        {
          startedAt: m.startedAt,
          limitDays: m.limitDays,
          stoppedAt: null,
          pauses: StoredPauses.parse(m.clockPauses),
        },
        now,
        calendar,
        this.settings,
      );
      // An open pause moves the deadline every day; the row's paused days move with it.
      if (
        reading.level !== m.level ||
        reading.dueAt.getTime() !== m.dueAt.getTime() ||
        m.pausedSince !== null
      )
        changed.push(m.matterNo);
    }
    return this.matters.refreshMany(changed);
  }

  /** Re-projects every case with an open clock (after a calendar change). */
  async reprojectOpen(): Promise<number> {
    const cases = await this.projector.refreshMany(await casesWithOpenClocks(this.store.prisma));
    if (this.matters === undefined) return cases;
    const open = (await openMatterClocks(this.store.prisma)).map((m) => m.matterNo);
    return cases + (await this.matters.refreshMany(open));
  }
}
