import { randomUUID } from 'node:crypto';
import { AppError } from '@hall/platform';
import {
  CatalogExchange,
  ImplementationDraft,
  ImplementationPublished,
  type CatalogExchangeInput,
  type DeclaredLocked,
  type ImplementationExchangeRow,
  type ImplementationInput,
  type ImplementationSnapshot,
  type ImportJob,
  type ImportReport,
  type ImportRowResult,
  type ImportRowStatus,
} from '@hall/contracts';
import { CatalogErrorCode } from '../catalog.errors.js';
import { implementationCode } from '../implementations/implementation-code.js';
import { checkImplementationRules, type RuleLookups } from '../implementations/implementation-rules.js';
import { planPublish, type PublishPlan } from '../implementations/implementations.service.js';
import { canonicalJson, sha256 } from '../implementations/snapshot.js';
import { ZodError } from 'zod';
import type { BulkTx, CatalogStore, CatalogTx } from '../catalog.store.js';
import { baseItemInputOf, type BaseItemsService } from '../base-items/base-items.service.js';
import type { ImplementationsService } from '../implementations/implementations.service.js';
import { ImportJobsRepository } from './import-jobs.repository.js';
import { ReferenceDataRepository } from './reference-data.repository.js';

export type ImportProgress = (done: number, total: number) => void;

/** Implementation rows validated, compared and written together in one transaction. */
export const IMPORT_CHUNK = 500;

/** One implementation row as the bulk upsert writes it (snake_case: the JSON is read by jsonb_to_recordset). */
interface ImplementationRowWrite {
  code: string;
  base_code: string;
  level: string;
  region_code: string;
  body_uscc: string;
  department_code: string;
  draft: ImplementationInput;
  draft_hash: string;
  declared: DeclaredLocked | null;
  status: string;
  current_version: number;
  published_hash: string | null;
}

interface CachedLookups {
  rules: RuleLookups;
  regions: Map<string, { code: string; name: string; kind: string; parentCode: string | null }>;
  baseItems: Map<
    string,
    {
      code: string;
      name: string;
      type: string;
      legalBasis: string;
      parentCode: string | null;
      handlingKind: string | null;
      competentDepartment: string | null;
      legalLimitDays: number | null;
    }
  >;
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
 * validated in memory; a bad row is reported with its field and never stops the others.
 */
export class CatalogImportService {
  constructor(
    private readonly store: CatalogStore,
    private readonly baseItems: BaseItemsService,
    private readonly implementations: ImplementationsService,
    private readonly jobs: ImportJobsRepository = new ImportJobsRepository(store),
    private readonly reference: ReferenceDataRepository = new ReferenceDataRepository(store),
  ) {}

  async import(
    input: CatalogExchangeInput,
    actor: string,
    onProgress?: ImportProgress,
  ): Promise<ImportReport> {
    const started = Date.now();
    return this.importParsed(CatalogExchange.parse(input), actor, onProgress, started);
  }

  /** The import of a document already parsed with `CatalogExchange` (the controller parses it once). */
  async importParsed(
    doc: CatalogExchange,
    actor: string,
    onProgress?: ImportProgress,
    started = Date.now(),
  ): Promise<ImportReport> {
    const rows: ImportRowResult[] = [];
    const total =
      doc.regions.length + doc.departments.length + doc.baseItems.length + doc.implementations.length;
    let done = 0;
    const tick = () => {
      done++;
      if (onProgress && (done % 50 === 0 || done === total)) onProgress(done, total);
    };

    // Regions parents first (province → city → county → town), so the hierarchy checks hold.
    const order = { province: 0, city: 1, county: 2, town: 3 } as const;
    const regions = [...doc.regions].sort((a, b) => order[a.kind] - order[b.kind]);
    for (const [index, r] of regions.entries()) {
      rows.push({ kind: 'region', index, key: r.code, status: await this.reference.upsertRegion(r) });
      tick();
    }
    for (const [index, d] of doc.departments.entries()) {
      rows.push({ kind: 'department', index, key: d.code, status: await this.reference.upsertDepartment(d) });
      tick();
    }
    // Main items before their sub-items.
    const baseItems = [...doc.baseItems].sort(
      (a, b) => Number(Boolean(a.parentCode)) - Number(Boolean(b.parentCode)),
    );
    for (const [index, b] of baseItems.entries()) {
      try {
        const existed = await this.baseItems.items.exists(b.code);
        const { changed } = await this.store.messaging.transaction((tx) => this.baseItems.upsertInTx(tx, b));
        rows.push({
          kind: 'baseItem',
          index,
          key: b.code,
          status: !changed ? 'unchanged' : existed ? 'updated' : 'created',
        });
      } catch (err) {
        rows.push({ kind: 'baseItem', index, key: b.code, status: 'error', error: errorOf(err) });
      }
      tick();
    }
    rows.push(...(await this.importImplementations(doc.implementations, actor, tick)));
    const totals = {} as ImportReport['totals'];
    for (const r of rows) {
      const t = (totals[r.kind] ??= {});
      t[r.status] = (t[r.status] ?? 0) + 1;
    }
    return { totals, rows, durationMs: Date.now() - started };
  }

