import { Injectable } from '@nestjs/common';
import {
  ImplementationPublished,
  type ImplementationExchangeRow,
  type ImplementationInput,
  type ImportRowResult,
  type ImportRowStatus,
} from '@hall/contracts';
import type { BaseItemsRepository } from '../../base-items/base-items.repository.js';
import type { BulkTx, CatalogStore } from '../../catalog.store.js';
import { CatalogErrorCode } from '../../catalog.errors.js';
import { implementationCode } from '../../implementations/implementation-code.js';
import { checkImplementationRules } from '../../implementations/implementation-rules.js';
import type { ImplementationsService } from '../../implementations/implementations.service.js';
import {
  addSearchTerms,
  implementationExistsAt,
  insertPublishedVersions,
  storedImplementationStates,
  upsertImplementationRows,
  upsertSearchEntries,
} from '../implementation-import.repository.js';
import { errorOf, planChunk, rowKey, type CachedLookups, type ValidRow } from '../import-chunk.js';
import type { ReferenceDataRepository } from '../reference-data.repository.js';

/** Implementation rows validated, compared and written together in one transaction. */
export const IMPORT_CHUNK = 500;

/**
 * Imports the implementation rows of an exchange document (drafts, and the next version of those marked
 * `publish`). Rows go in chunks of {@link IMPORT_CHUNK}: each chunk is validated in memory against lookups
 * cached for the whole import (regions, departments, base items), compared with the stored rows read in one
 * query, and written in bulk in ONE transaction with its versions, search entries and events. A row that
 * fails validation is reported and skipped; if a chunk's bulk write fails, that chunk is redone row by row
 * (one transaction each), so the report still names the failing row. A code met twice in one file is
 * imported row by row after the rest, in file order.
 */
@Injectable()
export class ImportImplementations {
  constructor(
    private readonly store: Pick<CatalogStore, 'bulkTransaction' | 'messaging'>,
    private readonly implementations: Pick<ImplementationsService, 'rules' | 'saveDraft' | 'publishInTx'>,
    private readonly reference: Pick<ReferenceDataRepository, 'regions' | 'departments'>,
    private readonly baseItems: Pick<BaseItemsRepository, 'byCodes'>,
  ) {}

  /** The rows' report, in file order; `tick` is called once per row done. */
  async execute(
    all: readonly ImplementationExchangeRow[],
    actor: string,
    tick: () => void = () => undefined,
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
        for (const [index, row] of chunk) chunkResults.push(await this.importRow(index, row, actor));
      }
      for (const r of chunkResults) {
        results.push(r);
        tick();
      }
    }
    for (const [index, row] of later) {
      results.push(await this.importRow(index, row, actor));
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
      this.baseItems.byCodes(baseCodes),
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

  /** One chunk: rules in memory, one read of the stored rows, the bulk writes and the events. */
  private async importChunk(
    tx: BulkTx,
    chunk: ReadonlyArray<[number, ImplementationExchangeRow]>,
    lookups: CachedLookups,
    actor: string,
  ): Promise<ImportRowResult[]> {
    const rejected: ImportRowResult[] = [];
    const valid: ValidRow[] = [];
    for (const [index, row] of chunk) {
      const { implementationCode: _declaredCode, declared, publish, ...raw } = row;
      const key = rowKey(raw);
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
        rejected.push({ kind: 'implementation', index, key, status: 'error', error: errorOf(err) });
      }
    }
    const stored = await storedImplementationStates(
      tx,
      valid.map((v) => v.code),
    );
    const publishedAt = new Date();
    const plan = planChunk(valid, stored, lookups, publishedAt);
    await upsertImplementationRows(tx, plan.writes);
    if (plan.versions.length > 0) {
      await insertPublishedVersions(tx, plan.versions, publishedAt, actor);
      await upsertSearchEntries(tx, plan.entries, publishedAt);
      await addSearchTerms(tx, plan.terms);
    }
    for (const snapshot of plan.snapshots) await tx.stage(ImplementationPublished, snapshot);
    return [...rejected, ...plan.results];
  }

  /** One implementation row in its own transaction (the fallback of a failed chunk, and repeated codes). */
  private async importRow(
    index: number,
    row: ImplementationExchangeRow,
    actor: string,
  ): Promise<ImportRowResult> {
    const { implementationCode: _declaredCode, declared, publish, ...draft } = row;
    const key = rowKey(draft);
    let saved: { code: string; changed: boolean } | undefined;
    try {
      return await this.store.messaging.transaction(async (tx) => {
        const existed = await implementationExistsAt(tx, {
          baseCode: draft.baseCode,
          level: draft.level,
          regionCode: draft.regionCode,
          bodyUscc: draft.implementingBody.uscc,
        });
        saved = await this.implementations.saveDraft(tx, draft, { upsert: true, declared: declared ?? {} });
        let status: ImportRowStatus = !saved.changed ? 'unchanged' : existed ? 'updated' : 'created';
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
      if (error.code === CatalogErrorCode.ConsistencyDeviation && saved) {
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
}
