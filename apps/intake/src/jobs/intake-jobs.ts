import type { LoggerService } from '@nestjs/common';
import type { ObjectStorage } from '@hall/storage';
import type { Clock } from '@hall/calendar';
import type { IntakeJobRunReport } from '@hall/contracts';
import { PeriodicTask } from '@hall/platform';
import type { DeemAccepted } from '../applications/usecases/deem-accepted.js';
import type { TerminateTolerance } from '../applications/usecases/terminate-tolerance.js';
import { removeUnattachedUpload, unattachedUploadsBefore } from '../files/uploaded-file.repository.js';
import type { IntakeStore } from '../intake.store.js';
import {
  applicationsPastSupplementDeadline,
  applicationsPastToleranceDeadline,
} from '../records/application.repository.js';

/** What a run did (the HTTP contract's IntakeJobRunReport). */
export type JobRunReport = IntakeJobRunReport;

/** Removal of uploads never attached to an application (申请材料 left behind): after `ttlMs`, object and row. */
export interface UploadExpiry {
  readonly storage: ObjectStorage | undefined;
  readonly ttlMs: number;
}

/**
 * Scheduled rules, reading time from the injectable clock:
 * - AL art. 32: an application still `submitted` after its 5-working-day supplement deadline
 *   (`supplement_due_by`, computed on receipt with the working-day calendar) is deemed accepted from
 *   receipt (mode `deemed`, emits `intake.application.accepted`);
 * - 容缺受理: materials owed and not supplied by their deadline → terminated;
 * - uploads still unattached to any application `ttlMs` after they were made → removed (row first, only while still
 *   unattached, then the object; a submission racing the removal finds its file gone and is refused).
 * Each application (and each upload) is its own transaction; a failure is reported and retried on the next run.
 * A run that fails as a whole is logged and counted (`schedule.stats()`).
 */
export class IntakeJobs {
  readonly schedule: PeriodicTask;
  private running: Promise<JobRunReport> | undefined;

  constructor(
    private readonly store: IntakeStore,
    private readonly rules: { deemAccepted: DeemAccepted; terminateTolerance: TerminateTolerance },
    private readonly clock: Clock,
    private readonly logger: LoggerService,
    private readonly uploads?: UploadExpiry,
  ) {
    this.schedule = new PeriodicTask({ name: 'intake.jobs', logger, run: () => this.runDue() });
  }

  /** Runs every rule due at the clock's now; concurrent calls share one run. */
  runDue(): Promise<JobRunReport> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<JobRunReport> {
    const now = this.clock.now();
    const report: JobRunReport = {
      at: now.toISOString(),
      deemedAccepted: [],
      terminated: [],
      expiredUploads: [],
      failed: [],
    };
    const due = await applicationsPastSupplementDeadline(this.store.prisma, now, 500);
    for (const { no } of due) {
      try {
        if (await this.rules.deemAccepted.execute(no)) report.deemedAccepted.push(no);
      } catch (err) {
        report.failed.push({ no, error: (err as Error).message });
      }
    }
    const overdue = await applicationsPastToleranceDeadline(this.store.prisma, now, 500);
    for (const { no } of overdue) {
      try {
        if (await this.rules.terminateTolerance.execute(no)) report.terminated.push(no);
      } catch (err) {
        report.failed.push({ no, error: (err as Error).message });
      }
    }
    await this.expireUploads(now, report);
    if (report.failed.length > 0)
      this.logger.warn({ msg: 'intake jobs: some applications failed', failed: report.failed });
    return report;
  }

  private async expireUploads(now: Date, report: JobRunReport): Promise<void> {
    const uploads = this.uploads;
    if (!uploads?.storage) return;
    const expired = await unattachedUploadsBefore(
      this.store.prisma,
      new Date(now.getTime() - uploads.ttlMs),
      500,
    );
    for (const file of expired) {
      try {
        // The row goes first and only if still unattached: an application that took the file meanwhile keeps it.
        if (!(await removeUnattachedUpload(this.store.prisma, file.id))) continue;
        await uploads.storage.remove(file.bucket, file.key);
        report.expiredUploads.push(file.id);
      } catch (err) {
        report.failed.push({ no: `upload ${file.id}`, error: (err as Error).message });
      }
    }
  }

  start(intervalMs: number): void {
    this.schedule.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.schedule.stop();
    await this.running?.catch(() => undefined);
  }
}
