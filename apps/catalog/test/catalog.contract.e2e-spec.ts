/**
 * The catalog service keeps its HTTP contract (libs/contracts/src/catalog/catalog-api.ts): every JSON route is
 * called over HTTP on an embedded service and its answer parsed with the contract's response schema, strictly (a
 * field the contract does not name fails too). A server change the contract (and so the web) does not know about
 * fails here; a contract change the server does not follow fails here.
 */
import {
  BaseItemDetail,
  BaseItemList,
  CatalogExchange,
  CatalogFileUploaded,
  ConsistencyReport,
  Guide,
  HotSearches,
  ImplementationAdmin,
  ImplementationPublic,
  ImplementationRetiredResult,
  ImplementationVersions,
  ImportJob,
  ImportResult,
  ImportStarted,
  PublishResult,
  RegionList,
  SearchResult,
  SynonymList,
  SynonymView,
} from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { checkContract, type ServiceHarness, startServiceForTest } from '@hall/platform/testing';
import { samplePdf } from '@hall/storage';
import request from 'supertest';
import { catalogService } from '../src/index.js';
import { BODIES, catalogDoc, FOOD_BASE, foodDraft } from './factories/catalog.factory.js';

const kinds = await testDatabaseKinds();

const contract = checkContract;

describe.each(kinds)('catalog HTTP contract on %s', (kind) => {
  let h: ServiceHarness;
  let admin: string;
  const county = `${BODIES.xihuMarket.uscc}4${FOOD_BASE.code}`;
  const auth = () => ({ authorization: `Bearer ${admin}` });
  const api = (path: string) => `/api/catalog${path}`;

  beforeAll(async () => {
    h = await startServiceForTest(catalogService, { db: kind });
    admin = await h.tokenFor('catalog.admin');
    const imported = await contract(
      ImportResult,
      request(h.url).post(api('/import')).set(auth()).send(catalogDoc()),
    );
    expect(imported.totals.implementation).toEqual({ published: 2 });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('import (synchronous and in the background) and export', async () => {
    const again = await contract(
      ImportResult,
      request(h.url).post(api('/import')).set(auth()).send(catalogDoc()),
    );
    expect(again).toMatchObject({ totals: { implementation: { unchanged: 2 } }, sheetErrors: [] });
    const started = await contract(
      ImportStarted,
      request(h.url).post(api('/import')).query({ async: 1 }).set(auth()).send(catalogDoc()),
      202,
    );
    let job = await contract(
      ImportJob,
      request(h.url)
        .get(api(`/import/jobs/${started.jobId}`))
        .set(auth()),
    );
    for (let i = 0; i < 100 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = await contract(
        ImportJob,
        request(h.url)
          .get(api(`/import/jobs/${started.jobId}`))
          .set(auth()),
      );
    }
    expect(job).toMatchObject({
      status: 'done',
      createdBy: 'catalog.admin',
      report: { totals: { baseItem: { unchanged: 1 } } },
    });
    const exported = await contract(CatalogExchange, request(h.url).get(api('/export')).set(auth()));
    expect(exported.implementations).toHaveLength(2);
  });

  it('base items: list, one, create, patch and the consistency report', async () => {
    const list = await contract(
      BaseItemList,
      request(h.url).get(api('/base-items')).query({ q: '食品' }).set(auth()),
    );
    expect(list.map((b) => b.code)).toEqual([FOOD_BASE.code]);
    const one = await contract(
      BaseItemDetail,
      request(h.url)
        .get(api(`/base-items/${FOOD_BASE.code}`))
        .set(auth()),
    );
    expect(one).toMatchObject({ code: FOOD_BASE.code, legalLimitDays: 20, children: [] });
    const created = await contract(
      BaseItemDetail,
      request(h.url).post(api('/base-items')).set(auth()).send({
        code: '000140100001',
        name: '食品经营许可（变更）',
        type: '01',
        legalBasis: '同上',
        parentCode: FOOD_BASE.code,
        handlingKind: 'change',
      }),
      201,
    );
    expect(created).toMatchObject({
      parentCode: FOOD_BASE.code,
      handlingKind: 'change',
      version: 1,
      definedAtLevel: '2',
    });
    const patched = await contract(
      BaseItemDetail,
      request(h.url).patch(api('/base-items/000140100001')).set(auth()).send({ definedAtLevel: '1' }),
    );
    expect(patched).toMatchObject({ version: 2, definedAtLevel: '1' });
    const renamed = await contract(
      BaseItemDetail,
      request(h.url).patch(api('/base-items/000140100001')).set(auth()).send({ name: '食品经营许可变更' }),
    );
    expect(renamed).toMatchObject({ version: 3, name: '食品经营许可变更', definedAtLevel: '1' }); // what a patch leaves out stays
    const report = await contract(
      ConsistencyReport,
      request(h.url)
        .get(api(`/base-items/${FOOD_BASE.code}/consistency`))
        .set(auth()),
    );
    expect(report.implementations).toHaveLength(2);
    expect(report.deviations).toEqual([]);
  });

  it('implementations: search, published version, versions, guide, draft, create, patch, publish and retire', async () => {
    const found = await contract(
      SearchResult,
      request(h.url).get(api('/implementations')).query({ q: 'spjy', online: 1 }),
    );
    expect(found.items.map((i) => i.implementationCode)).toContain(county);
    const published = await contract(
      ImplementationPublic,
      request(h.url).get(api(`/implementations/${county}`)),
    );
    expect(published).toMatchObject({ implementationCode: county, version: 1, status: 'published' });
    const versions = await contract(
      ImplementationVersions,
      request(h.url).get(api(`/implementations/${county}/versions`)),
    );
    expect(versions.map((v) => v.version)).toEqual([1]);
    const guide = await contract(
      Guide,
      request(h.url)
        .get(api(`/implementations/${county}/guide`))
        .query({ version: 1 }),
    );
    expect(guide.sections.map((s) => s.id)).toContain('materials');
    const draft = await contract(
      ImplementationAdmin,
      request(h.url)
        .get(api(`/implementations/${county}/draft`))
        .set(auth()),
    );
    expect(draft).toMatchObject({ status: 'published', currentVersion: 1, declared: null });

    const haishu = foodDraft({
      level: '4',
      regionCode: '330203',
      parentRegionCode: '330200',
      implementingBody: BODIES.haishuMarket,
    });
    const created = await contract(
      ImplementationAdmin,
      request(h.url).post(api('/implementations')).set(auth()).send(haishu),
      201,
    );
    expect(created).toMatchObject({ status: 'draft', currentVersion: 0 });
    const code = created.implementationCode;
    const patched = await contract(
      ImplementationAdmin,
      request(h.url)
        .patch(api(`/implementations/${code}`))
        .set(auth())
        .send({ promisedLimitDays: 5 }),
    );
    expect(patched.draft).toMatchObject({ promisedLimitDays: 5, themes: ['餐饮开店'] }); // what a patch leaves out stays
    expect(
      await contract(
        PublishResult,
        request(h.url)
          .post(api(`/implementations/${code}/publish`))
          .set(auth())
          .send({}),
      ),
    ).toEqual({
      implementationCode: code,
      version: 1,
      published: true,
    });
    const retired = await contract(
      ImplementationRetiredResult,
      request(h.url)
        .post(api(`/implementations/${code}/retire`))
        .set(auth())
        .send({ reason: '职能调整' }),
    );
    expect(retired).toMatchObject({ implementationCode: code, version: 1, reason: '职能调整' });
  });

  it('files: an upload answers with the stored file', async () => {
    const up = await contract(
      CatalogFileUploaded,
      request(h.url)
        .post(api('/files'))
        .set(auth())
        .attach('file', samplePdf('申请表'), '食品经营许可申请书.pdf'),
      201,
    );
    expect(up).toMatchObject({ name: '食品经营许可申请书.pdf', contentType: 'application/pdf' });
  });

  it('search synonyms (list, add, change) and hot searches; a keyword that finds nothing with suggestions', async () => {
    const added = await contract(
      SynonymView,
      request(h.url)
        .post(api('/search-synonyms'))
        .set(auth())
        .send({ alias: '食品证', expansions: ['食品经营许可'] }),
      201,
    );
    expect(added).toMatchObject({ alias: '食品证', expansions: ['食品经营许可'] });
    const changed = await contract(
      SynonymView,
      request(h.url)
        .put(api(`/search-synonyms/${encodeURIComponent('食品证')}`))
        .set(auth())
        .send({ expansions: ['食品经营许可', '餐饮'] }),
    );
    expect(changed.expansions).toEqual(['食品经营许可', '餐饮']);
    const list = await contract(SynonymList, request(h.url).get(api('/search-synonyms')).set(auth()));
    expect(list.map((s) => s.alias)).toContain('食品证');
    const expanded = await contract(
      SearchResult,
      request(h.url).get(api('/implementations')).query({ q: '食品证' }),
    );
    expect(expanded).toMatchObject({ expandedBy: ['食品证'], suggestions: [] });
    const none = await contract(
      SearchResult,
      request(h.url).get(api('/implementations')).query({ q: '食品许可经营' }),
    );
    expect(none.total).toBe(0);
    expect(none.suggestions.length).toBeGreaterThan(0);
    const hot = await contract(HotSearches, request(h.url).get(api('/hot-searches')));
    expect(hot.length).toBeGreaterThan(0);
    const regions = await contract(RegionList, request(h.url).get(api('/regions')));
    expect(regions).toContainEqual({
      code: '330106',
      name: expect.any(String),
      kind: 'county',
      parentCode: '330100',
    });
  });
});