  /**
   * Implementations in chunks of {@link IMPORT_CHUNK}: each chunk is validated in memory against lookups
   * cached for the whole import (regions, departments, base items), compared with the stored rows read in one
   * query, and written in bulk in ONE transaction with its versions, search entries and events. A row that
   * fails validation is reported and skipped; if a chunk's bulk write fails, that chunk is redone row by row
   * (one transaction each), so the report still names the failing row. A code met twice in one file is
   * imported row by row after the rest, in file order.
   */
  private async importImplementations(
    all: readonly ImplementationExchangeRow[],
    actor: string,
    tick: () => void,
  ): Promise<ImportRowResult[]> {
    const results: ImportRowResult[] = [];
    if (all.length === 0) return results;
    const lookups = await this.cachedLookups(all);
    const seen = new Set<string>();
    const later: Array<[number, ImplementationExchangeRow]> = [];
    for (let from = 0; from < all.length; from += IMPORT_CHUNK) {
      const chunk: Array<[number, ImplementationExchangeRow]> = [];
      for (const [offset, row] of all.slice(from, from + IMPORT_CHUNK).entries()) {
        const code = implementationCode(row.implementingBody.uscc, row.level, row.baseCode);
        if (seen.has(code)) later.push([from + offset, row]);
        else chunk.push([from + offset, row]);
        seen.add(code);
      }
      let chunkResults: ImportRowResult[];
      try {
        chunkResults = await this.store.bulkTransaction((tx) => this.importChunk(tx, chunk, lookups, actor));
      } catch {
        chunkResults = [];
        for (const [index, row] of chunk)
          chunkResults.push(await this.importImplementation(index, row, actor));
      }
      for (const r of chunkResults) {
        results.push(r);
        tick();
      }
    }
    for (const [index, row] of later) {
      results.push(await this.importImplementation(index, row, actor));
      tick();
    }
    return results.sort((a, b) => a.index - b.index);
  }

  /** Regions, departments and the base items the file refers to, read once per import. */
  private async cachedLookups(rows: readonly ImplementationExchangeRow[]): Promise<CachedLookups> {
    const baseCodes = [...new Set(rows.map((r) => r.baseCode))];
    const [regions, departments, baseItems] = await Promise.all([
      this.reference.regions(),
      this.reference.departments(),
      this.baseItems.items.byCodes(baseCodes),
    ]);
    const regionMap = new Map(regions.map((r) => [r.code, r]));
    const departmentSet = new Set(departments.map((d) => d.code));
    const baseMap = new Map(baseItems.map((b) => [b.code, b]));
    return {
      regions: regionMap,
      baseItems: baseMap,
      rules: {
        baseItem: (code) => Promise.resolve(baseMap.get(code) ?? null),
        region: (code) => Promise.resolve(regionMap.get(code) ?? null),
        knownDepartments: (codes) => Promise.resolve(new Set(codes.filter((c) => departmentSet.has(c)))),
      },
    };
  }

