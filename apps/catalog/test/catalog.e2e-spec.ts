import { ImplementationPublished, Topics } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { binaryParser, startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import { samplePdf } from '@hall/storage';
import request from 'supertest';
import { catalogService } from '../src/index.js';
import { BODIES, catalogDoc, FOOD_BASE, foodDraft, uscc } from './factories/catalog.factory.js';

const kinds = await testDatabaseKinds();

function eventsOf(h: ServiceHarness, type: string) {
  return h.transport
    .read(Topics.catalogImplementation)
    .map(
      (m) =>
        JSON.parse(m.value) as {
          type: string;
          key: string;
          payload: Record<string, unknown> & { version: number };
        },
    )
    .filter((e) => e.type === type);
}

async function settle(h: ServiceHarness): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const [row] = await h.database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
    );
    if (Number(row?.n) === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('outbox not drained');
}

describe.each(kinds)('catalog service on %s', (kind) => {
  let h: ServiceHarness;
  let admin: string;
  const codeOf = (body: { uscc: string }, level: string) => `${body.uscc}${level}${FOOD_BASE.code}`;
  const county = codeOf(BODIES.xihuMarket, '4');
  const city = codeOf(BODIES.hangzhouMarket, '3');

  beforeAll(async () => {
    h = await startServiceForTest(catalogService, { db: kind });
    admin = await h.tokenFor('catalog.admin');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const post = (path: string, body: unknown, token = admin) =>
    request(h.url)
      .post(`/api/catalog${path}`)
      .set('authorization', `Bearer ${token}`)
      .send(body as object);
  const implCount = async () =>
    Number(
      (await h.database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM implementation'))[0]?.n,
    );

  it('imports regions, departments, base items and implementations, and re-importing changes nothing', async () => {
    const first = await post('/import', catalogDoc());
    expect(first.status).toBe(200);
    expect(first.body.totals).toMatchObject({
      region: { created: 5 },
      department: { created: 3 },
      baseItem: { created: 1 },
      implementation: { published: 2 },
    });
    await settle(h);
    const eventsBefore = eventsOf(h, ImplementationPublished.type).length;
    expect(eventsBefore).toBe(2);
    const again = await post('/import', catalogDoc());
    expect(again.body.totals).toEqual({
      region: { unchanged: 5 },
      department: { unchanged: 3 },
      baseItem: { unchanged: 1 },
      implementation: { unchanged: 2 },
    });
    await settle(h);
    expect(eventsOf(h, ImplementationPublished.type)).toHaveLength(eventsBefore);
  });

  it('finds 食品经营许可 by Chinese substring, pinyin initials and full pinyin; region includes higher levels', async () => {
    for (const q of ['食品经营', 'spjy', 'shipinjingying', 'ShiPin JingYing']) {
      const res = await request(h.url).get('/api/catalog/implementations').query({ q });
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { name: string }) => i.name)).toContain('食品经营许可');
    }
    const inCounty = await request(h.url)
      .get('/api/catalog/implementations')
      .query({ q: '食品', region: '330106' });
    expect(
      inCounty.body.items.map((i: { implementationCode: string }) => i.implementationCode).sort(),
    ).toEqual([county, city].sort());
    const elsewhere = await request(h.url).get('/api/catalog/implementations').query({ region: '330203' });
    expect(elsewhere.body.total).toBe(0);
    const bad = await request(h.url).get('/api/catalog/implementations').query({ region: '33' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(bad.body.message).toContain('region');
  });

  it.each([
    ['a locked element (name)', { name: '别的名字' }, 'LOCKED_ELEMENT', 'name'],
    ['a locked element (legalBasis)', { legalBasis: '自定依据' }, 'LOCKED_ELEMENT', 'legalBasis'],
    ['promised > legal', { promisedLimitDays: 21 }, 'PROMISED_LIMIT_EXCEEDS_LEGAL', 'promisedLimitDays'],
    [
      'a bad USCC check digit',
      {
        implementingBody: {
          ...BODIES.haishuMarket,
          uscc: `${BODIES.haishuMarket.uscc.slice(0, 17)}${BODIES.haishuMarket.uscc.endsWith('0') ? '1' : '0'}`,
        },
      },
      'INVALID_USCC',
      'implementingBody.uscc',
    ],
    [
      'an issuing body (出证机构) outside the process',
      {
        results: [
          {
            licenceTypeCode: 'FBL',
            name: '食品经营许可证',
            validityMonths: 60,
            issuingBody: { ...BODIES.xihuHealth, departmentCode: 'taxation' },
          },
        ],
      },
      'ISSUER_NOT_IN_PROCESS',
      'results.0.issuingBody.departmentCode',
    ],
    [
      'an issuing body with a bad USCC',
      {
        results: [
          {
            licenceTypeCode: 'FBL',
            name: '食品经营许可证',
            validityMonths: 60,
            issuingBody: {
              ...BODIES.xihuHealth,
              uscc: `${BODIES.xihuHealth.uscc.slice(0, 17)}${BODIES.xihuHealth.uscc.endsWith('0') ? '1' : '0'}`,
            },
          },
        ],
      },
      'INVALID_USCC',
      'results.0.issuingBody.uscc',
    ],
    [
      'a county not under the stated city',
      { regionCode: '330203', parentRegionCode: '330100', implementingBody: BODIES.haishuMarket },
      'REGION_NOT_UNDER_PARENT',
      'regionCode',
    ],
  ])('refuses %s with 422 naming it, saving nothing', async (_label, override, code, field) => {
    const before = await implCount();
    const res = await post(
      '/implementations',
      foodDraft({
        implementingBody: BODIES.haishuMarket,
        regionCode: '330203',
        parentRegionCode: '330200',
        ...override,
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ statusCode: 422, code, details: { field } });
    expect(res.body.message).toContain(field);
    expect(await implCount()).toBe(before);
  });

  it('publishes one event per publish with its version; an unchanged draft makes no new version', async () => {
    const created = await post(
      '/implementations',
      foodDraft({ implementingBody: BODIES.haishuMarket, regionCode: '330203', parentRegionCode: '330200' }),
    );
    expect(created.status).toBe(201);
    const code = created.body.implementationCode as string;
    const p1 = await post(`/implementations/${code}/publish`, {});
    expect(p1.body).toEqual({ implementationCode: code, version: 1, published: true });
    const p2 = await post(`/implementations/${code}/publish`, {});
    expect(p2.body).toEqual({ implementationCode: code, version: 1, published: false });
    const patched = await request(h.url)
      .patch(`/api/catalog/implementations/${code}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ promisedLimitDays: 5 });
    expect(patched.status).toBe(200);
    const p3 = await post(`/implementations/${code}/publish`, {});
    expect(p3.body).toMatchObject({ version: 2, published: true });
    await settle(h);
    const mine = eventsOf(h, ImplementationPublished.type).filter((e) => e.key === code);
    expect(mine.map((e) => e.payload.version)).toEqual([1, 2]);
    expect(mine[1]?.payload).toMatchObject({
      promisedLimitDays: 5,
      baseItem: { name: '食品经营许可' },
      regionName: '宁波市海曙区',
    });
    const v1 = await request(h.url).get(`/api/catalog/implementations/${code}`).query({ version: 1 });
    expect(v1.body).toMatchObject({ version: 1, promisedLimitDays: 7, status: 'superseded' });
    const latest = await request(h.url).get(`/api/catalog/implementations/${code}`);
    expect(latest.body).toMatchObject({ version: 2, status: 'published' });
    const lockedPatch = await request(h.url)
      .patch(`/api/catalog/implementations/${code}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ type: '20' });
    expect(lockedPatch.status).toBe(422);
    expect(lockedPatch.body).toMatchObject({ code: 'LOCKED_ELEMENT', details: { element: 'type' } });
  });

  it('reports a deliberately diverging implementation from an imported file, and never publishes it', async () => {
    const diverging = {
      ...foodDraft({
        implementingBody: { ...BODIES.haishuMarket, uscc: uscc('11330203MB0000003') },
        regionCode: '330203',
        parentRegionCode: '330200',
      }),
      declared: { name: '食品经营许可证核发', legalBasis: FOOD_BASE.legalBasis },
    };
    const res = await post('/import', catalogDoc({ implementations: [diverging] as never }));
    expect(res.body.rows.find((r: { kind: string }) => r.kind === 'implementation')).toMatchObject({
      status: 'deviation',
      error: { code: 'CONSISTENCY_DEVIATION' },
    });
    const report = await request(h.url)
      .get(`/api/catalog/base-items/${FOOD_BASE.code}/consistency`)
      .set('authorization', `Bearer ${admin}`);
    expect(report.status).toBe(200);
    expect(report.body.deviations).toEqual([
      {
        implementationCode: `${uscc('11330203MB0000003')}4${FOOD_BASE.code}`,
        element: 'name',
        expected: '食品经营许可',
        actual: '食品经营许可证核发',
      },
    ]);
    expect(report.body.implementations.length).toBeGreaterThanOrEqual(4);
  });

  it('re-checks every implementation when a base item changes, and emits the result', async () => {
    const res = await request(h.url)
      .patch(`/api/catalog/base-items/${FOOD_BASE.code}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ legalBasis: '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》' });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(2);
    await settle(h);
    const checked = eventsOf(h, 'catalog.base-item.consistency-checked');
    expect(checked).toHaveLength(1);
    const deviations = checked[0]?.payload.deviations as Array<{ element: string }>;
    expect(deviations.filter((d) => d.element === 'published.legalBasis').length).toBeGreaterThanOrEqual(3);
    // Republishing takes the new locked elements; the deviation disappears.
    await post(`/implementations/${county}/publish`, {});
    const report = await request(h.url)
      .get(`/api/catalog/base-items/${FOOD_BASE.code}/consistency`)
      .set('authorization', `Bearer ${admin}`);
    expect(
      report.body.implementations.find(
        (i: { implementationCode: string }) => i.implementationCode === county,
      ),
    ).toMatchObject({ consistent: true, currentVersion: 2 });
  });

  it('retires: out of search, event emitted, retiring twice is a conflict', async () => {
    const res = await post(`/implementations/${city}/retire`, { reason: '职能调整' });
    expect(res.status).toBe(200);
    const search = await request(h.url)
      .get('/api/catalog/implementations')
      .query({ q: '食品', region: '330106' });
    expect(search.body.items.map((i: { implementationCode: string }) => i.implementationCode)).not.toContain(
      city,
    );
    const again = await post(`/implementations/${city}/retire`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('IMPLEMENTATION_NOT_PUBLISHED');
    await settle(h);
    expect(eventsOf(h, 'catalog.implementation.retired').map((e) => e.key)).toEqual([city]);
  });

  it('serves the guide (办事指南) of a published version as JSON, printable HTML and PDF', async () => {
    const json = await request(h.url).get(`/api/catalog/implementations/${county}/guide`);
    expect(json.status).toBe(200);
    expect(json.body.title).toContain('食品经营许可');
    const html = await request(h.url).get(`/api/catalog/implementations/${county}/guide.html`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('办事指南');
    expect(html.text).toContain('食品经营许可申请书');
    const pdf = await request(h.url)
      .get(`/api/catalog/implementations/${county}/guide.pdf`)
      .buffer(true)
      .parse(binaryParser);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const missing = await request(h.url).get('/api/catalog/implementations/NOPE/guide.pdf');
    expect(missing.status).toBe(404);
  });

  it('guards admin routes: anonymous 401, applicant 403', async () => {
    expect((await request(h.url).post('/api/catalog/implementations').send(foodDraft())).status).toBe(401);
    const applicant = await h.tokenFor('zhangsan');
    expect((await post('/implementations', foodDraft(), applicant)).status).toBe(403);
    expect((await post('/import', catalogDoc(), applicant)).status).toBe(403);
  });

  it('乡镇级: an implementation in a township (12-digit region) is created, published, guided and found from its villages', async () => {
    const regions = [
      ...(catalogDoc().regions ?? []),
      { code: '330106109000', name: '三墩镇', kind: 'town' as const, parentCode: '330106' },
      { code: '330106109201', name: '绕城村', kind: 'village' as const, parentCode: '330106109000' },
    ];
    expect((await post('/import', catalogDoc({ regions }))).status).toBe(200);
    const sandun = {
      name: '杭州市西湖区三墩镇人民政府',
      uscc: uscc('11330106MB1090000'),
      departmentCode: 'market-regulation',
    };
    const draft = foodDraft({
      level: '5',
      regionCode: '330106109000',
      parentRegionCode: '330106',
      implementingBody: sandun,
    });
    // Level 5 is exercised in a 乡/镇/街道, not in a village.
    const village = await post('/implementations', {
      ...draft,
      regionCode: '330106109201',
      parentRegionCode: undefined,
    });
    expect([village.status, village.body.code, village.body.details?.field]).toEqual([
      422,
      'REGION_LEVEL_MISMATCH',
      'regionCode',
    ]);
    const created = await post('/implementations', draft);
    expect(created.status).toBe(201);
    const code = created.body.implementationCode as string;
    expect(code).toBe(`${sandun.uscc}5${FOOD_BASE.code}`);
    expect((await post(`/implementations/${code}/publish`, {})).body).toMatchObject({ published: true });
    await settle(h);
    const published = eventsOf(h, ImplementationPublished.type).filter((e) => e.key === code);
    expect(published.map((e) => e.payload['regionCode'])).toEqual(['330106109000']);

    const guide = await request(h.url).get(`/api/catalog/implementations/${code}/guide`);
    expect(guide.status).toBe(200);
    expect(JSON.stringify(guide.body)).toContain('三墩镇');
    const found = await request(h.url)
      .get('/api/catalog/implementations')
      .query({ q: '食品经营许可', region: '330106109201' });
    expect(found.status).toBe(200);
    const codes = (found.body.items as { implementationCode: string }[]).map((i) => i.implementationCode);
    expect(codes).toEqual(expect.arrayContaining([code, county]));
    // The county's own search does not list the township's implementation (its own and higher levels only).
    const atCounty = await request(h.url)
      .get('/api/catalog/implementations')
      .query({ q: '食品经营许可', region: '330106' });
    expect(
      (atCounty.body.items as { implementationCode: string }[]).map((i) => i.implementationCode),
    ).not.toContain(code);
  });
});

describe('catalog files (空白表格 / 示例样表)', () => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startServiceForTest(catalogService, { db: 'pglite' });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('stores an uploaded form with a server key, serves it publicly, and refuses fakes and anonymous uploads', async () => {
    const admin = await h.tokenFor('catalog.admin');
    const pdf = samplePdf('申请表');
    const up = await request(h.url)
      .post('/api/catalog/files')
      .set('authorization', `Bearer ${admin}`)
      .attach('file', pdf, '食品经营许可申请书.pdf');
    expect(up.status).toBe(201);
    expect(up.body.key).toMatch(/^catalog\/\d{4}\/\d{2}\/[0-9a-f-]{36}\.pdf$/);
    expect(up.body.name).toBe('食品经营许可申请书.pdf');
    const down = await request(h.url)
      .get(`/api/catalog/files/${up.body.key as string}`)
      .buffer(true)
      .parse(binaryParser);
    expect(down.status).toBe(200);
    expect(Buffer.compare(down.body as Buffer, pdf)).toBe(0);
    const fake = await request(h.url)
      .post('/api/catalog/files')
      .set('authorization', `Bearer ${admin}`)
      .attach('file', Buffer.from('just text'), 'form.pdf');
    expect(fake.status).toBe(415);
    expect(fake.body.code).toBe('UPLOAD_TYPE_MISMATCH');
    expect(
      Number(
        (await h.database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM catalog_file'))[0]?.n,
      ),
    ).toBe(1);
    expect((await request(h.url).post('/api/catalog/files').attach('file', pdf, 'x.pdf')).status).toBe(401);
    expect((await request(h.url).get('/api/catalog/files/catalog/2026/01/nope.pdf')).status).toBe(404);
  });
});
