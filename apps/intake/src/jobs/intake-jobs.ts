import type { LoggerService } from '@nestjs/common';
import { ApplicationStatus } from '../applications/application-status.js';
import type { WindowService } from '../applications/window.service.js';
import type { IntakeStore } from '../intake.store.js';
import type { Clock } from '../shared/clock.js';

export interface JobRunReport {
  at: string;
  deemedAccepted: string[];
  terminated: string[];
  failed: { no: string; error: string }[];
}

/**
 * Scheduled rules, reading time from the injectable clock:
 * - AL art. 32: an application still `submitted` after its 5-working-day supplement deadline
 *   (`supplement_due_by`, computed on receipt with the working-day calendar) is deemed accepted from
 *   receipt (mode `deemed`, emits `intake.application.accepted`);
 * - 容缺受理: materials owed and not supplied by their deadline → terminated.
 * Each application is its own transaction; a failure is reported and retried on the next run.
 */
export class IntakeJobs {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<JobRunReport> | undefined;

  constructor(
    private readonly store: IntakeStore,
    private readonly window: WindowService,
    private readonly clock: Clock,
    private readonly logger?: LoggerService,
  ) {}

  /** Runs every rule due at the clock's now; concurrent calls share one run. */
  runDue(): Promise<JobRunReport> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<JobRunReport> {
    const now = this.clock.now();
    const report: JobRunReport = { at: now.toISOString(), deemedAccepted: [], terminated: [], failed: [] };
    const due = await this.store.prisma.application.findMany({
      where: { status: ApplicationStatus.Submitted, supplementDueBy: { lt: now } },
      select: { no: true },
      orderBy: { receivedAt: 'asc' },
      take: 500,
    });
    for (const { no } of due) {
      try {
        if (await this.window.deemAccepted(no)) report.deemedAccepted.push(no);
      } catch (err) {
        report.failed.push({ no, error: (err as Error).message });
      }
    }
    const overdue = await this.store.prisma.application.findMany({
      where: {
        status: { in: [ApplicationStatus.Accepted, ApplicationStatus.Decided] },
        acceptanceMode: 'tolerance',
        toleranceSatisfiedAt: null,
        toleranceSupplyBy: { lt: now },
      },
      select: { no: true },
      take: 500,
    });
    for (const { no } of overdue) {
      try {
        if (await this.window.terminateTolerance(no)) report.terminated.push(no);
      } catch (err) {
        report.failed.push({ no, error: (err as Error).message });
      }
    }
    if (report.failed.length > 0) this.logger?.warn({ msg: 'intake jobs: some applications failed', failed: report.failed });
    return report;
  }

  start(intervalMs: number): void {
    if (this.timer || intervalMs <= 0) return;
    this.timer = setInterval(() => {
      void this.runDue().catch((err: unknown) => {
        this.logger?.error({ msg: 'intake jobs failed', err: (err as Error).message });
      });
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