  private async importChunk(
    tx: BulkTx,
    chunk: ReadonlyArray<[number, ImplementationExchangeRow]>,
    lookups: CachedLookups,
    actor: string,
  ): Promise<ImportRowResult[]> {
    const results: ImportRowResult[] = [];
    const valid: Array<{
      index: number;
      key: string;
      code: string;
      draft: ImplementationInput;
      declared: DeclaredLocked | undefined;
      publish: boolean;
    }> = [];
    for (const [index, row] of chunk) {
      const { implementationCode: _declaredCode, declared, publish, ...raw } = row;
      const key = `${raw.baseCode}|${raw.level}|${raw.regionCode}|${raw.implementingBody.uscc}`;
      try {
        // The row was parsed with the exchange document (ImplementationExchangeRow = ImplementationInput + 3 fields).
        const draft: ImplementationInput = raw;
        await checkImplementationRules(lookups.rules, draft, this.implementations.rules);
        const code = implementationCode(draft.implementingBody.uscc, draft.level, draft.baseCode);
        valid.push({
          index,
          key,
          code,
          draft,
          declared: declared && Object.keys(declared).length > 0 ? declared : undefined,
          publish,
        });
      } catch (err) {
        results.push({ kind: 'implementation', index, key, status: 'error', error: errorOf(err) });
      }
    }
    const stored = new Map(
      (
        await tx.$queryRawUnsafe<
          Array<{
            code: string;
            status: string;
            currentVersion: number;
            publishedHash: string | null;
            draftHash: string;
            declared: unknown;
          }>
        >(
          `SELECT code, status, current_version AS "currentVersion", published_hash AS "publishedHash", draft_hash AS "draftHash", declared
           FROM implementation WHERE code = ANY($1::text[])`,
          valid.map((v) => v.code),
        )
      ).map((i) => [i.code, i]),
    );
    const writes: ImplementationRowWrite[] = [];
    const versions: Array<{ code: string; version: number; snapshot: ImplementationSnapshot; hash: string }> =
      [];
    const entries: Array<Record<string, unknown>> = [];
    const terms = new Map<string, { term: string; kind: string; searchText: string }>();
    const snapshots: ImplementationSnapshot[] = [];
    const publishedAt = new Date();
    for (const v of valid) {
      const before = stored.get(v.code);
      const draftHash = sha256(canonicalJson(v.draft));
      const draftChanged =
        !before ||
        before.draftHash !== draftHash ||
        canonicalJson(before.declared ?? null) !== canonicalJson(v.declared ?? null);
      let status: ImportRowStatus = !draftChanged ? 'unchanged' : before ? 'updated' : 'created';
      let plan: PublishPlan | undefined;
      let error: ImportRowResult['error'];
      const state = before ?? { status: 'draft', currentVersion: 0, publishedHash: null };
      if (v.publish) {
        const base = lookups.baseItems.get(v.draft.baseCode);
        if (!base) throw new Error(`base item ${v.draft.baseCode} vanished during the import`);
        try {
          plan = planPublish({
            impl: { code: v.code, ...state, declared: v.declared ?? null },
            base,
            draft: v.draft,
            regionName: lookups.regions.get(v.draft.regionCode)?.name ?? v.draft.regionCode,
            publishedAt,
          });
        } catch (err) {
          error = errorOf(err);
          if (error.code !== CatalogErrorCode.ConsistencyDeviation) throw err;
          status = 'deviation';
        }
      }
      if (draftChanged || plan?.publish) {
        writes.push({
          code: v.code,
          base_code: v.draft.baseCode,
          level: v.draft.level,
          region_code: v.draft.regionCode,
          body_uscc: v.draft.implementingBody.uscc,
          department_code: v.draft.implementingBody.departmentCode,
          draft: v.draft,
          draft_hash: draftHash,
          declared: v.declared ?? null,
          ...(plan?.publish
            ? { status: 'published', current_version: plan.version, published_hash: plan.hash }
            : {
                status: state.status,
                current_version: state.currentVersion,
                published_hash: state.publishedHash,
              }),
        });
      }
      if (plan?.publish) {
        versions.push({ code: v.code, version: plan.version, snapshot: plan.snapshot, hash: plan.hash });
        const e = plan.entry;
        entries.push({
          code: v.code,
          version: e.version,
          name: e.name,
          search_text: e.searchText,
          base_code: e.baseCode,
          type: e.type,
          level: e.level,
          region_code: e.regionCode,
          department_code: e.departmentCode,
          body_name: e.bodyName,
          audiences: e.audiences,
          themes: e.themes,
          online: e.online,
          case_type: e.caseType,
          promised_days: e.promisedDays,
          rank: e.rank,
        });
        for (const t of plan.terms) terms.set(`${t.kind}|${t.term}`, t);
        snapshots.push(plan.snapshot);
        status = 'published';
      }
      const version = v.publish && status !== 'deviation' ? plan?.version : undefined;
      results.push({
        kind: 'implementation',
        index: v.index,
        key: v.key,
        status,
        implementationCode: v.code,
        ...(version ? { version } : {}),
        ...(error ? { error } : {}),
      });
    }
    // Bulk writes: one statement per table, the rows as one JSON parameter.
    if (writes.length > 0) {
      await tx.$executeRawUnsafe(
        `INSERT INTO implementation (code, base_code, level, region_code, body_uscc, department_code, status, draft, draft_hash,
                                     published_hash, current_version, declared, updated_at)
         SELECT x.code, x.base_code, x.level, x.region_code, x.body_uscc, x.department_code, x.status, x.draft, x.draft_hash,
                x.published_hash, x.current_version, x.declared, now()
           FROM jsonb_to_recordset($1::jsonb) AS x(code text, base_code text, level text, region_code text, body_uscc text, department_code text,
                status text, draft jsonb, draft_hash text, published_hash text, current_version int, declared jsonb)
         ON CONFLICT (code) DO UPDATE SET department_code = EXCLUDED.department_code, status = EXCLUDED.status, draft = EXCLUDED.draft,
                draft_hash = EXCLUDED.draft_hash, published_hash = EXCLUDED.published_hash, current_version = EXCLUDED.current_version,
                declared = EXCLUDED.declared, updated_at = now()`,
        JSON.stringify(writes),
      );
    }
    if (versions.length > 0) {
      await tx.$executeRawUnsafe(
        `INSERT INTO implementation_version (code, version, snapshot, hash, published_at, published_by)
         SELECT x.code, x.version, x.snapshot, x.hash, $2::timestamptz, $3
           FROM jsonb_to_recordset($1::jsonb) AS x(code text, version int, snapshot jsonb, hash text)`,
        JSON.stringify(versions),
        publishedAt.toISOString(),
        actor,
      );
      await tx.$executeRawUnsafe(
        `INSERT INTO search_entry (code, version, name, search_text, base_code, type, level, region_code, department_code, body_name,
                                   audiences, themes, online, case_type, promised_days, rank, published_at)
         SELECT x.code, x.version, x.name, x.search_text, x.base_code, x.type, x.level, x.region_code, x.department_code, x.body_name,
                x.audiences, x.themes, x.online, x.case_type, x.promised_days, x.rank, $2::timestamptz
           FROM jsonb_to_recordset($1::jsonb) AS x(code text, version int, name text, search_text text, base_code text, type text, level text,
                region_code text, department_code text, body_name text, audiences text[], themes text[], online boolean, case_type text,
                promised_days int, rank int)
         ON CONFLICT (code) DO UPDATE SET version = EXCLUDED.version, name = EXCLUDED.name, search_text = EXCLUDED.search_text,
                base_code = EXCLUDED.base_code, type = EXCLUDED.type, level = EXCLUDED.level, region_code = EXCLUDED.region_code,
                department_code = EXCLUDED.department_code, body_name = EXCLUDED.body_name, audiences = EXCLUDED.audiences,
                themes = EXCLUDED.themes, online = EXCLUDED.online, case_type = EXCLUDED.case_type, promised_days = EXCLUDED.promised_days,
                rank = EXCLUDED.rank, published_at = EXCLUDED.published_at`,
        JSON.stringify(entries),
        publishedAt.toISOString(),
      );
      const t = [...terms.values()];
      await tx.$executeRawUnsafe(
        'INSERT INTO search_term (term, kind, search_text) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING',
        t.map((x) => x.term),
        t.map((x) => x.kind),
        t.map((x) => x.searchText),
      );
    }
    for (const snapshot of snapshots) await tx.stage(ImplementationPublished, snapshot);
    return results;
  }

