import { ImportReport, type ImportJob } from '@hall/contracts';
import type { Prisma } from '../generated/prisma/client.js';
import type { CatalogStore } from '../catalog.store.js';

/** A plain-data value as Prisma's JSON input (the report holds only strings, numbers and arrays). */
function toJson(value: ImportReport): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/** Background imports (`import_job`): progress, the report when done, the error when failed. */
export class ImportJobsRepository {
  constructor(private readonly store: CatalogStore) {}

  async start(id: string, total: number, createdBy: string): Promise<void> {
    await this.store.prisma.importJob.create({ data: { id, status: 'running', total, createdBy } });
  }

  async progress(id: string, done: number): Promise<void> {
    await this.store.prisma.importJob.update({ where: { id }, data: { done } });
  }

  async finish(id: string, total: number, report: ImportReport): Promise<void> {
    await this.store.prisma.importJob.update({
      where: { id },
      data: { status: 'done', done: total, report: toJson(report), finishedAt: new Date() },
    });
  }

  async fail(id: string, error: string): Promise<void> {
    await this.store.prisma.importJob.update({
      where: { id },
      data: { status: 'failed', error, finishedAt: new Date() },
    });
  }

  /** The job as the API shows it; null when there is none. The stored report is parsed (a mismatch is the server's fault). */
  async find(id: string): Promise<ImportJob | null> {
    const job = await this.store.prisma.importJob.findUnique({ where: { id } });
    if (!job) return null;
    return {
      id: job.id,
      status: job.status === 'running' || job.status === 'done' ? job.status : 'failed',
      done: job.done,
      total: job.total,
      report: job.report === null ? null : ImportReport.parse(job.report),
      error: job.error,
      createdBy: job.createdBy,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
    };
  }

  /** Jobs still marked running (left by a stopped process) become failed with `error`; returns how many. */
  async failRunning(error: string): Promise<number> {
    const res = await this.store.prisma.importJob.updateMany({
      where: { status: 'running' },
      data: { status: 'failed', error, finishedAt: new Date() },
    });
    return res.count;
  }
}
