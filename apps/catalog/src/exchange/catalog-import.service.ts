import { randomUUID } from 'node:crypto';
import { AppError } from '@hall/platform';
import type { Prisma } from '../generated/prisma/client.js';
import { ZodError } from 'zod';
import type { CatalogStore, CatalogTx } from '../catalog.store.js';
import { baseItemInputOf, type BaseItemsService } from '../base-items/base-items.service.js';
import type { ImplementationsService } from '../implementations/implementations.service.js';
import { ImplementationInput, CatalogExchange, type CatalogExchangeInput, type ImplementationExchangeRow } from './catalog-exchange.schema.js';

export type RowStatus = 'created' | 'updated' | 'unchanged' | 'published' | 'deviation' | 'error';

export interface ImportRowResult {
  kind: 'region' | 'department' | 'baseItem' | 'implementation';
  index: number;
  key: string;
  status: RowStatus;
  implementationCode?: string;
  version?: number;
  error?: { code: string; field?: string; message: string };
}

export interface ImportReport {
  totals: Record<ImportRowResult['kind'], Partial<Record<RowStatus, number>>>;
  rows: ImportRowResult[];
  durationMs: number;
}

export type ImportProgress = (done: number, total: number) => void;

/** A plain-data value as Prisma's JSON input (the report holds only strings, numbers and arrays). */
function toJson(value: ImportReport): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

function errorOf(err: unknown): NonNullable<ImportRowResult['error']> {
  if (err instanceof AppError) {
    const field = typeof err.details?.field === 'string' ? err.details.field : undefined;
    return { code: err.code, ...(field ? { field } : {}), message: err.message };
  }
  if (err instanceof ZodError) {
    const issue = err.issues[0];
    const field = issue?.path.map(String).join('.') ?? '';
    return { code: 'VALIDATION_FAILED', field, message: `${field}: ${issue?.message ?? 'invalid'}` };
  }
  throw err;
}

/**
 * Bulk import of the national exchange shapes (JSON or the Excel workbook): regions, departments, base items,
 * implementations. Idempotent: an unchanged row changes nothing (and publishes no new version). Each row is
 * its own transaction; a bad row is reported with its field and never stops the others.
 */
export class CatalogImportService {
  constructor(
    private readonly store: CatalogStore,
    private readonly baseItems: BaseItemsService,
    private readonly implementations: ImplementationsService,
  ) {}

  async import(input: CatalogExchangeInput, actor: string, onProgress?: ImportProgress): Promise<ImportReport> {
    const started = Date.now();
    const doc = CatalogExchange.parse(input);
    const rows: ImportRowResult[] = [];
    const total = doc.regions.length + doc.departments.length + doc.baseItems.length + doc.implementations.length;
    let done = 0;
    const tick = () => {
      done++;
      if (onProgress && (done % 50 === 0 || done === total)) onProgress(done, total);
    };

    // Regions parents first (province → city → county → town), so the hierarchy checks hold.
    const order = { province: 0, city: 1, county: 2, town: 3 } as const;
    const regions = [...doc.regions].sort((a, b) => order[a.kind] - order[b.kind]);
    for (const [index, r] of regions.entries()) {
      const status = await this.store.prisma.$transaction(async (tx) => {
        const existing = await tx.region.findUnique({ where: { code: r.code } });
        const data = { name: r.name, kind: r.kind, parentCode: r.parentCode ?? null };
        if (!existing) {
          await tx.region.create({ data: { code: r.code, ...data } });
          return 'created' as const;
        }
        if (existing.name === data.name && existing.kind === data.kind && existing.parentCode === data.parentCode) return 'unchanged' as const;
        await tx.region.update({ where: { code: r.code }, data });
        return 'updated' as const;
      });
      rows.push({ kind: 'region', index, key: r.code, status });
      tick();
    }
    for (const [index, d] of doc.departments.entries()) {
      const status = await this.store.prisma.$transaction(async (tx) => {
        const existing = await tx.department.findUnique({ where: { code: d.code } });
        if (!existing) {
          await tx.department.create({ data: d });
          return 'created' as const;
        }
        if (existing.name === d.name) return 'unchanged' as const;
        await tx.department.update({ where: { code: d.code }, data: { name: d.name } });
        return 'updated' as const;
      });
      rows.push({ kind: 'department', index, key: d.code, status });
      tick();
    }
    // Main items before their sub-items.
    const baseItems = [...doc.baseItems].sort((a, b) => Number(Boolean(a.parentCode)) - Number(Boolean(b.parentCode)));
    for (const [index, b] of baseItems.entries()) {
      try {
        const existed = await this.store.prisma.baseItem.findUnique({ where: { code: b.code }, select: { code: true } });
        const { changed } = await this.store.messaging.transaction((tx) => this.baseItems.upsertInTx(tx, b));
        rows.push({ kind: 'baseItem', index, key: b.code, status: !changed ? 'unchanged' : existed ? 'updated' : 'created' });
      } catch (err) {
        rows.push({ kind: 'baseItem', index, key: b.code, status: 'error', error: errorOf(err) });
      }
      tick();
    }
    for (const [index, row] of doc.implementations.entries()) {
      rows.push(await this.importImplementation(index, row, actor));
      tick();
    }
    const totals = {} as ImportReport['totals'];
    for (const r of rows) {
      const t = (totals[r.kind] ??= {});
      t[r.status] = (t[r.status] ?? 0) + 1;
    }
    return { totals, rows, durationMs: Date.now() - started };
  }