  /** One implementation row in its own transaction (the fallback of a failed chunk, and repeated codes). */
  private async importImplementation(
    index: number,
    row: ImplementationExchangeRow,
    actor: string,
  ): Promise<ImportRowResult> {
    const { implementationCode: _declaredCode, declared, publish, ...draft } = row;
    const key = `${draft.baseCode}|${draft.level}|${draft.regionCode}|${draft.implementingBody.uscc}`;
    let saved: { code: string; changed: boolean } | undefined;
    try {
      return await this.store.messaging.transaction(async (tx: CatalogTx) => {
        const existed = await tx.implementation.count({
          where: {
            baseCode: draft.baseCode,
            level: draft.level,
            regionCode: draft.regionCode,
            bodyUscc: draft.implementingBody.uscc,
          },
        });
        saved = await this.implementations.saveDraft(tx, draft, { upsert: true, declared: declared ?? {} });
        let status: ImportRowStatus = !saved.changed ? 'unchanged' : existed > 0 ? 'updated' : 'created';
        let version: number | undefined;
        if (publish) {
          const result = await this.implementations.publishInTx(tx, saved.code, actor);
          version = result.version;
          if (result.published) status = 'published';
        }
        return {
          kind: 'implementation' as const,
          index,
          key,
          status,
          implementationCode: saved.code,
          ...(version ? { version } : {}),
        };
      });
    } catch (err) {
      const error = errorOf(err);
      if (error.code === 'CONSISTENCY_DEVIATION' && saved) {
        // Keep the draft (so the consistency report shows it) but never publish a deviating implementation.
        await this.store.messaging.transaction((tx) =>
          this.implementations.saveDraft(tx, draft, { upsert: true, declared: declared ?? {} }),
        );
        return {
          kind: 'implementation',
          index,
          key,
          status: 'deviation',
          implementationCode: saved.code,
          error,
        };
      }
      return { kind: 'implementation', index, key, status: 'error', error };
    }
  }

