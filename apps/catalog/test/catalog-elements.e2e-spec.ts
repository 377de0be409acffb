/**
 * Catalog elements of issue 26: 中介服务 (intermediary services, locked on the base item; providers local), 数量限制,
 * 预约 / 网上支付 / 物流快递, the result's sample (样本) as a file, and fee standards with 收费依据 (locked where the base
 * item sets it) and 减免政策. Validation (400 naming the field), the 三级四同 lock rule (422 LOCKED_ELEMENT), the guide
 * (JSON, HTML, PDF) and the Excel round trip.
 */
import { testDatabaseKinds } from '@hall/persistence';
import { binaryParser, startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import { samplePdf } from '@hall/storage';
import request from 'supertest';
import { catalogService } from '../src/index.js';
import { demoCatalog } from '../src/seed/demo-catalog.data.js';
import { BODIES, catalogDoc, FOOD_BASE, foodDraft, uscc } from './factories/catalog.factory.js';

const kinds = await testDatabaseKinds();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const SURVEY = '食品经营场所平面测绘';
const FEE_BASIS = '《浙江省物价局关于食品经营许可证工本费的通知》（示例）';
const BASE = {
  ...FOOD_BASE,
  intermediaryServices: [
    { name: SURVEY, required: true, legalBasis: '《食品经营许可管理办法》第十二条（示例）' },
    { name: '从业人员健康体检', required: false, legalBasis: '《中华人民共和国食品安全法》第四十五条' },
  ],
  feeBasis: FEE_BASIS,
};
const PROVIDER = {
  service: SURVEY,
  name: '杭州示例测绘有限公司',
  uscc: uscc('91330106MA2H4K7Q3'),
  contact: '0571-85550101',
};
const ELEMENTS = {
  intermediaryProviders: [PROVIDER],
  quantityLimit: {
    limited: true,
    limit: '每个街道每年新增不超过50家',
    basis: '《西湖区餐饮业布局规划》（示例）',
  },
  fees: [
    {
      item: '许可证工本费',
      standard: '每证10元',
      basis: '',
      waivable: true,
      reductions: '小微企业免收',
    },
  ],
};
const draftWith = (extra: Record<string, unknown> = {}) => {
  const d = foodDraft(extra);
  return { ...d, service: { ...d.service, appointment: true, onlinePayment: true, courierDelivery: true } };
};
const CODE = `${BODIES.xihuMarket.uscc}4${FOOD_BASE.code}`;
const HAISHU = {
  implementingBody: BODIES.haishuMarket,
  regionCode: '330203',
  parentRegionCode: '330200',
};

describe.each(kinds)('catalog elements (中介服务, 数量限制, 收费标准 …) on %s', (kind) => {
  let h: ServiceHarness;
  let target: ServiceHarness;
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
    [h, target] = await Promise.all([
      startServiceForTest(catalogService, { db: kind }),
      startServiceForTest(catalogService, { db: kind }),
    ]);
    admin = await h.tokenFor('catalog.admin');
    const res = await post(
      '/import',
      catalogDoc({ baseItems: [BASE], implementations: [draftWith(ELEMENTS)] as never }),
    );
    expect(res.status).toBe(200);
    expect(res.body.totals.implementation).toEqual({ published: 1 });
  }, 180_000);
  afterAll(async () => {
    await Promise.all([h?.close(), target?.close()]);
  });

  it('publishes the base item services with the local providers, the limit, the flags and the fee basis', async () => {
    const base = await request(h.url)
      .get(`/api/catalog/base-items/${FOOD_BASE.code}`)
      .set('authorization', `Bearer ${admin}`);
    expect(base.body).toMatchObject({ intermediaryServices: BASE.intermediaryServices, feeBasis: FEE_BASIS });
    const snapshot = (await request(h.url).get(`/api/catalog/implementations/${CODE}`)).body;
    expect(snapshot.intermediaryServices).toEqual([
      {
        ...BASE.intermediaryServices[0],
        providers: [{ name: PROVIDER.name, uscc: PROVIDER.uscc, contact: PROVIDER.contact }],
      },
      { ...BASE.intermediaryServices[1], providers: [] },
    ]);
    expect(snapshot.quantityLimit).toEqual(ELEMENTS.quantityLimit);
    expect(snapshot.service).toMatchObject({ appointment: true, onlinePayment: true, courierDelivery: true });
    // The fee left its basis empty: the base item's (locked) basis applies.
    expect(snapshot.fees).toEqual([{ ...ELEMENTS.fees[0], basis: FEE_BASIS }]);
  });

  it('shows them in the guide (JSON, HTML and PDF)', async () => {
    const guide = (await request(h.url).get(`/api/catalog/implementations/${CODE}/guide`)).body as {
      sections: Array<Record<string, unknown> & { id: string }>;
    };
    const section = (id: string) => guide.sections.find((s) => s.id === id);
    expect(section('intermediaries')).toMatchObject({
      title: '中介服务',
      rows: [
        {
          no: 1,
          name: SURVEY,
          required: '是',
          providers: [{ name: PROVIDER.name, uscc: PROVIDER.uscc, contact: PROVIDER.contact }],
        },
        { no: 2, name: '从业人员健康体检', required: '否', providers: [] },
      ],
    });
    expect(section('basic')?.['fields']).toEqual(
      expect.arrayContaining([
        { label: '数量限制', value: '每个街道每年新增不超过50家（依据：《西湖区餐饮业布局规划》（示例））' },
        { label: '是否支持预约办理', value: '是' },
        { label: '是否支持网上支付', value: '是' },
        { label: '是否支持物流快递', value: '是' },
      ]),
    );
    expect(section('fees')).toMatchObject({
      free: false,
      rows: [{ item: '许可证工本费', standard: '每证10元', basis: FEE_BASIS, reductions: '小微企业免收' }],
    });
    const html = await request(h.url).get(`/api/catalog/implementations/${CODE}/guide.html`);
    expect(html.status).toBe(200);
    for (const text of [
      '中介服务',
      PROVIDER.name,
      PROVIDER.uscc,
      '减免政策',
      '小微企业免收',
      '每个街道每年新增不超过50家',
    ])
      expect(html.text).toContain(text);
    const pdf = await request(h.url)
      .get(`/api/catalog/implementations/${CODE}/guide.pdf`)
      .buffer(true)
      .parse(binaryParser);
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it.each([
    ['a limit without its text', { quantityLimit: { limited: true, basis: '规划' } }, 'quantityLimit.limit'],
    ['a limit without its basis', { quantityLimit: { limited: true, limit: '50家' } }, 'quantityLimit.basis'],
    [
      'a limit text while not limited',
      { quantityLimit: { limited: false, limit: '50家' } },
      'quantityLimit.limit',
    ],
    [
      'a provider USCC of the wrong form',
      { intermediaryProviders: [{ ...PROVIDER, uscc: '123' }] },
      'intermediaryProviders.0.uscc',
    ],
    [
      'a provider without a name',
      { intermediaryProviders: [{ ...PROVIDER, name: '' }] },
      'intermediaryProviders.0.name',
    ],
    [
      'a result sample without its hash',
      { resultSample: { key: 'catalog/x.pdf', name: 'x.pdf', contentType: 'application/pdf', size: 1 } },
      'resultSample.sha256',
    ],
    [
      'a non-boolean appointment flag',
      { service: { ...foodDraft().service, appointment: 'yes' } },
      'service.appointment',
    ],
  ])('refuses %s with 400 naming the field, saving nothing', async (_label, override, field) => {
    const before = await count();
    const res = await post('/implementations', { ...foodDraft(HAISHU), ...override });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: expect.objectContaining({ field }),
    });
    expect(res.body.message).toContain(field);
    expect(await count()).toBe(before);
  });

  it.each([
    [
      'a provider of a service the base item does not list',
      { intermediaryProviders: [{ ...PROVIDER, service: '环境影响评价' }] },
      'LOCKED_ELEMENT',
      'intermediaryProviders.0.service',
    ],
    [
      'a fee basis other than the base item’s',
      { fees: [{ ...ELEMENTS.fees[0], basis: '另一个文件' }] },
      'LOCKED_ELEMENT',
      'fees.0.basis',
    ],
    [
      'intermediary services stated on the implementation',
      { intermediaryServices: BASE.intermediaryServices },
      'LOCKED_ELEMENT',
      'intermediaryServices',
    ],
    ['a fee basis stated on the implementation', { feeBasis: FEE_BASIS }, 'LOCKED_ELEMENT', 'feeBasis'],
    [
      'a provider USCC with a wrong check digit',
      {
        intermediaryProviders: [
          { ...PROVIDER, uscc: `${PROVIDER.uscc.slice(0, 17)}${PROVIDER.uscc.endsWith('0') ? '1' : '0'}` },
        ],
      },
      'INVALID_USCC',
      'intermediaryProviders.0.uscc',
    ],
  ])('refuses %s with 422 (三级四同), saving nothing', async (_label, override, code, field) => {
    const before = await count();
    const res = await post('/implementations', { ...foodDraft(HAISHU), ...override });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code, details: expect.objectContaining({ field }) });
    expect(await count()).toBe(before);
    const patch = await request(h.url)
      .patch(`/api/catalog/implementations/${CODE}`)
      .set('authorization', `Bearer ${admin}`)
      .send(override);
    expect([patch.status, patch.body.code]).toEqual([422, code]);
  });

  it('accepts the base item’s fee basis repeated, and a result sample uploaded as a file', async () => {
    const up = await request(h.url)
      .post('/api/catalog/files')
      .set('authorization', `Bearer ${admin}`)
      .attach('file', samplePdf('食品经营许可证（样本）'), '食品经营许可证样本.pdf');
    expect(up.status).toBe(201);
    const patch = await request(h.url)
      .patch(`/api/catalog/implementations/${CODE}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ resultSample: up.body, fees: [{ ...ELEMENTS.fees[0], basis: FEE_BASIS }] });
    expect(patch.status).toBe(200);
    expect(patch.body.draft.resultSample).toEqual(up.body);
    expect((await post(`/implementations/${CODE}/publish`, {})).body).toMatchObject({ version: 2 });
    const guide = (await request(h.url).get(`/api/catalog/implementations/${CODE}/guide`)).body as {
      sections: Array<{ id: string; sample?: unknown }>;
    };
    expect(guide.sections.find((s) => s.id === 'results')?.sample).toEqual({
      label: '结果样本',
      name: '食品经营许可证样本.pdf',
      href: `/api/catalog/files/${up.body.key as string}`,
    });
    const html = await request(h.url).get(`/api/catalog/implementations/${CODE}/guide.html`);
    expect(html.text).toContain(`href="/api/catalog/files/${up.body.key as string}"`);
  });

  it('a changed service list on the base item shows in the consistency report until republished', async () => {
    const services = [{ ...BASE.intermediaryServices[0], required: false }];
    const patched = await request(h.url)
      .patch(`/api/catalog/base-items/${FOOD_BASE.code}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ intermediaryServices: services });
    expect(patched.status).toBe(200);
    expect(patched.body.intermediaryServices).toEqual(services);
    const report = await request(h.url)
      .get(`/api/catalog/base-items/${FOOD_BASE.code}/consistency`)
      .set('authorization', `Bearer ${admin}`);
    expect(report.body.deviations).toEqual([
      expect.objectContaining({ implementationCode: CODE, element: 'published.intermediaryServices' }),
    ]);
    expect((await post(`/implementations/${CODE}/publish`, {})).body).toMatchObject({ published: true });
    const snapshot = (await request(h.url).get(`/api/catalog/implementations/${CODE}`)).body;
    expect(snapshot.intermediaryServices).toEqual([
      {
        ...services[0],
        providers: [{ name: PROVIDER.name, uscc: PROVIDER.uscc, contact: PROVIDER.contact }],
      },
    ]);
    const again = await request(h.url)
      .get(`/api/catalog/base-items/${FOOD_BASE.code}/consistency`)
      .set('authorization', `Bearer ${admin}`);
    expect(again.body.deviations).toEqual([]);
  });

  it('round-trips every new element through the Excel workbook', async () => {
    const xlsx = await request(h.url)
      .get('/api/catalog/export')
      .query({ format: 'xlsx' })
      .set('authorization', `Bearer ${admin}`)
      .buffer(true)
      .parse(binaryParser);
    expect(xlsx.status).toBe(200);
    const targetAdmin = await target.tokenFor('catalog.admin');
    const imported = await request(target.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${targetAdmin}`)
      .set('content-type', XLSX)
      .send(xlsx.body as Buffer);
    expect(imported.status).toBe(200);
    expect(imported.body.sheetErrors).toEqual([]);
    const [a, b] = await Promise.all([
      request(h.url).get('/api/catalog/export').set('authorization', `Bearer ${admin}`),
      request(target.url).get('/api/catalog/export').set('authorization', `Bearer ${targetAdmin}`),
    ]);
    expect(b.body).toEqual(a.body);
    const base = (b.body.baseItems as Array<{ code: string }>).find((x) => x.code === FOOD_BASE.code);
    expect(base).toMatchObject({
      intermediaryServices: [{ name: SURVEY, required: false }],
      feeBasis: FEE_BASIS,
    });
    const impl = (b.body.implementations as Array<Record<string, unknown>>)[0];
    expect(impl).toMatchObject({
      intermediaryProviders: [PROVIDER],
      quantityLimit: ELEMENTS.quantityLimit,
      service: expect.objectContaining({ appointment: true, onlinePayment: true, courierDelivery: true }),
      fees: [{ ...ELEMENTS.fees[0], basis: FEE_BASIS }],
      resultSample: expect.objectContaining({ name: '食品经营许可证样本.pdf' }),
    });
  });

  it('removes the fee basis with null; the published version shows the old one until republished', async () => {
    const patched = await request(h.url)
      .patch(`/api/catalog/base-items/${FOOD_BASE.code}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ feeBasis: null });
    expect([patched.status, patched.body.feeBasis]).toEqual([200, null]);
    expect(patched.body.intermediaryServices).toHaveLength(1);
    const report = await request(h.url)
      .get(`/api/catalog/base-items/${FOOD_BASE.code}/consistency`)
      .set('authorization', `Bearer ${admin}`);
    expect(report.body.deviations).toEqual([
      { implementationCode: CODE, element: 'published.feeBasis', expected: '', actual: FEE_BASIS },
    ]);
    // Now local: each fee keeps the basis it states.
    const local = await request(h.url)
      .patch(`/api/catalog/implementations/${CODE}`)
      .set('authorization', `Bearer ${admin}`)
      .send({ fees: [{ ...ELEMENTS.fees[0], basis: '另一个文件' }] });
    expect(local.status).toBe(200);
    expect((await post(`/implementations/${CODE}/publish`, {})).body).toMatchObject({ published: true });
    const snapshot = (await request(h.url).get(`/api/catalog/implementations/${CODE}`)).body;
    expect(snapshot.fees[0].basis).toBe('另一个文件');
    expect(snapshot.baseItem.feeBasis).toBeUndefined();
  });
});

