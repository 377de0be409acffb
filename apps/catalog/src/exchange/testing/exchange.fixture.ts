import type { CatalogExchangeInput } from '@hall/contracts';

const sha = (c: string) => c.repeat(64);

/**
 * A rich exchange document: a city and a county (2 region levels under a province), 3 departments, 3 base
 * items incl. a sub-item, 3 implementations covering optional fields present / absent / empty-string,
 * parallel approval with steps, 2 licences, FAQs, and strings that stress the cell encoding (list separators,
 * backslashes, CR/LF, `_xHHHH_`, leading zeros, formula-like text).
 */
export const exchangeFixture: CatalogExchangeInput = {
  format: 'hall-catalog/1',
  regions: [
    { code: '340000', name: '安徽省', kind: 'province' },
    { code: '340100', name: '合肥市', kind: 'city', parentCode: '340000' },
    { code: '340102', name: '瑶海区', kind: 'county', parentCode: '340100' },
  ],
  departments: [
    { code: 'hf-amr', name: '合肥市市场监督管理局' },
    { code: 'hf-fire', name: '合肥市消防救援支队' },
    { code: 'yh-amr', name: '瑶海区市场监督管理局' },
  ],
  synonyms: [
    { alias: '营业执照', expansions: ['企业设立登记', '个体工商户登记'] },
    { alias: '食品证', expansions: ['食品经营许可'] },
  ],
  baseItems: [
    {
      code: '000120021000',
      name: '食品经营许可',
      type: '01',
      legalBasis: '《中华人民共和国食品安全法》第三十五条',
      competentDepartment: '市场监督管理部门',
      definedAtLevel: '1',
    },
    {
      code: '00012002100001',
      name: '食品经营许可（新办）',
      type: '01',
      legalBasis: '《食品经营许可和备案管理办法》',
      parentCode: '000120021000',
      handlingKind: 'new',
      competentDepartment: '',
    },
    {
      code: '2000000000001A',
      name: '公共场所卫生咨询',
      type: '20',
      legalBasis: '=《公共场所卫生管理条例》',
      parentCode: '',
    },
  ],
  implementations: [
    {
      baseCode: '000120021000',
      level: '3',
      regionCode: '340100',
      implementingBody: {
        name: '合肥市市场监督管理局',
        uscc: '11340100MB0123456X',
        departmentCode: 'hf-amr',
      },
      legalLimitDays: 20,
      promisedLimitDays: 5,
      caseType: '2',
      audiences: ['1', '2'],
      themes: ['开办企业', '餐饮;食品', ' 前后空格 ', 'back\\slash'],
      acceptanceConditions:
        '1. 具有与经营的食品品种、数量相适应的场所；\r\n2. 有食品安全专业技术人员_x0041_。\n3.\t其他',
      process: ['申请', '受理；审查', '决定、送达'],
      materials: [
        {
          id: 'm-01',
          name: '食品经营许可申请书',
          issuingBody: '申请人自备',
          originals: 1,
          copies: 0,
          required: true,
          main: true,
          acceptanceStandard: '内容完整、签字盖章',
          basis: '《食品经营许可和备案管理办法》第十二条',
          blankForm: {
            key: 'forms/m-01.docx',
            name: '申请书.docx',
            sha256: sha('a'),
            contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            size: 20480,
          },
          example: {
            key: 'forms/m-01-example.pdf',
            name: '申请书示例.pdf',
            sha256: sha('0'),
            contentType: 'application/pdf',
            size: 0,
          },
          replaceableByLicenceTypes: ['11100000000000127W', '0123'],
          promiseAllowed: true,
        },
        { id: '007', name: '营业执照', basis: '' },
      ],
      fees: [{ item: '工本费', standard: '0元', waivable: true }],
      processTemplate: {
        jointKind: 'general',
        lead: { code: 'hf-amr', name: '合肥市市场监督管理局', limitDays: 5 },
        coDepartments: [
          { code: 'hf-fire', name: '合肥市消防救援支队', limitDays: 3 },
          { code: 'yh-amr', name: '瑶海区市场监督管理局', limitDays: 0 },
        ],
        steps: [
          { id: 'accept', name: '受理', departmentCode: 'hf-amr', limitDays: 1 },
          { id: 'inspect', name: '现场核查', departmentCode: 'hf-fire', limitDays: 3, twoOfficials: true },
          { id: 'decide', name: '决定', departmentCode: 'hf-amr', limitDays: 1, twoOfficials: false },
        ],
      },
      results: [
        {
          licenceTypeCode: '11100000000000127W',
          name: '食品经营许可证',
          validityMonths: 60,
          fields: [
            '经营场所',
            '主体业态',
            { label: '经营者名称', source: 'holder', key: 'name', required: true },
            { label: '许可证编号', source: 'computed', key: 'licenceNumber', required: true },
            // A computed entry with its value (赋码 prefix): the value must survive export/import.
            {
              label: '统一社会信用代码',
              source: 'computed',
              key: 'registrationCode',
              value: '92',
              required: true,
            },
            {
              label: '日常监督管理机构',
              source: 'catalog',
              value: '瑶海区市场监督管理局=所',
              required: true,
            },
            { label: '经营项目', source: 'form', key: 'items', required: false },
          ],
        },
        { licenceTypeCode: '0042', name: '消防安全检查合格证', validityMonths: 0 },
      ],
      resultName: '准予许可决定书',
      applicationForm: {
        fields: [
          {
            key: 'operatorName',
            label: '经营者名称',
            type: 'text',
            required: true,
            prefill: 'orgName',
            group: '经营者',
          },
          {
            key: 'premises',
            label: '经营场所',
            type: 'address',
            required: true,
            maxLength: 300,
            group: '经营场所',
          },
          {
            key: 'businessForm',
            label: '主体业态',
            type: 'select',
            required: true,
            options: ['食品销售经营者', '餐饮服务经营者', '单位食堂'],
          },
          {
            key: 'items',
            label: '经营项目',
            type: 'multiselect',
            options: ['预包装食品销售', '热食类食品制售', '冷食类食品制售;含分号'],
          },
          { key: 'area', label: '经营面积（平方米）', type: 'number', min: 1, max: 100000 },
          { key: 'postcode', label: '邮政编码', pattern: '^\\d{6}$', patternMessage: '6位数字' },
          { key: 'openedOn', label: '拟开业日期', type: 'date' },
          { key: 'chainStore', label: '是否连锁', type: 'boolean', required: true },
          { key: 'remark', label: '备注', type: 'textarea', patternMessage: '' },
        ],
      },
      service: {
        handlingForms: ['1', '2', '3'],
        visits: 0,
        online: true,
        onlineUrl: 'https://www.ahzwfw.gov.cn/item/000120021000?region=340100',
        place: '合肥市政务服务中心二楼 A 区',
        hours: '工作日 9:00-12:00；13:00-17:00',
        consultPhone: '0551-12345',
        complaintPhone: '12345',
        faqs: [
          { q: '是否可以网上办理？', a: '可以，登录安徽政务服务网办理。' },
          { q: '需要现场核查吗？', a: '需要；由两名工作人员核查。\n核查后 3 日内出结果。' },
        ],
      },
      implementationCode: '11340100MB0123456X3000120021000',
      declared: { name: '食品经营许可', type: '01', legalBasis: '《中华人民共和国食品安全法》第三十五条' },
      publish: true,
    },
    {
      baseCode: '00012002100001',
      level: '4',
      regionCode: '340102',
      parentRegionCode: '340100',
      implementingBody: {
        name: '瑶海区市场监督管理局',
        uscc: '013401020000000001',
        departmentCode: 'yh-amr',
      },
      legalLimitDays: 20,
      promisedLimitDays: 0,
      caseType: '1',
      audiences: ['2'],
      materials: [{ id: 'm1', name: '营业执照复印件', copies: 1, required: false, main: false }],
      processTemplate: {
        jointKind: 'single',
        lead: { code: 'yh-amr', name: '瑶海区市场监督管理局', limitDays: 0 },
      },
      service: { handlingForms: ['1'], visits: 1, online: false },
      publish: false,
    },
    {
      baseCode: '2000000000001A',
      level: '3',
      regionCode: '340100',
      implementingBody: { name: '合肥市消防救援支队', uscc: '11340100MB0123457Y', departmentCode: 'hf-fire' },
      legalLimitDays: 10,
      promisedLimitDays: 3,
      caseType: '9',
      audiences: ['1', '2', '3', '4', '5', '6'],
      themes: [],
      process: ['咨询'],
      processTemplate: {
        jointKind: 'escalated',
        lead: { code: 'hf-fire', name: '合肥市消防救援支队', limitDays: 2 },
        steps: [{ id: 's1', name: '答复', departmentCode: 'hf-fire', limitDays: 2 }],
        escalateTo: { code: 'hf-amr', name: '合肥市市场监督管理局' },
      },
      results: [],
      service: {
        handlingForms: ['2', '9'],
        visits: 0,
        online: true,
        onlineUrl: 'https://example.gov.cn/a',
        place: '',
        hours: ' ',
        faqs: [{ q: '收费吗？', a: '不收费。' }],
      },
      implementationCode: '',
      declared: { type: '20' },
    },
  ],
};