  /**
   * Starts an import in the background and returns its job id at once; `job(id)` shows progress
   * (rows done of total) and, when finished, the report. Safe to re-run: imports are idempotent.
   */
  async startJob(doc: CatalogExchange, actor: string): Promise<{ jobId: string }> {
    const id = randomUUID();
    const total =
      doc.regions.length + doc.departments.length + doc.baseItems.length + doc.implementations.length;
    await this.jobs.start(id, total, actor);
    let lastWrite = 0;
    const progress: ImportProgress = (done) => {
      const now = Date.now();
      if (now - lastWrite < 250 && done < total) return;
      lastWrite = now;
      void this.jobs.progress(id, done).catch(() => undefined);
    };
    void this.importParsed(doc, actor, progress)
      .then((report) => this.jobs.finish(id, total, report))
      .catch((err: unknown) => this.jobs.fail(id, err instanceof Error ? err.message : String(err)))
      .catch(() => undefined);
    return { jobId: id };
  }

  async job(id: string): Promise<ImportJob> {
    const job = await this.jobs.find(id);
    if (!job) throw AppError.notFound('import job', id);
    return job;
  }

  /** Jobs left running by a stopped process are marked interrupted (re-run the import: it is idempotent). */
  markInterruptedJobs(): Promise<number> {
    return this.jobs.failRunning('interrupted by a restart; run the import again (it is idempotent)');
  }

  /** The whole catalog in the exchange shape (drafts; `publish` = currently published). */
  async export(): Promise<CatalogExchange> {
    const prisma = this.store.prisma;
    const [regions, departments, baseItems, impls] = await Promise.all([
      this.reference.regions(),
      this.reference.departments(),
      this.baseItems.items.all(),
      prisma.implementation.findMany({ orderBy: { code: 'asc' } }),
    ]);
    return CatalogExchange.parse({
      format: 'hall-catalog/1',
      regions: regions.map((r) => ({
        code: r.code,
        name: r.name,
        kind: r.kind,
        ...(r.parentCode ? { parentCode: r.parentCode } : {}),
      })),
      departments: departments.map((d) => ({ code: d.code, name: d.name })),
      baseItems: baseItems.map(baseItemInputOf),
      implementations: impls.map((i) => ({
        ...ImplementationDraft.parse(i.draft),
        ...(i.declared && Object.keys(i.declared as object).length > 0 ? { declared: i.declared } : {}),
        publish: i.status === 'published',
      })),
    });
  }
}
