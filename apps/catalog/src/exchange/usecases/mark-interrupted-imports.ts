import { Injectable } from '@nestjs/common';
import type { ImportJobsRepository } from '../import-jobs.repository.js';

/** The error a job left running by a stopped process ends with. */
export const INTERRUPTED = 'interrupted by a restart; run the import again (it is idempotent)';

/** At start: jobs left running by a stopped process are marked failed (re-run the import: it is idempotent). */
@Injectable()
export class MarkInterruptedImports {
  constructor(private readonly jobs: Pick<ImportJobsRepository, 'failRunning'>) {}

  /** How many jobs were marked. */
  execute(): Promise<number> {
    return this.jobs.failRunning(INTERRUPTED);
  }
}
