import { describe, expect, it } from '@jest/globals';
import { ImplementationSnapshot, LT } from '@hall/contracts';
import {
  buildGuide,
  catalogFileHref,
  formatChinaDate,
  formatValidity,
  formatWorkingDays,
  guideSection,
  safeHref,
  type GuideField,
} from './guide.model.js';
import {
  FOOD_LICENCE_IMPLEMENTATION_CODE,
  foodLicenceSnapshot,
  foodLicenceSnapshotInput,
} from './testing/snapshot.fixture.js';

const valueOf = (fields: GuideField[], label: string) => fields.find((f) => f.label === label);

describe('snapshot fixture', () => {
  it('parses as an ImplementationSnapshot', () => {
    const parsed = ImplementationSnapshot.parse(foodLicenceSnapshotInput);
    expect(parsed.implementationCode).toBe(FOOD_LICENCE_IMPLEMENTATION_CODE);
    expect(parsed.processTemplate.coDepartments.map((d) => d.code)).toEqual([
      'health-commission',
      'fire-rescue',
    ]);
    expect(parsed.results).toHaveLength(2);
  });

  it('returns independent copies', () => {
    const a = foodLicenceSnapshot();
    a.materials.pop();
    expect(foodLicenceSnapshot().materials).toHaveLength(foodLicenceSnapshotInput.materials.length);
  });
});

