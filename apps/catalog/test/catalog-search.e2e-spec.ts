import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { catalogService } from '../src/index.js';
import { COUNT_CAP } from '../src/search/search.service.js';
import { nameSearchText, staticRank } from '../src/search/search-text.js';
import { catalogDoc, FOOD_BASE } from './factories/catalog.factory.js';
import { insertSearchEntries, type SyntheticEntry } from './factories/search.factory.js';

const kinds = await testDatabaseKinds();

interface Hit {
  implementationCode: string;
  name: string;
  level: string;
  bodyName: string;
}

describe.each(kinds)('catalog search on %s', (kind) => {
  let h: ServiceHarness;
  const search = (query: Record<string, string | number>) =>
    request(h.url).get('/api/catalog/implementations').query(query);

  beforeAll(async () => {
    h = await startServiceForTest(catalogService, { db: kind });
    const admin = await h.tokenFor('catalog.admin');
    const res = await request(h.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${admin}`)
      .send(catalogDoc());
    expect(res.body.totals.implementation).toEqual({ published: 2 });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('publishing writes the dictionary terms (name with pinyin, body, themes) and the static rank', async () => {
    const terms = await h.database.db.sql.query<{ term: string; kind: string; search_text: string }>(
      'SELECT term, kind, search_text FROM search_term ORDER BY kind, term',
    );
    expect(terms).toEqual(
      expect.arrayContaining([
        { term: FOOD_BASE.name, kind: 'name', search_text: nameSearchText(FOOD_BASE.name) },
        { term: '杭州市西湖区市场监督管理局', kind: 'body', search_text: '杭州市西湖区市场监督管理局' },
        { term: '餐饮开店', kind: 'theme', search_text: '餐饮开店' },
      ]),
    );
    expect(nameSearchText(FOOD_BASE.name)).toBe('食品经营许可 shipinjingyingxuke spjyxk');
    const ranks = await h.database.db.sql.query<{ level: string; rank: number }>(
      'SELECT level, rank FROM search_entry ORDER BY level',
    );
    expect(ranks).toEqual([
      { level: '3', rank: staticRank(FOOD_BASE.name, '3') },
      { level: '4', rank: staticRank(FOOD_BASE.name, '4') },
    ]);
  });

  it('ranks the exact name first, then a name starting with the keyword, inside a name, and bodies or themes last', async () => {
    const entries: SyntheticEntry[] = [
      { code: 'R-INSIDE', name: '小型食品经营许可证明', level: '4', regionCode: '330106' },
      { code: 'R-PREFIX', name: '食品经营许可（变更）', level: '2', regionCode: '330000' },
      {
        code: 'R-BODY',
        name: '其他事项',
        level: '4',
        regionCode: '330106',
        bodyName: '食品经营许可审查中心',
      },
      { code: 'R-THEME', name: '另一事项', level: '4', regionCode: '330106', themes: ['食品经营许可专区'] },
    ];
    await insertSearchEntries(h, entries);
    const res = await search({ q: '食品经营许可', region: '330106' });
    expect(res.status).toBe(200);
    const codes = (res.body.items as Hit[]).map((i) => i.implementationCode);
    // Exact name: the city (level 3) before the county (level 4); then prefix, inside, body/theme.
    expect(codes.slice(2)).toEqual(['R-PREFIX', 'R-INSIDE', 'R-BODY', 'R-THEME']);
    expect((res.body.items as Hit[]).slice(0, 2).map((i) => [i.name, i.level])).toEqual([
      [FOOD_BASE.name, '3'],
      [FOOD_BASE.name, '4'],
    ]);
    expect(res.body).toMatchObject({ total: 6, totalExact: true });
    // Pinyin reaches the names only (not bodies or themes).
    const pinyin = await search({ q: 'spjyxk', region: '330106' });
    expect((pinyin.body.items as Hit[]).map((i) => i.implementationCode).slice(2)).toEqual([
      'R-PREFIX',
      'R-INSIDE',
    ]);
  });

  describe('a large result set', () => {
    const many = 1_100;
    const rows: SyntheticEntry[] = Array.from({ length: many }, (_, i) => ({
      code: `M-${String(i).padStart(5, '0')}`,
      name: '测试用大量事项',
      level: i % 2 === 0 ? '4' : '3',
      regionCode: i % 2 === 0 ? '330203' : '330200',
      departmentCode: i % 3 === 0 ? 'health-commission' : 'market-regulation',
      type: i % 7 === 0 ? '20' : '01',
      audiences: i % 2 === 0 ? ['1'] : ['2'],
      themes: i % 10 === 0 ? ['开办企业'] : [],
      online: i % 5 !== 0,
      caseType: i % 4 === 0 ? '1' : '2',
    }));
    const expected = (keep: (e: SyntheticEntry) => boolean) => rows.filter(keep).length;

    beforeAll(async () => {
      await insertSearchEntries(h, rows);
    }, 60_000);

    it(`counts up to ${COUNT_CAP} and says when there are more; pages stay in rank order`, async () => {
      const first = await search({ q: '测试', region: '330203', pageSize: 100 });
      expect(first.body).toMatchObject({ total: COUNT_CAP, totalExact: false, page: 1, pageSize: 100 });
      const second = await search({ q: 'cs', region: '330203', pageSize: 100, page: 2 });
      expect(second.body.items).toHaveLength(100);
      const all = [...(first.body.items as Hit[]), ...(second.body.items as Hit[])];
      // Province/city level (3) before county level (4); no entry twice.
      expect(new Set(all.map((i) => i.implementationCode)).size).toBe(200);
      expect(all.map((i) => i.level)).toEqual([...all.map((i) => i.level)].sort());
      const browse = await search({ region: '330203' });
      expect(browse.body).toMatchObject({ total: COUNT_CAP, totalExact: false });
    });

    it.each([
      ['level', { level: '4' }, (e: SyntheticEntry) => e.level === '4'],
      ['type', { type: '20' }, (e: SyntheticEntry) => e.type === '20'],
      [
        'department',
        { dept: 'health-commission' },
        (e: SyntheticEntry) => e.departmentCode === 'health-commission',
      ],
      ['audience', { audience: '2' }, (e: SyntheticEntry) => e.audiences?.includes('2') === true],
      ['theme', { theme: '开办企业' }, (e: SyntheticEntry) => e.themes?.includes('开办企业') === true],
      ['online only', { online: '1' }, (e: SyntheticEntry) => e.online !== false],
      ['即办件', { caseType: '1' }, (e: SyntheticEntry) => e.caseType === '1'],
      [
        'several filters',
        { caseType: '1', online: '0', level: '4' },
        (e: SyntheticEntry) => e.caseType === '1' && e.online === false && e.level === '4',
      ],
    ])('filters by %s with an exact count under the cap', async (_label, filter, keep) => {
      const inCounty = (e: SyntheticEntry) => e.regionCode === '330203' || e.regionCode === '330200';
      const res = await search({ q: '测试用', region: '330203', ...filter, pageSize: 100 });
      const want = expected((e) => inCounty(e) && keep(e));
      expect(want).toBeLessThanOrEqual(COUNT_CAP);
      expect(res.body).toMatchObject({ total: want, totalExact: true });
      expect(res.body.items).toHaveLength(Math.min(100, want));
      const codes = new Set(rows.filter((e) => inCounty(e) && keep(e)).map((e) => e.code));
      expect((res.body.items as Hit[]).every((i) => codes.has(i.implementationCode))).toBe(true);
    });

    it('finds nothing for a keyword no term contains, and nothing outside the region', async () => {
      expect((await search({ q: '不存在的事项' })).body).toMatchObject({
        total: 0,
        totalExact: true,
        items: [],
      });
      expect((await search({ q: '测试用', region: '330106' })).body).toMatchObject({ total: 0, items: [] });
    });
  });
});
