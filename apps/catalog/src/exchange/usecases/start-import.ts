import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { CatalogExchange } from '@hall/contracts';
import type { ImportJobsRepository } from '../import-jobs.repository.js';
import { rowCount, type ImportCatalog, type ImportProgress } from './import-catalog.js';

/** Progress is written at most this often (the last row always). */
const PROGRESS_EVERY_MS = 250;

/**
 * Starts an import in the background and returns its job id at once; the job shows progress (rows done of
 * total) and, when finished, the report — or the error. Safe to re-run: imports are idempotent.
 */
@Injectable()
export class StartImport {
  constructor(
    private readonly jobs: Pick<ImportJobsRepository, 'start' | 'progress' | 'finish' | 'fail'>,
    private readonly importCatalog: Pick<ImportCatalog, 'execute'>,
    private readonly newId: () => string = randomUUID,
  ) {}

  async execute(doc: CatalogExchange, actor: string): Promise<{ jobId: string; done: Promise<void> }> {
    const id = this.newId();
    const total = rowCount(doc);
    await this.jobs.start(id, total, actor);
    let lastWrite = 0;
    const progress: ImportProgress = (done) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_EVERY_MS && done < total) return;
      lastWrite = now;
      void this.jobs.progress(id, done).catch(() => undefined);
    };
    const done = this.importCatalog
      .execute(doc, actor, progress)
      .then((report) => this.jobs.finish(id, total, report))
      .catch((err: unknown) => this.jobs.fail(id, err instanceof Error ? err.message : String(err)))
      .catch(() => undefined);
    return { jobId: id, done };
  }
}