describe('buildGuide', () => {
  const guide = buildGuide(foodLicenceSnapshot());

  it('has the title, version and publish date in China time', () => {
    expect(guide.title).toBe('食品经营许可 办事指南');
    expect(guide.name).toBe('食品经营许可');
    expect(guide.version).toBe(3);
    expect(guide.versionLabel).toBe('第3版');
    // 2026-11-21T17:30Z is already 22 November in Beijing.
    expect(guide.publishedDate).toBe('2026年11月22日');
    expect(guide.publishedAt).toBe('2026-11-21T17:30:00.000Z');
  });

  it('has every section once, in guide order', () => {
    expect(guide.sections.map((s) => [s.id, s.title])).toEqual([
      ['basic', '基本信息'],
      ['legal-basis', '设定依据'],
      ['conditions', '受理条件'],
      ['materials', '申请材料'],
      ['process', '办理流程'],
      ['fees', '收费标准'],
      ['results', '办理结果'],
      ['intermediaries', '中介服务'],
      ['place', '办理地点和时间'],
      ['contact', '咨询与投诉'],
      ['faq', '常见问题'],
    ]);
  });

  it('formats the basic information with the code tables', () => {
    const { fields } = guideSection(guide, 'basic');
    const v = (label: string) => valueOf(fields, label)?.value;
    expect(v('事项名称')).toBe('食品经营许可');
    expect(v('事项类型')).toBe('行政许可');
    expect(v('基本编码')).toBe('000117005000');
    expect(v('实施编码')).toBe(FOOD_LICENCE_IMPLEMENTATION_CODE);
    expect(v('实施主体')).toBe('杭州市西湖区市场监督管理局');
    expect(v('行使层级')).toBe('县级');
    expect(v('服务对象')).toBe('企业法人、其他组织、自然人');
    expect(v('办件类型')).toBe('承诺件');
    expect(v('业务办理项')).toBe('新设');
    expect(v('法定办结时限')).toBe('20个工作日');
    expect(v('承诺办结时限')).toBe('5个工作日');
    expect(v('到办事现场次数')).toBe('0次');
    expect(v('是否网办')).toBe('是');
    expect(v('办理形式')).toBe('窗口办理、网上办理（电脑端）、网上办理（移动端）、快递申请');
    const online = valueOf(fields, '网上办理地址');
    expect(online?.href).toMatch(/^https:\/\/www\.zjzwfw\.gov\.cn\//);
  });

  it('splits legal basis and conditions into paragraphs', () => {
    expect(guideSection(guide, 'legal-basis').paragraphs).toHaveLength(2);
    expect(guideSection(guide, 'conditions').paragraphs[0]).toMatch(/^1\.具有与经营的食品品种/);
  });

  it('lists materials as table rows', () => {
    const { rows } = guideSection(guide, 'materials');
    expect(rows.map((r) => r.no)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const [form, licence, , , rules, manager, agent] = rows;
    expect(form).toMatchObject({
      name: '食品经营许可申请书',
      issuingBody: '申请人自备',
      quantity: '原件1份',
      necessity: '必要',
      category: '主要',
    });
    expect(form?.blankForm).toEqual({
      label: '空白表格',
      name: '食品经营许可申请书（空白表格）.docx',
      href: `/api/catalog/files/forms/000117005000/${encodeURIComponent('食品经营许可申请书.docx')}`,
    });
    expect(form?.example?.href).toBe('/api/catalog/files/examples/000117005000/application-form.pdf');
    expect(licence).toMatchObject({
      quantity: '复印件1份',
      exemptByLicences: ['YYZZ'],
      exemption: '可通过电子证照免提交（YYZZ）',
      promise: '',
    });
    expect(rules).toMatchObject({ promiseAllowed: true, promise: '可告知承诺', exemption: '' });
    expect(manager).toMatchObject({ required: false, necessity: '非必要', category: '辅助' });
    expect(agent?.quantity).toBe('原件1份；复印件1份');
  });

  it('names a licence type the snapshot results know', () => {
    const s = foodLicenceSnapshot();
    s.materials = s.materials.map((m, i) =>
      i === 1 ? { ...m, replaceableByLicenceTypes: ['SPJYXKZ', LT.ID, 'OTHER1'] } : m,
    );
    const row = guideSection(buildGuide(s), 'materials').rows[1];
    expect(row?.exemption).toBe('可通过电子证照免提交（食品经营许可证、居民身份证、OTHER1）');
  });

  it('describes the process with steps and the parallel departments', () => {
    const process = guideSection(guide, 'process');
    expect(process.description).toHaveLength(5);
    expect(process.steps[0]).toEqual({
      no: 1,
      name: '受理',
      department: '杭州市西湖区市场监督管理局',
      limit: '即办',
      note: '',
    });
    expect(process.steps[3]).toEqual({
      no: 4,
      name: '消防安全检查',
      department: '杭州市西湖区消防救援大队',
      limit: '4个工作日',
      note: '两名工作人员现场核查',
    });
    expect(process.parallel?.kind).toBe('general');
    expect(process.parallel?.kindName).toMatch(/^一般并联审批/);
    expect(process.parallel?.departments).toEqual([
      { role: '牵头部门', code: 'market-regulation', name: '杭州市西湖区市场监督管理局', limit: '5个工作日' },
      { role: '协办部门', code: 'health-commission', name: '杭州市西湖区卫生健康局', limit: '3个工作日' },
      { role: '协办部门', code: 'fire-rescue', name: '杭州市西湖区消防救援大队', limit: '4个工作日' },
    ]);
  });

  it('has no parallel block for a single department', () => {
    const s = foodLicenceSnapshot();
    s.processTemplate = { ...s.processTemplate, jointKind: 'single', coDepartments: [] };
    expect(guideSection(buildGuide(s), 'process').parallel).toBeNull();
  });

  it('says 不收费 without fees and lists fees otherwise', () => {
    expect(guideSection(guide, 'fees')).toMatchObject({ free: true, summary: '不收费', rows: [] });
    const paid = buildGuide(
      foodLicenceSnapshot({
        fees: [
          {
            item: '工本费',
            standard: '每证10元',
            basis: '浙价费〔2020〕1号',
            waivable: true,
            reductions: '',
          },
        ],
      }),
    );
    expect(guideSection(paid, 'fees')).toMatchObject({
      free: false,
      rows: [{ item: '工本费', standard: '每证10元', waivable: '是' }],
    });
  });

  it('lists the results with validity (长期 for 0 months)', () => {
    const results = guideSection(guide, 'results');
    expect(results.resultName).toBe('食品经营许可证');
    expect(results.rows).toEqual([
      { no: 1, licenceTypeCode: 'SPJYXKZ', name: '食品经营许可证', validity: '5年' },
      {
        no: 2,
        licenceTypeCode: 'GZJJCSXFAQJCHGZ',
        name: '公众聚集场所投入使用、营业前消防安全检查合格证',
        validity: '长期',
      },
    ]);
  });

  it('has place, hours, phones and FAQs', () => {
    const place = guideSection(guide, 'place').fields;
    expect(valueOf(place, '办理地点')?.value).toMatch(/西湖区行政服务中心/);
    expect(valueOf(place, '办理时间')?.value).toMatch(/^周一至周五/);
    const contact = guideSection(guide, 'contact').fields;
    expect(contact).toEqual([
      { label: '咨询电话', value: '0571-12345' },
      { label: '监督投诉电话', value: '0571-12315' },
    ]);
    expect(guideSection(guide, 'faq').items).toHaveLength(2);
  });

  it('fills empty texts with 暂无 and offline items have no address', () => {
    const s = foodLicenceSnapshot();
    s.service = { ...s.service, online: false, place: '', consultPhone: ' ' };
    const g = buildGuide(s);
    expect(valueOf(guideSection(g, 'basic').fields, '是否网办')?.value).toBe('否');
    expect(valueOf(guideSection(g, 'basic').fields, '网上办理地址')).toBeUndefined();
    expect(valueOf(guideSection(g, 'place').fields, '办理地点')?.value).toBe('暂无');
    expect(valueOf(guideSection(g, 'contact').fields, '咨询电话')?.value).toBe('暂无');
  });

  it('is plain JSON and pure', () => {
    expect(JSON.parse(JSON.stringify(guide))).toEqual(guide);
    expect(buildGuide(foodLicenceSnapshot())).toEqual(guide);
  });
});

describe('formatting helpers', () => {
  it('formats working days', () => {
    expect(formatWorkingDays(20)).toBe('20个工作日');
    expect(formatWorkingDays(0)).toBe('即办');
  });

  it('formats validity', () => {
    expect(formatValidity(0)).toBe('长期');
    expect(formatValidity(60)).toBe('5年');
    expect(formatValidity(12)).toBe('1年');
    expect(formatValidity(18)).toBe('1年6个月');
    expect(formatValidity(6)).toBe('6个月');
  });

  it('formats dates in China time', () => {
    expect(formatChinaDate('2026-01-01T00:00:00+08:00')).toBe('2026年1月1日');
    expect(formatChinaDate('2025-12-31T15:59:59Z')).toBe('2025年12月31日');
    expect(formatChinaDate('2025-12-31T16:00:00Z')).toBe('2026年1月1日');
    expect(() => formatChinaDate('yesterday')).toThrow(RangeError);
  });

  it('links only http(s) URLs and encodes file keys', () => {
    expect(safeHref('https://example.gov.cn/a?b=1')).toBe('https://example.gov.cn/a?b=1');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,<b>x</b>')).toBeUndefined();
    expect(safeHref(undefined)).toBeUndefined();
    expect(catalogFileHref('a b/c?d#e.pdf')).toBe('/api/catalog/files/a%20b/c%3Fd%23e.pdf');
  });
});
