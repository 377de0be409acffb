import { describe, expect, it } from '@jest/globals';
import {
  fillLicenceFields,
  formatLicenceFieldEntry,
  LicenceFieldEntry,
  parseLicenceFieldEntry,
  unfillableLicenceFields,
} from './licence-fields.js';

const ctx = {
  formData: { premises: '文三路100号', items: ['热食类食品制售'], chain: false },
  holder: { name: '张三', idNumber: '330102199003071230' },
  decision: { decidedAt: '2026-12-05T01:00:00.000Z', applicationNo: '330106202612050000011' },
  catalog: {
    issuer: '西湖区市场监督管理局',
    implementingBody: '西湖区市场监督管理局',
    itemName: '食品经营许可',
  },
};

describe('licence field fill rule', () => {
  it('fills from every source; a plain string is an optional form field; computed ones count as fillable without values', () => {
    const entries = LicenceFieldEntry.array().parse([
      '经营场所',
      { label: '经营者名称', source: 'holder', key: 'name' },
      { label: '经营项目', key: 'items' },
      { label: '是否连锁', key: 'chain' },
      { label: '许可证编号', source: 'computed', key: 'licenceNumber' },
      { label: '日常监督管理机构', source: 'catalog', value: '西湖区市场监管所' },
      { label: '决定日期', source: 'decision', key: 'decidedAt' },
    ]);
    const { fields, missing } = fillLicenceFields(entries, ctx);
    expect(missing).toEqual([]);
    expect(fields.map((f) => f.value)).toEqual([
      '',
      '张三',
      '热食类食品制售',
      '否',
      '(computed at issuance)',
      '西湖区市场监管所',
      '2026-12-05',
    ]);
    const issued = fillLicenceFields(entries, {
      ...ctx,
      computed: {
        licenceNumber: 'X-1',
        validity: '长期',
        validUntil: '长期',
        issueDate: '2026年12月5日',
        registrationCode: (p: string) => `${p}X`,
      },
    });
    expect(issued.fields[4]).toEqual({ label: '许可证编号', value: 'X-1' });
  });

  it('names the required fields that cannot be filled, per licence', () => {
    const results = [
      {
        licenceTypeCode: 'JY',
        name: '食品经营许可证',
        fields: LicenceFieldEntry.array().parse([
          { label: '主体业态', key: 'businessForm' },
          { label: '住所', key: 'residence' },
          '备注',
        ]),
      },
      {
        licenceTypeCode: 'PHS',
        name: '公共场所卫生许可证',
        fields: LicenceFieldEntry.array().parse([{ label: '经营地址', key: 'premises' }]),
      },
    ];
    expect(unfillableLicenceFields(results, { ...ctx, implementingBody: 'X', itemName: 'Y' })).toEqual([
      { licenceTypeCode: 'JY', name: '食品经营许可证', fields: ['主体业态', '住所'] },
    ]);
  });

  it('refuses an unknown key of a non-form source; the one-cell text round-trips', () => {
    expect(LicenceFieldEntry.safeParse({ label: 'x', source: 'holder', key: 'address' }).success).toBe(false);
    expect(LicenceFieldEntry.safeParse({ label: 'x', source: 'computed' }).success).toBe(false);
    for (const e of LicenceFieldEntry.array().parse([
      '住所',
      { label: '编号', source: 'computed', key: 'licenceNumber' },
      { label: '机构', source: 'catalog', value: 'a=b', required: false },
      // The computed value (统一社会信用代码's prefix) is kept (it was dropped by the one-cell text).
      { label: '统一社会信用代码', source: 'computed', key: 'registrationCode', value: '91' },
      { label: '代码', source: 'computed', key: 'registrationCode', value: '5=2', required: false },
      { label: '出证', source: 'catalog', key: 'issuer' },
    ])) {
      expect(LicenceFieldEntry.parse(parseLicenceFieldEntry(formatLicenceFieldEntry(e)))).toEqual(e);
    }
  });
});
