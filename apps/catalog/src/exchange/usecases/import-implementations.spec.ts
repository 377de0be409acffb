import { describe, expect, it } from '@jest/globals';
import { CatalogExchange, ImplementationPublished } from '@hall/contracts';
import { catalogDoc, FOOD_BASE, foodDraft } from '../../../test/factories/catalog.factory.js';
import type { BulkTx, CatalogStore, CatalogTx } from '../../catalog.store.js';
import { implementationCode } from '../../implementations/implementation-code.js';
import { canonicalJson, sha256 } from '../../implementations/snapshot.js';
import type { StoredImplementationState } from '../implementation-import.repository.js';
import { ImportImplementations } from './import-implementations.js';

const doc = (implementations: unknown[]) => CatalogExchange.parse(catalogDoc({ implementations } as never));

const BASE_ROW = {
  ...FOOD_BASE,
  parentCode: null,
  handlingKind: null,
  competentDepartment: null,
  implementingBody: null,
};

/** An in-memory catalog: the reference data of `catalogDoc`, stored rows to compare with, and what was written. */
function harness(opts: { stored?: StoredImplementationState[]; bulkFails?: boolean } = {}) {
  const statements: string[] = [];
  const staged: unknown[] = [];
  const rowByRow: string[] = [];
  const bulk: BulkTx = {
    $queryRawUnsafe: <T>() => Promise.resolve((opts.stored ?? []) as T),
    $executeRawUnsafe: (sql: string) => {
      statements.push(sql.trim().split(/\s+/).slice(0, 3).join(' '));
      return Promise.resolve(1);
    },
    stage: (contract, payload) => {
      staged.push({ type: contract.type, payload });
      return Promise.resolve('event');
    },
  };
  const tx = { implementation: { count: () => Promise.resolve(0) } } as unknown as CatalogTx;
  const store = {
    bulkTransaction: async <T>(fn: (t: BulkTx) => Promise<T>) => {
      if (opts.bulkFails) throw new Error('deadlock');
      return fn(bulk);
    },
    messaging: { transaction: <T>(fn: (t: CatalogTx) => Promise<T>) => fn(tx) },
  } as unknown as Pick<CatalogStore, 'bulkTransaction' | 'messaging'>;
  const reference = catalogDoc();
  const useCase = new ImportImplementations(
    store,
    {
      rules: { lockedElements: new Set() },
      saveDraft: (_tx, input) => {
        const code = implementationCode(input.implementingBody.uscc, input.level, input.baseCode);
        rowByRow.push(code);
        return Promise.resolve({ code, changed: true });
      },
      publishInTx: (_tx, code) => Promise.resolve({ implementationCode: code, version: 1, published: true }),
    },
    {
      regions: () =>
        Promise.resolve(
          (reference.regions ?? []).map((r) => ({ ...r, parentCode: r.parentCode ?? null })) as never,
        ),
      departments: () => Promise.resolve(reference.departments as never),
    },
    { byCodes: () => Promise.resolve([BASE_ROW] as never) },
  );
  return { useCase, statements, staged, rowByRow };
}

describe('ImportImplementations', () => {
  it('writes a chunk of new rows in bulk (one statement per table) and publishes each with its event', async () => {
    const h = harness();
    const rows = doc([
      foodDraft(),
      foodDraft({ promisedLimitDays: 5, level: '3', regionCode: '330100', parentRegionCode: '330000' }),
    ]);
    let ticks = 0;
    const report = await h.useCase.execute(rows.implementations, 'admin', () => ticks++);
    expect(report.map((r) => [r.index, r.status, r.version])).toEqual([
      [0, 'published', 1],
      [1, 'published', 1],
    ]);
    expect(ticks).toBe(2);
    expect(h.statements).toEqual([
      'INSERT INTO implementation',
      'INSERT INTO implementation_version',
      'INSERT INTO search_entry',
      'INSERT INTO search_term',
    ]);
    expect(h.staged).toHaveLength(2);
    expect(h.staged.every((e) => (e as { type: string }).type === ImplementationPublished.type)).toBe(true);
    expect(h.rowByRow).toEqual([]);
  });

  it('reports a row that breaks a rule with its code and field, and imports the others', async () => {
    const h = harness();
    const rows = doc([
      foodDraft({ promisedLimitDays: 99 }),
      foodDraft({ level: '3', regionCode: '330100', parentRegionCode: '330000' }),
    ]);
    const report = await h.useCase.execute(rows.implementations, 'admin');
    expect(report[0]).toMatchObject({
      index: 0,
      status: 'error',
      error: { code: 'PROMISED_LIMIT_EXCEEDS_LEGAL', field: 'promisedLimitDays' },
    });
    expect(report[1]).toMatchObject({ index: 1, status: 'published' });
  });

  it('leaves an unchanged draft alone: no write, no version, no event', async () => {
    const rows = doc([{ ...foodDraft(), publish: false }]).implementations;
    const first = rows[0];
    if (!first) throw new Error('the document has no implementation row');
    const { implementationCode: _c, declared: _d, publish: _p, ...draft } = first;
    const code = implementationCode(draft.implementingBody.uscc, draft.level, draft.baseCode);
    const h = harness({
      stored: [
        {
          code,
          status: 'draft',
          currentVersion: 0,
          publishedHash: null,
          draftHash: sha256(canonicalJson(draft)),
          declared: null,
        },
      ],
    });
    const report = await h.useCase.execute(rows, 'admin');
    expect(report).toEqual([
      {
        kind: 'implementation',
        index: 0,
        key: expect.any(String),
        status: 'unchanged',
        implementationCode: code,
      },
    ]);
    expect(h.statements).toEqual([]);
    expect(h.staged).toEqual([]);
  });

  it('redoes a chunk row by row when its bulk write fails, so the report still names every row', async () => {
    const h = harness({ bulkFails: true });
    const rows = doc([
      foodDraft(),
      foodDraft({ level: '3', regionCode: '330100', parentRegionCode: '330000' }),
    ]);
    const report = await h.useCase.execute(rows.implementations, 'admin');
    expect(report.map((r) => [r.index, r.status])).toEqual([
      [0, 'published'],
      [1, 'published'],
    ]);
    expect(h.rowByRow).toHaveLength(2);
  });

  it('imports a code met twice row by row after the rest, in file order', async () => {
    const h = harness();
    const rows = doc([foodDraft(), foodDraft({ promisedLimitDays: 3 })]);
    const report = await h.useCase.execute(rows.implementations, 'admin');
    expect(report.map((r) => r.index)).toEqual([0, 1]);
    expect(h.statements[0]).toBe('INSERT INTO implementation');
    expect(h.rowByRow).toEqual([report[1]?.implementationCode]);
    expect(report[1]?.implementationCode).toBe(report[0]?.implementationCode);
  });
});
