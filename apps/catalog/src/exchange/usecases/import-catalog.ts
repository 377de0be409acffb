import { Injectable } from '@nestjs/common';
import {
  REGION_KIND_DEPTH,
  type CatalogExchange,
  type ImportReport,
  type ImportRowResult,
} from '@hall/contracts';
import type { BaseItemsService } from '../../base-items/base-items.service.js';
import type { CatalogStore } from '../../catalog.store.js';
import { errorOf } from '../import-chunk.js';
import type { ReferenceDataRepository } from '../reference-data.repository.js';
import type { SynonymsRepository } from '../../search/synonyms.repository.js';
import { synonymData } from '../../search/usecases/synonym-steps.js';
import type { ImportImplementations } from './import-implementations.js';

export type ImportProgress = (done: number, total: number) => void;

/** Rows of every kind in an exchange document. */
export function rowCount(doc: CatalogExchange): number {
  return (
    doc.regions.length +
    doc.departments.length +
    doc.baseItems.length +
    doc.implementations.length +
    doc.synonyms.length
  );
}

/**
 * Bulk import of the national exchange shapes (JSON or the Excel workbook, already parsed with
 * `CatalogExchange`): regions, departments, base items, implementations, search synonyms. Idempotent: an unchanged row changes
 * nothing (and publishes no new version). Each row is validated in memory; a bad row is reported with its
 * field and never stops the others.
 */
@Injectable()
export class ImportCatalog {
  constructor(
    private readonly store: Pick<CatalogStore, 'messaging'>,
    private readonly reference: Pick<ReferenceDataRepository, 'upsertRegion' | 'upsertDepartment'>,
    private readonly baseItems: Pick<BaseItemsService, 'items' | 'upsertInTx'>,
    private readonly implementations: Pick<ImportImplementations, 'execute'>,
    private readonly synonyms: Pick<SynonymsRepository, 'upsert'>,
  ) {}

  async execute(
    doc: CatalogExchange,
    actor: string,
    onProgress?: ImportProgress,
    started = Date.now(),
  ): Promise<ImportReport> {
    const rows: ImportRowResult[] = [];
    const total = rowCount(doc);
    let done = 0;
    const tick = () => {
      done++;
      if (onProgress && (done % 50 === 0 || done === total)) onProgress(done, total);
    };
    // Regions parents first (province → city → county → township → village), so the hierarchy checks hold.
    const regions = [...doc.regions].sort((a, b) => REGION_KIND_DEPTH[a.kind] - REGION_KIND_DEPTH[b.kind]);
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
    rows.push(...(await this.implementations.execute(doc.implementations, actor, tick)));
    for (const [index, s] of doc.synonyms.entries()) {
      try {
        const status = await this.synonyms.upsert(synonymData(s.alias, s.expansions), actor);
        rows.push({ kind: 'synonym', index, key: s.alias, status });
      } catch (err) {
        rows.push({ kind: 'synonym', index, key: s.alias, status: 'error', error: errorOf(err) });
      }
      tick();
    }
    const totals = {} as ImportReport['totals'];
    for (const r of rows) {
      const t = (totals[r.kind] ??= {});
      t[r.status] = (t[r.status] ?? 0) + 1;
    }
    return { totals, rows, durationMs: Date.now() - started };
  }
}
