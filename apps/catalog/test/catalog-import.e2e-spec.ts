import { ImplementationPublished, LT, Topics } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { catalogService } from '../src/index.js';
import { IMPORT_CHUNK } from '../src/exchange/usecases/import-implementations.js';
import { BODIES, catalogDoc, FOOD_BASE, foodDraft, uscc } from './factories/catalog.factory.js';

const kinds = await testDatabaseKinds();

/** A body of the 西湖区 market regulator family with a valid USCC made from `n`. */
const bodyNo = (n: number) => ({
  ...BODIES.xihuMarket,
  uscc: uscc(`11330106MB${String(n).padStart(7, '0')}`),
});

interface RowResult {
  kind: string;
  index: number;
  status: string;
  implementationCode?: string;
  version?: number;
  error?: { code: string; field?: string };
}

async function publishedEvents(h: ServiceHarness): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const [row] = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
    );
    if (Number(row?.n) === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return h.transport
    .read(Topics.catalogImplementation)
    .filter((m) => (JSON.parse(m.value) as { type: string }).type === ImplementationPublished.type).length;
}

describe.each(kinds)('catalog bulk import on %s', (kind) => {
  let h: ServiceHarness;
  let admin: string;
  const total = IMPORT_CHUNK + 100;
  const bad = new Map<number, string>([
    [3, 'PROMISED_LIMIT_EXCEEDS_LEGAL'],
    [IMPORT_CHUNK + 7, 'REGION_UNKNOWN'],
  ]);
  const deviating = 11;
  const repeated = 20; // row `total` repeats row 20's implementation with another promised limit
  const rows = () => [
    ...Array.from({ length: total }, (_, i) => {
      if (bad.get(i) === 'PROMISED_LIMIT_EXCEEDS_LEGAL')
        return foodDraft({ implementingBody: bodyNo(i), promisedLimitDays: 99 });
      if (bad.get(i) === 'REGION_UNKNOWN')
        return foodDraft({ implementingBody: bodyNo(i), regionCode: '330199', parentRegionCode: undefined });
      if (i === deviating)
        return { ...foodDraft({ implementingBody: bodyNo(i) }), declared: { name: '食品经营许可证核发' } };
      return foodDraft({ implementingBody: bodyNo(i) });
    }),
    foodDraft({ implementingBody: bodyNo(repeated), promisedLimitDays: 3 }),
  ];

  beforeAll(async () => {
    h = await startServiceForTest(catalogService, { db: kind });
    admin = await h.tokenFor('catalog.admin');
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  const importDoc = (implementations: unknown[]) =>
    request(h.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${admin}`)
      .send(catalogDoc({ implementations: implementations as never }));

  it('imports more than one chunk with a report per row in file order, bad rows skipped, a repeated code last', async () => {
    const res = await importDoc(rows());
    expect(res.status).toBe(200);
    const impl = (res.body.rows as RowResult[]).filter((r) => r.kind === 'implementation');
    expect(impl.map((r) => r.index)).toEqual(Array.from({ length: total + 1 }, (_, i) => i));
    for (const [index, code] of bad) expect(impl[index]).toMatchObject({ status: 'error', error: { code } });
    expect(impl[deviating]).toMatchObject({
      status: 'deviation',
      error: { code: 'CONSISTENCY_DEVIATION', field: 'name' },
    });
    expect(impl[repeated]).toMatchObject({ status: 'published', version: 1 });
    expect(impl[total]).toMatchObject({
      status: 'published',
      version: 2,
      implementationCode: impl[repeated]?.implementationCode,
    });
    expect(res.body.totals.implementation).toEqual({ published: total - 2, error: 2, deviation: 1 });
    const [stored] = await h.database.db.sql.query<{ n: number; drafts: number }>(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'draft')::int AS drafts FROM implementation",
    );
    expect(stored).toEqual({ n: total - 2, drafts: 1 });
    expect(await publishedEvents(h)).toBe(total - 2);
    const latest = await request(h.url).get(
      `/api/catalog/implementations/${impl[repeated]?.implementationCode ?? ''}`,
    );
    expect(latest.body).toMatchObject({
      version: 2,
      promisedLimitDays: 3,
      baseItem: { name: FOOD_BASE.name },
    });
    const search = await request(h.url)
      .get('/api/catalog/implementations')
      .query({ q: 'spjy', region: '330106', pageSize: 1 });
    expect(search.body).toMatchObject({ total: total - 3, totalExact: true });
  });

  it('changes nothing and emits nothing when the same file is imported again (once its rows agree)', async () => {
    const before = await publishedEvents(h);
    const res = await importDoc(rows());
    const impl = (res.body.rows as RowResult[]).filter((r) => r.kind === 'implementation');
    // Every row is unchanged except the two that name the same implementation with different content: row 20
    // (promised 7) and the last row (promised 3) each change it again, so each publishes a version.
    expect(res.body.totals.implementation).toEqual({
      unchanged: total - 4,
      error: 2,
      deviation: 1,
      published: 2,
    });
    expect(impl[deviating]).toMatchObject({ status: 'deviation' });
    expect(await publishedEvents(h)).toBe(before + 2);
    const third = await importDoc(rows().slice(0, total));
    expect(third.body.totals.implementation).toEqual({
      unchanged: total - 4,
      published: 1,
      error: 2,
      deviation: 1,
    });
    const fourth = await importDoc(rows().slice(0, total));
    expect(fourth.body.totals.implementation).toEqual({ unchanged: total - 3, error: 2, deviation: 1 });
    expect(await publishedEvents(h)).toBe(before + 3);
  });

  it('maps the old short licence type keys of an older export to 证照类型代码; the same rows with the codes are unchanged', async () => {
    const legacy = foodDraft({ implementingBody: bodyNo(total + 50) });
    const withKeys = {
      ...legacy,
      materials: legacy.materials.map((m) =>
        'replaceableByLicenceTypes' in m ? { ...m, replaceableByLicenceTypes: ['BL', 'JY'] } : m,
      ),
      results: [
        { ...legacy.results[0], licenceTypeCode: 'JY' },
        { ...legacy.results[1], licenceTypeCode: 'PHS' },
      ],
    };
    const res = await importDoc([withKeys]);
    const [row] = (res.body.rows as RowResult[]).filter((r) => r.kind === 'implementation');
    expect(row).toMatchObject({ status: 'published', version: 1 });
    const stored = await request(h.url).get(`/api/catalog/implementations/${row?.implementationCode ?? ''}`);
    expect(stored.body.results.map((r: { licenceTypeCode: string }) => r.licenceTypeCode)).toEqual([
      LT.JY,
      LT.PHS,
    ]);
    expect(
      stored.body.materials.find((m: { id: string }) => m.id === 'licence').replaceableByLicenceTypes,
    ).toEqual([LT.BL, LT.JY]);
    await publishedEvents(h);
    const [event] = h.transport
      .read(Topics.catalogImplementation)
      .map(
        (m) =>
          JSON.parse(m.value) as {
            type: string;
            payload: { implementationCode: string; results: Array<{ licenceTypeCode: string }> };
          },
      )
      .filter(
        (e) =>
          e.type === ImplementationPublished.type && e.payload.implementationCode === row?.implementationCode,
      );
    expect(event?.payload.results.map((r) => r.licenceTypeCode)).toEqual([LT.JY, LT.PHS]);
    const withCodes = {
      ...legacy,
      materials: legacy.materials.map((m) =>
        'replaceableByLicenceTypes' in m ? { ...m, replaceableByLicenceTypes: [LT.BL, LT.JY] } : m,
      ),
    };
    const again = await importDoc([withCodes]);
    expect((again.body.rows as RowResult[]).find((r) => r.kind === 'implementation')).toMatchObject({
      status: 'unchanged',
    });
  });
});