/** `n` implementations (with 3 materials, 1 fee, a lead and a step, 1 FAQ each) for volume tests. */
export function bulkExchange(n: number): CatalogExchangeInput {
  const implementations: NonNullable<CatalogExchangeInput['implementations']> = [];
  for (let i = 0; i < n; i++) {
    const uscc = `1134010${String(i).padStart(10, '0')}X`;
    implementations.push({
      baseCode: '000120021000',
      level: '3',
      regionCode: '340100',
      implementingBody: { name: `实施主体${i}`, uscc, departmentCode: 'hf-amr' },
      legalLimitDays: 20,
      promisedLimitDays: 5,
      caseType: '2',
      audiences: ['1', '2'],
      themes: ['开办企业'],
      acceptanceConditions: '具有与经营的食品品种、数量相适应的场所。'.repeat(3),
      process: ['申请', '受理', '审查', '决定'],
      materials: [1, 2, 3].map((m) => ({ id: `m${m}`, name: `材料${m}`, copies: m, basis: '依据' })),
      fees: [{ item: '工本费', standard: '0元' }],
      processTemplate: {
        jointKind: 'single',
        lead: { code: 'hf-amr', name: '合肥市市场监督管理局', limitDays: 5 },
        steps: [{ id: 'accept', name: '受理', departmentCode: 'hf-amr', limitDays: 1 }],
      },
      service: { handlingForms: ['1', '2'], visits: 0, online: true, faqs: [{ q: '问题', a: '解答' }] },
    });
  }
  return { ...exchangeFixture, implementations };
}
