/**
 * 申请表 as catalog data (issue 20, item 1): an implementation carries its application form; a bad form definition
 * is refused on create and patch (422 FORM_DEFINITION_INVALID naming the field, nothing stored); the published
 * snapshot carries the form of its version; JSON and Excel export → import keep it.
 */
import { testDatabaseKinds } from '@hall/persistence';
import { binaryParser, startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { catalogService } from '../src/index.js';
import { catalogDoc, foodDraft } from './factories/catalog.factory.js';

const [kind = 'pglite'] = await testDatabaseKinds();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FORM = {
  fields: [
    { key: 'operatorName', label: '经营者名称', type: 'text', required: true, prefill: 'orgName' },
    { key: 'premises', label: '经营场所', type: 'address', required: true },
    {
      key: 'businessForm',
      label: '主体业态',
      type: 'select',
      required: true,
      options: ['食品销售经营者', '餐饮服务经营者'],
    },
    { key: 'items', label: '经营项目', type: 'multiselect', options: ['预包装食品销售', '热食类食品制售'] },
    { key: 'area', label: '经营面积', type: 'number', min: 1, max: 10000 },
    { key: 'postcode', label: '邮政编码', type: 'text', pattern: '^\\d{6}$', patternMessage: '6位数字' },
  ],
};

describe(`implementation application form (${kind})`, () => {
  let h: ServiceHarness;
  let admin: string;
  const implCount = async () =>
    Number(
      (await h.database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM implementation'))[0]?.n,
    );
  const send = (method: 'post' | 'patch', path: string, body: unknown) =>
    request(h.url)
      [method](`/api/catalog${path}`)
      .set('authorization', `Bearer ${admin}`)
      .send(body as object);
  let code = '';

  beforeAll(async () => {
    h = await startServiceForTest(catalogService, { db: kind });
    admin = await h.tokenFor('catalog.admin');
    expect((await send('post', '/import', catalogDoc({ implementations: [] }))).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a bad form definition on create (422 naming the field), nothing stored', async () => {
    const bad: Array<[unknown, string]> = [
      [
        { fields: [FORM.fields[0], { ...FORM.fields[1], key: 'operatorName' }] },
        'applicationForm.fields.1.key',
      ],
      [{ fields: [{ key: 'kind', label: '类型', type: 'select' }] }, 'applicationForm.fields.0.options'],
      [
        { fields: [{ key: 'n', label: '名称', type: 'text', options: ['a'] }] },
        'applicationForm.fields.0.options',
      ],
      [{ fields: [{ key: 'p', label: '格式', pattern: '([' }] }, 'applicationForm.fields.0.pattern'],
      [
        { fields: [{ key: 'a', label: '面积', type: 'number', min: 10, max: 1 }] },
        'applicationForm.fields.0.min',
      ],
      [
        { fields: [{ key: 'b', label: '是否', type: 'boolean', prefill: 'name' }] },
        'applicationForm.fields.0.prefill',
      ],
      [
        { fields: [{ key: 'holderId', label: '身份证号码', prefill: 'idNumber' }] },
        'applicationForm.fields.0.key',
      ],
    ];
    for (const [applicationForm, field] of bad) {
      const res = await send('post', '/implementations', foodDraft({ applicationForm }));
      expect([res.status, res.body.code, res.body.details?.field]).toEqual([
        422,
        'FORM_DEFINITION_INVALID',
        field,
      ]);
    }
    // A field type or prefill outside the vocabulary is a schema error (400).
    const res = await send(
      'post',
      '/implementations',
      foodDraft({ applicationForm: { fields: [{ key: 'x', label: 'X', type: 'signature' }] } }),
    );
    expect([res.status, res.body.details?.field]).toEqual([400, 'applicationForm.fields.0.type']);
    expect(await implCount()).toBe(0);
  });

  it('stores a valid form, refuses a bad patch (draft unchanged) and publishes the form with its version', async () => {
    const created = await send('post', '/implementations', foodDraft({ applicationForm: FORM }));
    expect(created.status).toBe(201);
    code = created.body.implementationCode ?? created.body.code;
    expect(typeof code).toBe('string');
    const bad = await send('patch', `/implementations/${code}`, {
      applicationForm: { fields: [{ key: 'k', label: 'K', type: 'multiselect', options: [] }] },
    });
    expect([bad.status, bad.body.code]).toEqual([422, 'FORM_DEFINITION_INVALID']);
    const draft = await request(h.url)
      .get(`/api/catalog/implementations/${code}/draft`)
      .set('authorization', `Bearer ${admin}`);
    expect(draft.body.draft.applicationForm.fields.map((f: { key: string }) => f.key)).toEqual(
      FORM.fields.map((f) => f.key),
    );

    expect((await send('post', `/implementations/${code}/publish`, {})).body).toMatchObject({
      version: 1,
      published: true,
    });
    // Version 2 changes the form; version 1 keeps its own.
    const patched = await send('patch', `/implementations/${code}`, {
      applicationForm: { fields: FORM.fields.slice(0, 3) },
    });
    expect(patched.status).toBe(200);
    expect((await send('post', `/implementations/${code}/publish`, {})).body).toMatchObject({
      version: 2,
      published: true,
    });
    const v1 = await request(h.url).get(`/api/catalog/implementations/${code}?version=1`);
    const v2 = await request(h.url).get(`/api/catalog/implementations/${code}`);
    expect(v1.body.applicationForm.fields).toHaveLength(6);
    expect(v1.body.applicationForm.fields[5]).toEqual({
      key: 'postcode',
      label: '邮政编码',
      type: 'text',
      required: false,
      pattern: '^\\d{6}$',
      patternMessage: '6位数字',
    });
    expect(v2.body.version).toBe(2);
    expect(v2.body.applicationForm.fields).toHaveLength(3);
  });

  it('JSON and Excel export → import keep the form', async () => {
    const json = await request(h.url)
      .get('/api/catalog/export?format=json')
      .set('authorization', `Bearer ${admin}`);
    const exported = (json.body.implementations as Array<{ applicationForm: { fields: unknown[] } }>).find(
      (i) => i.applicationForm.fields.length > 0,
    );
    expect(exported?.applicationForm.fields).toEqual(
      FORM.fields.slice(0, 3).map((f) => ({ required: false, ...f })),
    );

    const xlsx = await request(h.url)
      .get('/api/catalog/export?format=xlsx')
      .set('authorization', `Bearer ${admin}`)
      .buffer(true)
      .parse(binaryParser);
    expect(xlsx.status).toBe(200);
    // Emptying the form in the database, then importing the workbook: the form comes back from the sheet 申请表字段.
    await send('patch', `/implementations/${code}`, { applicationForm: { fields: [] } });
    const back = await request(h.url)
      .post('/api/catalog/import')
      .set('authorization', `Bearer ${admin}`)
      .set('content-type', XLSX)
      .send(xlsx.body as Buffer);
    expect(back.status).toBe(200);
    expect(back.body.sheetErrors ?? []).toEqual([]);
    const draft = await request(h.url)
      .get(`/api/catalog/implementations/${code}/draft`)
      .set('authorization', `Bearer ${admin}`);
    expect(draft.body.draft.applicationForm).toEqual(exported?.applicationForm);
  });
});
