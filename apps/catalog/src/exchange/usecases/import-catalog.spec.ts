import { describe, expect, it } from '@jest/globals';
import { AppError } from '@hall/platform';
import { CatalogExchange, type ImportRowResult } from '@hall/contracts';
import { catalogDoc, FOOD_BASE } from '../../../test/factories/catalog.factory.js';
import type { CatalogStore } from '../../catalog.store.js';
import { ImportCatalog } from './import-catalog.js';

function harness(
  opts: { existing?: string[]; unchanged?: string[]; failing?: string; unchangedSynonym?: string } = {},
) {
  const regions: string[] = [];
  const synonyms: string[] = [];
  const baseItems: string[] = [];
  const useCase = new ImportCatalog(
    { messaging: { transaction: (fn: (tx: never) => unknown) => fn(undefined as never) } } as unknown as Pick<
      CatalogStore,
      'messaging'
    >,
    {
      upsertRegion: (r) => {
        regions.push(r.code);
        return Promise.resolve('created');
      },
      upsertDepartment: () => Promise.resolve('unchanged'),
    },
    {
      items: { exists: (code: string) => Promise.resolve(opts.existing?.includes(code) ?? false) } as never,
      upsertInTx: (_tx, b) => {
        if (b.code === opts.failing) throw AppError.validation('parentCode', `no base item ${b.parentCode}`);
        baseItems.push(b.code);
        return Promise.resolve({ code: b.code, changed: !opts.unchanged?.includes(b.code) });
      },
    },
    {
      execute: (rows, _actor, tick) => {
        const done: ImportRowResult[] = rows.map((_, index) => ({
          kind: 'implementation',
          index,
          key: String(index),
          status: 'published',
        }));
        for (const _ of rows) tick?.();
        return Promise.resolve(done);
      },
    },
    {
      upsert: (s) => {
        synonyms.push(s.alias);
        return Promise.resolve(s.alias === opts.unchangedSynonym ? 'unchanged' : 'created');
      },
    },
  );
  return { useCase, regions, baseItems, synonyms };
}

const SUB = { ...FOOD_BASE, code: '000140100001', name: '食品经营许可（变更）', parentCode: FOOD_BASE.code };

describe('ImportCatalog', () => {
  it('imports regions parents first and main base items before their sub-items', async () => {
    const h = harness();
    const doc = catalogDoc({ baseItems: [SUB, FOOD_BASE] });
    doc.regions = [...(doc.regions ?? [])].reverse();
    await h.useCase.execute(CatalogExchange.parse(doc), 'admin');
    expect(h.regions).toEqual(['330000', '330200', '330100', '330203', '330106']);
    expect(h.baseItems).toEqual([FOOD_BASE.code, SUB.code]);
  });

  it('counts every row by kind and status: created, updated, unchanged, error', async () => {
    const h = harness({ existing: [FOOD_BASE.code], failing: SUB.code });
    const report = await h.useCase.execute(
      CatalogExchange.parse(catalogDoc({ baseItems: [FOOD_BASE, SUB] })),
      'admin',
    );
    expect(report.totals).toEqual({
      region: { created: 5 },
      department: { unchanged: 3 },
      baseItem: { updated: 1, error: 1 },
      implementation: { published: 2 },
    });
    expect(report.rows.find((r) => r.key === SUB.code)).toMatchObject({
      status: 'error',
      error: { code: 'VALIDATION_FAILED', field: 'parentCode' },
    });
  });

  it('says an unchanged base item is unchanged', async () => {
    const h = harness({ existing: [FOOD_BASE.code], unchanged: [FOOD_BASE.code] });
    const report = await h.useCase.execute(CatalogExchange.parse(catalogDoc()), 'admin');
    expect(report.totals.baseItem).toEqual({ unchanged: 1 });
  });

  it('reports progress every 50 rows and at the end', async () => {
    const h = harness();
    const regions = Array.from({ length: 60 }, (_, i) => ({
      code: `33${String(i).padStart(4, '0')}`,
      name: `区${i}`,
      kind: 'province' as const,
    }));
    const seen: Array<[number, number]> = [];
    await h.useCase.execute(
      CatalogExchange.parse(catalogDoc({ regions, departments: [], baseItems: [], implementations: [] })),
      'admin',
      (done, total) => seen.push([done, total]),
    );
    expect(seen).toEqual([
      [50, 60],
      [60, 60],
    ]);
  });

  it('imports search synonyms after the items, normalised, and counts them', async () => {
    const h = harness({ unchangedSynonym: 'shebao' });
    const report = await h.useCase.execute(
      CatalogExchange.parse(
        catalogDoc({
          regions: [],
          departments: [],
          baseItems: [],
          implementations: [],
          synonyms: [
            { alias: '营业执照', expansions: ['企业设立登记'] },
            { alias: 'SheBao', expansions: ['社会保障卡'] },
            { alias: 'Yi Bao', expansions: ['yibao'] },
          ],
        }),
      ),
      'admin',
    );
    expect(h.synonyms).toEqual(['营业执照', 'shebao']);
    expect(report.totals).toEqual({ synonym: { created: 1, unchanged: 1, error: 1 } });
    expect(report.rows[2]).toMatchObject({
      kind: 'synonym',
      key: 'Yi Bao',
      status: 'error',
      error: { code: 'VALIDATION_FAILED', field: 'expansions.0' },
    });
  });
});
