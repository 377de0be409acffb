/**
 * Form data checked against the implementation's application form (issue 20, item 1): precheck, submit and
 * supplement answer 422 FORM_INVALID with field-level errors; unknown keys are refused; prefilled fields come from
 * the real-name token (never from what the applicant typed), a clerk's 代办 keeps what the clerk entered; an
 * application keeps the form of the version it was filed under.
 */
import { ApplicationForm } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { PII_CIPHERTEXT_PATTERN } from '@hall/platform';
import {
  foodSnapshot,
  mainMaterials,
  publishImplementation,
  startIntake,
  LISI_ID,
  ZHANGSAN_ID,
  type IntakeHarness,
} from './factories/intake.factory.js';

const [kind = 'pglite'] = await testDatabaseKinds();

const FORM = ApplicationForm.parse({
  fields: [
    { key: 'applicantName', label: '申请人姓名', type: 'text', required: true, prefill: 'name' },
    { key: 'idNumber', label: '身份证号码', type: 'text', required: true, prefill: 'idNumber' },
    { key: 'premises', label: '经营场所', type: 'address', required: true },
    {
      key: 'businessForm',
      label: '主体业态',
      type: 'select',
      required: true,
      options: ['食品销售经营者', '餐饮服务经营者'],
    },
    { key: 'items', label: '经营项目', type: 'multiselect', options: ['热食类食品制售', '冷食类食品制售'] },
    { key: 'area', label: '经营面积', type: 'number', min: 1, max: 10000 },
    { key: 'postcode', label: '邮政编码', type: 'text', pattern: '^\\d{6}$', patternMessage: '6位数字' },
  ],
});
const VALID = {
  premises: '杭州市西湖区文三路100号',
  businessForm: '餐饮服务经营者',
  items: ['热食类食品制售'],
  area: 60,
  postcode: '310012',
};

