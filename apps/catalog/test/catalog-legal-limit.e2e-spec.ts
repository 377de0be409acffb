import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { catalogService } from '../src/index.js';
import { BODIES, catalogDoc, FOOD_BASE, foodDraft } from './factories/catalog.factory.js';

const kinds = await testDatabaseKinds();

/** A base item without a legal limit: its implementations must state their own. */
const NO_LIMIT_BASE = {
  code: '000140100099',
  name: '食品小作坊登记',
  type: '20' as const,
  legalBasis: '《浙江省食品小作坊小餐饮店小食品店管理办法》',
};
const haishu = (override: Record<string, unknown> = {}) =>
  foodDraft({
    implementingBody: BODIES.haishuMarket,
    regionCode: '330203',
    parentRegionCode: '330200',
    ...override,
  });

describe.each(kinds)('legal time limit (法定办结时限) inherited from the base item on %s', (kind) => {
  let h: ServiceHarness;
  let admin: string;
  const post = (path: string, body: unknown) =>
    request(h.url)
      .post(`/api/catalog${path}`)
      .set('authorization', `Bearer ${admin}`)
      .send(body as object);
  const count = async () =>
    Number(
      (await h.database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM implementation'))[0]?.n,
    );

  beforeAll(async () => {
    h = await startServiceForTest(catalogService, { db: kind });
    admin = await h.tokenFor('catalog.admin');
    const res = await post('/import', catalogDoc({ baseItems: [FOOD_BASE, NO_LIMIT_BASE] }));
    expect(res.body.totals.implementation).toEqual({ published: 2 });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('publishes the base item limit in the snapshot (the contract is unchanged)', async () => {
    const code = `${BODIES.xihuMarket.uscc}4${FOOD_BASE.code}`;
    const snapshot = await request(h.url).get(`/api/catalog/implementations/${code}`);
    expect(snapshot.body).toMatchObject({ legalLimitDays: 20, promisedLimitDays: 7 });
    const guide = await request(h.url).get(`/api/catalog/implementations/${code}/guide`);
    expect(JSON.stringify(guide.body)).toContain('法定办结时限');
  });

  it.each([
    ['another legal limit', { legalLimitDays: 15 }, 'LEGAL_LIMIT_MISMATCH', 'legalLimitDays'],
    [
      'a promise over the inherited limit',
      { promisedLimitDays: 21 },
      'PROMISED_LIMIT_EXCEEDS_LEGAL',
      'promisedLimitDays',
    ],
    [
      'no limit where the base item has none',
      { baseCode: NO_LIMIT_BASE.code },
      'LEGAL_LIMIT_MISSING',
      'legalLimitDays',
    ],
  ])('refuses %s with 422 naming the field, saving nothing', async (_label, override, code, field) => {
    const before = await count();
    const res = await post('/implementations', haishu(override));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code, details: { field } });
    expect(res.body.message).toContain(field);
    expect(await count()).toBe(before);
  });

  it('accepts the same limit stated again, and an own limit where the base item has none', async () => {
    expect((await post('/implementations', haishu({ legalLimitDays: 20 }))).status).toBe(201);
    const own = await post(
      '/implementations',
      haishu({ baseCode: NO_LIMIT_BASE.code, legalLimitDays: 10, promisedLimitDays: 5 }),
    );
    expect(own.status).toBe(201);
    const published = await post(`/implementations/${own.body.implementationCode as string}/publish`, {});
    expect(published.body).toMatchObject({ version: 1, published: true });
    const snapshot = await request(h.url).get(
      `/api/catalog/implementations/${own.body.implementationCode as string}`,
    );
    expect(snapshot.body.legalLimitDays).toBe(10);
  });

  it('a changed base item limit reaches the next version; the consistency report shows the stale one until then', async () => {
    const code = `${BODIES.hangzhouMarket.uscc}3${FOOD_BASE.code}`;
    const patched = await request(h.url)
      .patch(`/api/catalog/base-items/${FOOD_BASE.code}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ legalLimitDays: 30 });
    expect(patched.status).toBe(200);
    expect(patched.body.legalLimitDays).toBe(30);
    const report = await request(h.url)
      .get(`/api/catalog/base-items/${FOOD_BASE.code}/consistency`)
      .set('authorization', `Bearer ${admin}`);
    expect(report.body.deviations).toContainEqual({
      implementationCode: code,
      element: 'published.legalLimitDays',
      expected: '30',
      actual: '20',
    });
    expect((await post(`/implementations/${code}/publish`, {})).body).toMatchObject({
      version: 2,
      published: true,
    });
    expect((await request(h.url).get(`/api/catalog/implementations/${code}`)).body.legalLimitDays).toBe(30);
  });

  it('exports the limit on the base item and not on its implementations', async () => {
    const exported = await request(h.url).get('/api/catalog/export').set('authorization', `Bearer ${admin}`);
    const doc = exported.body as {
      baseItems: Array<{ code: string; legalLimitDays?: number }>;
      implementations: Array<{ baseCode: string; legalLimitDays?: number }>;
    };
    expect(doc.baseItems.find((b) => b.code === FOOD_BASE.code)?.legalLimitDays).toBe(30);
    expect(doc.baseItems.find((b) => b.code === NO_LIMIT_BASE.code)?.legalLimitDays).toBeUndefined();
    expect(
      doc.implementations.filter((i) => i.baseCode === FOOD_BASE.code && i.legalLimitDays === undefined)
        .length,
    ).toBeGreaterThanOrEqual(2);
  });
});