  private async importImplementation(index: number, row: ImplementationExchangeRow, actor: string): Promise<ImportRowResult> {
    const { implementationCode: _declaredCode, declared, publish, ...draft } = row;
    const key = `${draft.baseCode}|${draft.level}|${draft.regionCode}|${draft.implementingBody.uscc}`;
    let saved: { code: string; changed: boolean } | undefined;
    try {
      return await this.store.messaging.transaction(async (tx: CatalogTx) => {
        const existed = await tx.implementation.count({ where: { baseCode: draft.baseCode, level: draft.level, regionCode: draft.regionCode, bodyUscc: draft.implementingBody.uscc } });
        saved = await this.implementations.saveDraft(tx, draft, { upsert: true, declared: declared ?? {} });
        let status: RowStatus = !saved.changed ? 'unchanged' : existed > 0 ? 'updated' : 'created';
        let version: number | undefined;
        if (publish) {
          const result = await this.implementations.publishInTx(tx, saved.code, actor);
          version = result.version;
          if (result.published) status = 'published';
        }
        return { kind: 'implementation' as const, index, key, status, implementationCode: saved.code, ...(version ? { version } : {}) };
      });
    } catch (err) {
      const error = errorOf(err);
      if (error.code === 'CONSISTENCY_DEVIATION' && saved) {
        // Keep the draft (so the consistency report shows it) but never publish a deviating implementation.
        await this.store.messaging.transaction((tx) => this.implementations.saveDraft(tx, draft, { upsert: true, declared: declared ?? {} }));
        return { kind: 'implementation', index, key, status: 'deviation', implementationCode: saved.code, error };
      }
      return { kind: 'implementation', index, key, status: 'error', error };
    }
  }

  /**
   * Starts an import in the background and returns its job id at once; `job(id)` shows progress
   * (rows done of total) and, when finished, the report. Safe to re-run: imports are idempotent.
   */
  async startJob(input: CatalogExchangeInput, actor: string): Promise<{ jobId: string }> {
    const doc = CatalogExchange.parse(input);
    const id = randomUUID();
    const total = doc.regions.length + doc.departments.length + doc.baseItems.length + doc.implementations.length;
    await this.store.prisma.importJob.create({ data: { id, status: 'running', total, createdBy: actor } });
    let lastWrite = 0;
    const progress: ImportProgress = (done) => {
      const now = Date.now();
      if (now - lastWrite < 250 && done < total) return;
      lastWrite = now;
      void this.store.prisma.importJob.update({ where: { id }, data: { done } }).catch(() => undefined);
    };
    void this.import(doc, actor, progress)
      .then((report) =>
        this.store.prisma.importJob.update({
          where: { id },
          data: { status: 'done', done: total, report: toJson(report), finishedAt: new Date() },
        }),
      )
      .catch((err: unknown) =>
        this.store.prisma.importJob.update({
          where: { id },
          data: { status: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: new Date() },
        }),
      )
      .catch(() => undefined);
    return { jobId: id };
  }

  async job(id: string) {
    const job = await this.store.prisma.importJob.findUnique({ where: { id } });
    if (!job) throw AppError.notFound('import job', id);
    return job;
  }

  /** Jobs left running by a stopped process are marked interrupted (re-run the import: it is idempotent). */
  async markInterruptedJobs(): Promise<number> {
    const res = await this.store.prisma.importJob.updateMany({
      where: { status: 'running' },
      data: { status: 'failed', error: 'interrupted by a restart; run the import again (it is idempotent)', finishedAt: new Date() },
    });
    return res.count;
  }

  /** The whole catalog in the exchange shape (drafts; `publish` = currently published). */
  async export(): Promise<CatalogExchange> {
    const prisma = this.store.prisma;
    const [regions, departments, baseItems, impls] = await Promise.all([
      prisma.region.findMany({ orderBy: { code: 'asc' } }),
      prisma.department.findMany({ orderBy: { code: 'asc' } }),
      prisma.baseItem.findMany({ orderBy: { code: 'asc' } }),
      prisma.implementation.findMany({ orderBy: { code: 'asc' } }),
    ]);
    return CatalogExchange.parse({
      format: 'hall-catalog/1',
      regions: regions.map((r) => ({ code: r.code, name: r.name, kind: r.kind, ...(r.parentCode ? { parentCode: r.parentCode } : {}) })),
      departments: departments.map((d) => ({ code: d.code, name: d.name })),
      baseItems: baseItems.map(baseItemInputOf),
      implementations: impls.map((i) => ({
        ...ImplementationInput.parse(i.draft),
        ...(i.declared && Object.keys(i.declared as object).length > 0 ? { declared: i.declared } : {}),
        publish: i.status === 'published',
      })),
    });
  }
}