// The demo catalog (seeded on the embedded hall's first start): one database kind is enough, the rendering is the same.
describe(`demo catalog guides show the new elements and round-trip through Excel (${kinds[0] ?? 'pglite'})`, () => {
  let h: ServiceHarness;
  let target: ServiceHarness;
  let admin: string;
  const guideOf = async (name: string) => {
    const hits = await request(h.url).get('/api/catalog/implementations').query({ q: name });
    const code = (hits.body.items as Array<{ implementationCode: string; name: string }>).find(
      (i) => i.name === name,
    )?.implementationCode;
    expect(code).toBeDefined();
    const guide = await request(h.url).get(`/api/catalog/implementations/${code as string}/guide`);
    const html = await request(h.url).get(`/api/catalog/implementations/${code as string}/guide.html`);
    return {
      html: html.text,
      section: (id: string) =>
        (guide.body.sections as Array<Record<string, unknown> & { id: string }>).find((s) => s.id === id),
    };
  };

  beforeAll(async () => {
    [h, target] = await Promise.all([
      startServiceForTest(catalogService, { db: kinds[0] ?? 'pglite' }),
      startServiceForTest(catalogService, { db: kinds[0] ?? 'pglite' }),
    ]);
    admin = await h.tokenFor('catalog.admin');
    const res = await request(h.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${admin}`)
      .send(demoCatalog);
    expect(res.status).toBe(200);
    expect(res.body.totals.implementation.error).toBeUndefined();
  }, 300_000);
  afterAll(async () => {
    await Promise.all([h?.close(), target?.close()]);
  });

  it('不动产登记（首次登记）: intermediary service with providers, quantity limit, fee standard with basis and reductions', async () => {
    const g = await guideOf('不动产登记（首次登记）');
    expect(g.section('intermediaries')).toMatchObject({
      rows: [
        {
          name: '不动产测绘（权籍调查）',
          required: '是',
          providers: expect.arrayContaining([expect.objectContaining({ uscc: '91330100MA28N2R51C' })]),
        },
      ],
    });
    expect(g.section('basic')?.['fields']).toEqual(
      expect.arrayContaining([
        { label: '数量限制', value: '无数量限制' },
        { label: '是否支持预约办理', value: '是' },
        { label: '是否支持网上支付', value: '是' },
        { label: '是否支持物流快递', value: '是' },
      ]),
    );
    expect(g.section('fees')).toMatchObject({
      free: false,
      rows: [
        {
          item: '不动产登记费',
          basis: expect.stringContaining('发改价格规〔2016〕2559号'),
          reductions: expect.stringContaining('小微企业'),
        },
      ],
    });
    for (const text of ['不动产测绘（权籍调查）', '数量限制', '减免政策', '发改价格规〔2016〕2559号'])
      expect(g.html).toContain(text);
    const limited = await guideOf('娱乐场所经营许可');
    expect(
      (limited.section('basic')?.['fields'] as Array<{ label: string; value: string }>).find(
        (f) => f.label === '数量限制',
      )?.value,
    ).toContain('总量和布局规划');
  });

  it('round-trips the demo catalog through the Excel workbook', async () => {
    const xlsx = await request(h.url)
      .get('/api/catalog/export')
      .query({ format: 'xlsx' })
      .set('authorization', `Bearer ${admin}`)
      .buffer(true)
      .parse(binaryParser);
    const targetAdmin = await target.tokenFor('catalog.admin');
    const imported = await request(target.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${targetAdmin}`)
      .set('content-type', XLSX)
      .send(xlsx.body as Buffer);
    expect(imported.status).toBe(200);
    expect(imported.body.sheetErrors).toEqual([]);
    const [a, b] = await Promise.all([
      request(h.url).get('/api/catalog/export').set('authorization', `Bearer ${admin}`),
      request(target.url).get('/api/catalog/export').set('authorization', `Bearer ${targetAdmin}`),
    ]);
    // The new elements survive (licence field entries are compared by catalog-exchange.e2e-spec).
    const elements = (doc: {
      baseItems: Array<Record<string, unknown>>;
      implementations: Array<Record<string, unknown> & { service: Record<string, unknown> }>;
    }) => ({
      baseItems: doc.baseItems.map((x) => [x['code'], x['intermediaryServices'], x['feeBasis']]),
      implementations: doc.implementations.map((x) => [
        x['intermediaryProviders'],
        x['quantityLimit'],
        x['fees'],
        x['resultSample'],
        x.service['appointment'],
        x.service['onlinePayment'],
        x.service['courierDelivery'],
      ]),
    });
    expect(elements(b.body)).toEqual(elements(a.body));
    const text = JSON.stringify(elements(b.body));
    for (const t of [
      '不动产测绘（权籍调查）',
      '施工图设计文件审查',
      '总量和布局规划',
      '小微企业',
      '小微企业（含个体工商户）',
    ])
      expect(text).toContain(t);
  });
});
