import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { catalogService } from '../src/index.js';
import { HOT_SEARCHES } from '../src/search/hot-searches.js';

const kinds = await testDatabaseKinds();

interface Hit {
  implementationCode: string;
  name: string;
  regionCode: string;
}

/** Search synonyms, hot searches, 您是不是要找 and region scope against the demo catalog (seeded at start). */
describe.each(kinds)('catalog search synonyms on %s', (kind) => {
  let h: ServiceHarness;
  let admin: string;
  const search = (query: Record<string, string | number>) =>
    request(h.url).get('/api/catalog/implementations').query(query);
  const names = (res: request.Response) => (res.body.items as Hit[]).map((i) => i.name);
  const synonymsPath = '/api/catalog/search-synonyms';

  beforeAll(async () => {
    h = await startServiceForTest(catalogService, { db: kind, seedDemoData: true });
    admin = `Bearer ${await h.tokenFor('catalog.admin')}`;
  }, 240_000);
  afterAll(async () => {
    await h?.close();
  });

  it('every hot search of the home page finds at least one item of the demo catalog', async () => {
    const hot = await request(h.url).get('/api/catalog/hot-searches');
    expect(hot.status).toBe(200);
    expect(hot.body).toEqual([...HOT_SEARCHES]);
    expect(HOT_SEARCHES).toEqual(expect.arrayContaining(['营业执照', '社保', '身份证']));
    for (const q of HOT_SEARCHES) {
      const res = await search({ q });
      expect({ q, status: res.status, found: res.body.total > 0 }).toEqual({ q, status: 200, found: true });
    }
  });

  it('expands a keyword meeting a synonym (the alias, its pinyin or initials, or a longer keyword holding it)', async () => {
    for (const q of ['营业执照', 'yingyezhizhao', 'YYZZ', '营业执照办理']) {
      const res = await search({ q, pageSize: 50 });
      expect(res.status).toBe(200);
      expect(res.body.expandedBy).toEqual(['营业执照']);
      expect(names(res)).toEqual(expect.arrayContaining(['企业设立登记', '个体工商户登记']));
      expect(res.body.suggestions).toEqual([]);
    }
    const social = await search({ q: '社保', pageSize: 50 });
    expect(names(social)).toEqual(expect.arrayContaining(['社会保障卡申领', '城乡居民基本养老保险参保登记']));
    // A keyword meeting no synonym is not expanded.
    const food = await search({ q: '食品经营许可' });
    expect(food.body.expandedBy).toEqual([]);
    expect(food.body.total).toBeGreaterThan(0);
  });

  it('ranks what the keyword meets itself before what a synonym reaches', async () => {
    const res = await request(h.url)
      .post(synonymsPath)
      .set('authorization', admin)
      .send({ alias: '户口迁移', expansions: ['居住证'] });
    expect(res.status).toBe(201);
    const found = await search({ q: '户口迁移', pageSize: 50 });
    const list = names(found);
    expect(list).toEqual(expect.arrayContaining(['户口迁移审批', '居住证申领']));
    expect(list.lastIndexOf('户口迁移审批')).toBeLessThan(list.indexOf('居住证申领'));
    await request(h.url)
      .delete(`${synonymsPath}/${encodeURIComponent('户口迁移')}`)
      .set('authorization', admin);
  });

  it('lets the catalog admin add, change and remove a synonym, audited; search follows at once', async () => {
    const before = await search({ q: '开药铺' });
    expect(before.body.total).toBe(0);

    const added = await request(h.url)
      .post(synonymsPath)
      .set('authorization', admin)
      .send({ alias: ' 开药铺 ', expansions: ['药品零售企业许可'] });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      alias: '开药铺',
      expansions: ['药品零售企业许可'],
      updatedBy: 'catalog.admin',
    });
    const listed = await request(h.url).get(synonymsPath).set('authorization', admin);
    expect(listed.status).toBe(200);
    expect((listed.body as Array<{ alias: string }>).map((s) => s.alias)).toContain('开药铺');
    expect(names(await search({ q: '开药铺' }))).toEqual(['药品零售企业许可', '药品零售企业许可']);

    const changed = await request(h.url)
      .put(`${synonymsPath}/${encodeURIComponent('开药铺')}`)
      .set('authorization', admin)
      .send({ expansions: ['药品批发企业许可'] });
    expect(changed.status).toBe(200);
    expect(changed.body.expansions).toEqual(['药品批发企业许可']);
    expect(names(await search({ q: '开药铺' }))).toEqual(['药品批发企业许可']);

    const audit = await h.database.db.sql.query<{ action: string; object_type: string; outcome: number }>(
      `SELECT action, object_type, outcome FROM audit_log WHERE object_type = 'search-synonyms' ORDER BY id`,
    );
    expect(audit.map((a) => a.outcome)).toEqual(expect.arrayContaining([201, 200]));

    const removed = await request(h.url)
      .delete(`${synonymsPath}/${encodeURIComponent('开药铺')}`)
      .set('authorization', admin);
    expect(removed.status).toBe(204);
    expect((await search({ q: '开药铺' })).body.total).toBe(0);
    const again = await request(h.url)
      .delete(`${synonymsPath}/${encodeURIComponent('开药铺')}`)
      .set('authorization', admin);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('NOT_FOUND');
  });

  it('refuses bad input with a structured error naming the field, and changes nothing', async () => {
    const count = async () =>
      ((await request(h.url).get(synonymsPath).set('authorization', admin)).body as []).length;
    const n = await count();
    const cases: Array<[unknown, string]> = [
      [{ alias: '', expansions: ['企业开办'] }, 'alias'],
      [{ alias: '开店', expansions: [] }, 'expansions'],
      [{ alias: '开店', expansions: ['开店'] }, 'expansions.0'],
      [{ alias: '开店', expansions: ['企业开办'], extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await request(h.url)
        .post(synonymsPath)
        .set('authorization', admin)
        .send(body as object);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toContain(field);
    }
    const dup = await request(h.url)
      .post(synonymsPath)
      .set('authorization', admin)
      .send({ alias: '营业执照', expansions: ['企业开办'] });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('SYNONYM_EXISTS');
    const missing = await request(h.url)
      .put(`${synonymsPath}/${encodeURIComponent('没有的别名')}`)
      .set('authorization', admin)
      .send({ expansions: ['企业开办'] });
    expect(missing.status).toBe(404);
    expect(await count()).toBe(n);
  });

  it('keeps the synonyms to the catalog admin (admin may read them)', async () => {
    expect((await request(h.url).get(synonymsPath)).status).toBe(401);
    const applicant = `Bearer ${await h.tokenFor('zhangsan')}`;
    expect((await request(h.url).get(synonymsPath).set('authorization', applicant)).status).toBe(403);
    const adminRead = `Bearer ${await h.tokenFor('admin')}`;
    expect((await request(h.url).get(synonymsPath).set('authorization', adminRead)).status).toBe(200);
    const write = await request(h.url)
      .post(synonymsPath)
      .set('authorization', adminRead)
      .send({ alias: '开店', expansions: ['企业开办'] });
    expect(write.status).toBe(403);
  });

  it('answers a keyword that finds nothing with 您是不是要找 suggestions: close names, a misspelt pinyin', async () => {
    const swapped = await search({ q: '食品许可经营' });
    expect(swapped.body.total).toBe(0);
    expect(swapped.body.suggestions[0]).toMatch(/^食品经营许可/);
    expect(swapped.body.suggestions.length).toBeLessThanOrEqual(5);
    const pinyin = await search({ q: 'shipinjinyingxuke' });
    expect(pinyin.body.total).toBe(0);
    expect(pinyin.body.suggestions[0]).toMatch(/^食品经营许可/);
    const nothing = await search({ q: 'qqqxxz' });
    expect(nothing.body).toMatchObject({ total: 0, suggestions: [] });
    // With a region: only names available there (the 海曙 county has no 药品零售企业许可).
    const drug = await search({ q: '药品零售许可', region: '330203' });
    expect(drug.body.total).toBe(0);
    expect(drug.body.suggestions).not.toContain('药品零售企业许可');
    const drugAll = await search({ q: '药品零售许可' });
    expect(drugAll.body.suggestions).toContain('药品零售企业许可');
  });

  it('scopes results to a region: its own items and those of the regions above it', async () => {
    const scopes: Record<string, string[]> = {
      '330212': ['330212', '330200', '330000'],
      '330102': ['330102', '330100', '330000'],
    };
    for (const [region, allowed] of Object.entries(scopes)) {
      const res = await search({ q: '营业执照', region, pageSize: 50 });
      expect(res.status).toBe(200);
      expect(res.body.total).toBeGreaterThan(0);
      for (const hit of res.body.items as Hit[]) expect(allowed).toContain(hit.regionCode);
    }
    // The picker's regions: every region with its parent.
    const regions = await request(h.url).get('/api/catalog/regions');
    expect(regions.status).toBe(200);
    expect(regions.body).toContainEqual({
      code: '330212',
      name: '宁波市鄞州区',
      kind: 'county',
      parentCode: '330200',
    });
    expect(regions.body).toContainEqual({
      code: '330000',
      name: '浙江省',
      kind: 'province',
      parentCode: null,
    });
    // 企业设立登记 is exercised in Hangzhou only: not offered in a Ningbo county.
    const ningbo = await search({ q: '企业设立登记', region: '330212' });
    expect(ningbo.body.total).toBe(0);
    const hangzhou = await search({ q: '企业设立登记', region: '330102' });
    expect(hangzhou.body.total).toBeGreaterThan(0);
  });

  it('exports the synonyms with the catalog and imports them back idempotently', async () => {
    const exported = await request(h.url).get('/api/catalog/export').set('authorization', admin);
    expect(exported.status).toBe(200);
    expect(exported.body.synonyms).toEqual(
      expect.arrayContaining([
        { alias: '营业执照', expansions: ['企业设立登记', '个体工商户登记', '企业开办'] },
      ]),
    );
    const imported = await request(h.url)
      .post('/api/catalog/import')
      .set('authorization', admin)
      .send({
        format: 'hall-catalog/1',
        synonyms: [...exported.body.synonyms, { alias: '开药铺', expansions: ['药品零售企业许可'] }],
      });
    expect(imported.status).toBe(200);
    expect(imported.body.totals.synonym).toEqual({
      unchanged: exported.body.synonyms.length,
      created: 1,
    });
    expect((await search({ q: '开药铺' })).body.total).toBeGreaterThan(0);
  });
});
