import { testDatabaseKinds } from '@hall/persistence';
import { AgencyGuide, PublicItemPage, type PublicItemSummary } from '@hall/contracts';
import { strictDeep } from '@hall/platform';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { disclosureService } from '../src/index.js';
import { ItemsService } from '../src/items/items.service.js';

const kinds = await testDatabaseKinds();
const api = '/api/disclosure';

/**
 * The public side on the demo data the embedded hall seeds on its first start: the 目录 of 市场监督管理局 (≥ 30
 * items, all five 五公开 categories, every key-area 专栏, policies with their 政策解读), search by Chinese words and by
 * pinyin (full and initials), and the agency's 政府信息公开指南. No login anywhere.
 */
describe.each(kinds)('disclosure public pages on the demo data, %s', (kind) => {
  let h: ServiceHarness;
  let demo: PublicItemSummary[];

  const search = async (query: Record<string, string>) => {
    const res = await request(h.url)
      .get(`${api}/public/items`)
      .query({ pageSize: '100', ...query });
    expect(res.status).toBe(200);
    return PublicItemPage.parse(res.body);
  };
  const ids = (page: PublicItemPage) => page.items.map((i) => i.id).sort();
  const count = async (sql: string) => Number((await h.database.db.sql.query<{ n: string }>(sql))[0]?.n);

  beforeAll(async () => {
    h = await startServiceForTest(disclosureService, { db: kind, seedDemoData: true });
    demo = (await search({ agency: 'market-regulation' })).items;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('seeds one agency with ≥ 30 published items across the five categories, every key area and 政策解读', async () => {
    expect(demo.length).toBeGreaterThanOrEqual(30);
    expect(new Set(demo.map((i) => i.openCategory))).toEqual(
      new Set(['decision', 'execution', 'management', 'service', 'result']),
    );
    expect(new Set(demo.flatMap((i) => i.keyArea ?? []))).toEqual(
      new Set([
        'budget',
        'three-public',
        'housing',
        'food-drug',
        'environment',
        'work-safety',
        'pricing',
        'land-expropriation',
      ]),
    );
    expect(new Set(demo.map((i) => i.indexNo)).size).toBe(demo.length);
    expect(demo.every((i) => /^330100-SCJG\/2026-(JC|ZX|GL|FW|JG)-\d{5}$/.test(i.indexNo))).toBe(true);
    expect(demo.every((i) => i.publishedOn >= i.writtenOn)).toBe(true);
    const policies = demo.filter((i) => i.kind === 'policy');
    expect(policies.length).toBeGreaterThanOrEqual(3);
    for (const p of policies) {
      const detail = await request(h.url).get(`${api}/public/items/${p.id}`);
      expect(detail.body.interpretations.length).toBe(1);
    }
    // As the workflow records them: one history entry and one published event per item.
    expect(await count('SELECT count(*)::text AS n FROM disclosure_item_version')).toBe(demo.length);
    expect(
      await count(`SELECT count(*)::text AS n FROM outbox WHERE type = 'disclosure.item.published'`),
    ).toBe(demo.length);
    const cat = await request(h.url).get(`${api}/public/agencies/market-regulation`);
    const perCategory = (cat.body as { categories: Array<{ count: number }> }).categories;
    expect(perCategory.every((c) => c.count > 0)).toBe(true);
    expect(perCategory.reduce((n, c) => n + c.count, 0)).toBe(demo.length);
  });

  it('finds items by pinyin in full and as initials of the title, 主题分类 or key area', async () => {
    const budget = demo
      .filter((i) => i.keyArea === 'budget')
      .map((i) => i.id)
      .sort();
    expect(budget.length).toBeGreaterThanOrEqual(2);
    // 财政预决算 (the key area): initials and full pinyin, any case, spaces ignored.
    expect(ids(await search({ q: 'czyjs' }))).toEqual(budget);
    expect(ids(await search({ q: 'CaiZheng YuJueSuan' }))).toEqual(budget);
    // caizheng: the 财政预决算 专栏 and the 财政资金 theme ("三公"经费 accounts) — and nothing else.
    const caizheng = await search({ q: 'caizheng' });
    expect(ids(caizheng)).toEqual(expect.arrayContaining(budget));
    expect(caizheng.items.some((i) => i.keyArea === 'three-public')).toBe(true);
    expect(caizheng.items.every((i) => i.keyArea === 'budget' || i.topic === '财政资金')).toBe(true);
    // Pinyin of a title: 保障性住房 → bzxzf.
    const housing = await search({ q: 'bzxzf' });
    expect(housing.total).toBeGreaterThanOrEqual(2);
    expect(housing.items.every((i) => i.title.includes('保障性') || i.keyArea === 'housing')).toBe(true);
    // Filters still apply to a pinyin keyword.
    const decided = await search({ q: 'czyjs', category: 'decision' });
    expect(decided.total).toBe(
      demo.filter((i) => i.keyArea === 'budget' && i.openCategory === 'decision').length,
    );
    expect(decided.total).toBeLessThan(budget.length);
  });

  it('misses what is not there: pinyin and Chinese of words no item has, pinyin of body words', async () => {
    for (const q of ['hunyindengji', 'hydj', '婚姻登记', 'xyz']) expect((await search({ q })).total).toBe(0);
    expect((await search({ q: 'czyjs', category: 'execution' })).total).toBe(0);
    // The body is searched in Chinese only: 钢筋 is in a body, not in a title, theme or area.
    expect((await search({ q: '钢筋' })).total).toBe(1);
    expect((await search({ q: 'gangjin' })).total).toBe(0);
    // Chinese words still match the title and the body as before.
    expect((await search({ q: '三公' })).total).toBeGreaterThanOrEqual(2);
    const long = await request(h.url)
      .get(`${api}/public/items`)
      .query({ q: 'c'.repeat(81) });
    expect(long.status).toBe(400);
    expect(long.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(long.body)).toContain('q');
  });

  it('fills the pinyin search text of items written before it existed', async () => {
    await h.database.db.sql.query(`UPDATE disclosure_item SET search_text = ''`);
    expect((await search({ q: 'czyjs' })).total).toBe(0);
    expect(await h.app.get(ItemsService).fillSearchText()).toBe(demo.length);
    expect((await search({ q: 'czyjs' })).total).toBeGreaterThanOrEqual(2);
    expect(await h.app.get(ItemsService).fillSearchText()).toBe(0);
  });

  it('serves each agency its 政府信息公开指南 without login, in the shape of the contract', async () => {
    const res = await request(h.url).get(`${api}/public/agencies/market-regulation/guide`);
    expect(res.status).toBe(200);
    const guide = strictDeep(AgencyGuide).parse(res.body);
    expect(guide).toMatchObject({
      departmentCode: 'market-regulation',
      departmentName: '市场监督管理局',
      agencyCode: '330100-SCJG',
      office: { phone: '0571-8600 0202', postcode: '310016' },
      scheme: { indexNoExample: '330100-SCJG/2026-JC-00001' },
      request: { answerWorkingDays: 20, extensionWorkingDays: 20, feeCharged: false },
      remedies: { reviewDays: 60, litigationMonths: 6, reviewBody: '杭州市人民政府' },
    });
    expect(guide.scheme.categories.map((c) => c.code)).toEqual(['JC', 'ZX', 'GL', 'FW', 'JG']);
    expect(guide.scheme.keyAreas).toHaveLength(8);
    expect(guide.request.channels.map((c) => c.channel)).toEqual(['online', 'in-person', 'post']);
    expect(guide.request.channels[1]?.how).toContain(guide.office.address);
    // Another agency: its own office and 索引号.
    const health = await request(h.url).get(`${api}/public/agencies/health-commission/guide`);
    expect(health.body.agencyCode).toBe('330100-WSJK');
    expect(health.body.office.phone).not.toBe(guide.office.phone);
    const none = await request(h.url).get(`${api}/public/agencies/nowhere/guide`);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('DISCLOSURE_AGENCY_NOT_FOUND');
    const bad = await request(h.url).get(`${api}/public/agencies/Market_1/guide`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