describe(`intake form data against the application form (${kind})`, () => {
  let h: IntakeHarness;
  const snapshot = foodSnapshot({
    implementationCode: `${foodSnapshot().implementingBody.uscc}4000140100055`,
    applicationForm: FORM,
  });
  const code = snapshot.implementationCode;
  const count = async () =>
    Number(
      (await h.database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM application'))[0]?.n,
    );
  const fieldsOf = (body: { details?: { fields?: Array<{ field: string; code: string }> } }) =>
    (body.details?.fields ?? []).map((f) => [f.field, f.code]);

  beforeAll(async () => {
    h = await startIntake(kind);
    await publishImplementation(h, snapshot);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('precheck and submit: 422 FORM_INVALID with every field error (required, option, min, pattern, type, unknown key); nothing stored', async () => {
    const bad = {
      premises: ' ',
      businessForm: '网吧',
      items: ['热食类食品制售', '烧烤'],
      area: 0,
      postcode: '31001',
      shopName: '西湖小吃店',
    };
    const expected = [
      ['formData.shopName', 'unknown'],
      ['formData.premises', 'required'],
      ['formData.businessForm', 'option'],
      ['formData.items', 'option'],
      ['formData.area', 'min'],
      ['formData.postcode', 'pattern'],
    ];
    const pre = await h.api.post('zhangsan', '/applications/precheck', {
      implementationCode: code,
      formData: bad,
    });
    expect([pre.status, pre.body.code]).toEqual([422, 'FORM_INVALID']);
    expect(fieldsOf(pre.body)).toEqual(expected);
    expect(pre.body.details.fields[5].message).toContain('6位数字');

    const before = await count();
    const sub = await h.api.post('zhangsan', '/applications', {
      implementationCode: code,
      formData: bad,
      materials: await mainMaterials(h, 'zhangsan'),
    });
    expect([sub.status, sub.body.code]).toEqual([422, 'FORM_INVALID']);
    expect(fieldsOf(sub.body)).toEqual(expected);
    const wrongType = await h.api.post('zhangsan', '/applications', {
      implementationCode: code,
      formData: { ...VALID, area: 'sixty' },
      materials: await mainMaterials(h, 'zhangsan'),
    });
    expect(fieldsOf(wrongType.body)).toEqual([['formData.area', 'type']]);
    expect(await count()).toBe(before);

    const ok = await h.api.post('zhangsan', '/applications/precheck', {
      implementationCode: code,
      formData: VALID,
    });
    expect(ok.status).toBe(200);
  });

  it("prefilled fields come from the token: another person's ID number typed in is replaced; a clerk's 代办 keeps what the clerk entered", async () => {
    const res = await h.api.post('zhangsan', '/applications', {
      implementationCode: code,
      formData: { ...VALID, applicantName: '李四', idNumber: LISI_ID },
      materials: await mainMaterials(h, 'zhangsan'),
    });
    expect(res.status).toBe(201);
    expect(res.body.formData).toEqual({ ...VALID, applicantName: '张三', idNumber: ZHANGSAN_ID });
    // The ID number in the form data is encrypted at rest like the applicant's own column.
    const [row] = await h.database.db.sql.query<{ form_data: Record<string, unknown> }>(
      'SELECT form_data FROM application WHERE no = $1',
      [res.body.no],
    );
    expect(row?.form_data['idNumber']).toMatch(PII_CIPHERTEXT_PATTERN);
    expect(row?.form_data['premises']).toBe(VALID.premises);

    const forOther = await h.api.post('clerk.xihu', '/applications', {
      implementationCode: code,
      applicant: { kind: 'person', name: '李四', idNumber: LISI_ID },
      formData: { ...VALID, applicantName: '李四（代）' },
      materials: await mainMaterials(h, 'clerk.xihu'),
    });
    expect(forOther.status).toBe(201);
    // What the clerk typed stays; the empty prefilled field is taken from the walk-in applicant.
    expect(forOther.body.formData).toMatchObject({ applicantName: '李四（代）', idNumber: LISI_ID });
  });

  it('supplement: corrected form data is checked against the version the application was filed under', async () => {
    const filed = await h.api.post('zhangsan', '/applications', {
      implementationCode: code,
      formData: VALID,
      materials: await mainMaterials(h, 'zhangsan'),
    });
    expect(filed.status).toBe(201);
    const no = filed.body.no as string;
    // Version 2 adds a required field; the application stays on version 1.
    await publishImplementation(h, {
      ...snapshot,
      version: 2,
      applicationForm: {
        fields: [
          ...snapshot.applicationForm.fields,
          { key: 'seats', label: '座位数', type: 'number', required: true },
        ],
      },
    });
    const items = [
      { materialId: 'layout', problem: '未提交平面布局图' },
      { materialId: 'health', problem: '未提交健康证明' },
    ];
    expect((await h.api.post('clerk.xihu', `/applications/${no}/supplement-notice`, { items })).status).toBe(
      200,
    );
    const materials = [
      { materialId: 'layout', source: 'promise', promise: '承诺布局符合要求' },
      { materialId: 'health', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] },
    ];
    const bad = await h.api.post('zhangsan', `/applications/${no}/supplement`, {
      materials,
      formData: { ...VALID, seats: 20, businessForm: '' },
    });
    expect([bad.status, bad.body.code]).toEqual([422, 'FORM_INVALID']);
    expect(fieldsOf(bad.body)).toEqual([
      ['formData.seats', 'unknown'],
      ['formData.businessForm', 'required'],
    ]);
    const unchanged = await h.api.get('zhangsan', `/applications/${no}`);
    expect([unchanged.body.status, unchanged.body.formData.premises]).toEqual([
      'supplement-requested',
      VALID.premises,
    ]);

    const ok = await h.api.post('zhangsan', `/applications/${no}/supplement`, {
      materials,
      formData: { ...VALID, premises: '杭州市西湖区文三路200号', idNumber: LISI_ID },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.implementation.version).toBe(1);
    expect(ok.body.formData).toMatchObject({ premises: '杭州市西湖区文三路200号', idNumber: ZHANGSAN_ID });

    // A new application is judged by version 2: the new required field is asked.
    const next = await h.api.post('zhangsan', '/applications/precheck', {
      implementationCode: code,
      formData: VALID,
    });
    expect(fieldsOf(next.body)).toEqual([['formData.seats', 'required']]);
  });
  it('supplement after acceptance (容缺): approval holds the form data, so corrections → 422 FORM_LOCKED', async () => {
    const filed = await h.api.post('zhangsan', '/applications', {
      implementationCode: code,
      formData: { ...VALID, seats: 8 },
      materials: await mainMaterials(h, 'zhangsan'),
    });
    expect(filed.status).toBe(201);
    const no = filed.body.no as string;
    const accept = await h.api.post('clerk.xihu', `/applications/${no}/accept`, {
      mode: 'tolerance',
      missingMaterialIds: ['layout', 'health'],
      promise: '本人承诺按期补齐材料',
      supplyWithinDays: 5,
    });
    expect(accept.status).toBe(200);
    const res = await h.api.post('zhangsan', `/applications/${no}/supplement`, {
      materials: [
        { materialId: 'layout', source: 'promise', promise: '承诺布局符合要求' },
        { materialId: 'health', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] },
      ],
      formData: { ...VALID, seats: 9 },
    });
    expect([res.status, res.body.code]).toEqual([422, 'FORM_LOCKED']);
    expect((await h.api.get('zhangsan', `/applications/${no}`)).body.formData.seats).toBe(8);
  });
});
