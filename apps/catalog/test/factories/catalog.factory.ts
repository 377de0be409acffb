import { LT, type CatalogExchangeInput } from '@hall/contracts';
import { usccCheckDigit } from '@hall/auth';

export const uscc = (first17: string): string => `${first17}${usccCheckDigit(first17)}`;

export const BODIES = {
  xihuMarket: {
    name: '杭州市西湖区市场监督管理局',
    uscc: uscc('11330106MB163250'.padEnd(17, '0')),
    departmentCode: 'market-regulation',
  },
  hangzhouMarket: {
    name: '杭州市市场监督管理局',
    uscc: uscc('11330100MB0000001'),
    departmentCode: 'market-regulation',
  },
  haishuMarket: {
    name: '宁波市海曙区市场监督管理局',
    uscc: uscc('11330203MB0000002'),
    departmentCode: 'market-regulation',
  },
  xihuHealth: {
    name: '杭州市西湖区卫生健康局',
    uscc: uscc('11330106MB0000004'),
    departmentCode: 'health-commission',
  },
};

export const FOOD_BASE = {
  code: '000140100000',
  name: '食品经营许可',
  type: '01' as const,
  legalBasis: '《中华人民共和国食品安全法》第三十五条',
  legalLimitDays: 20,
};

/** A valid draft of 食品经营许可 at one body/region, with a parallel approval template and two licences. */
export function foodDraft(overrides: Record<string, unknown> = {}) {
  return {
    baseCode: FOOD_BASE.code,
    level: '4',
    regionCode: '330106',
    parentRegionCode: '330100',
    implementingBody: BODIES.xihuMarket,
    promisedLimitDays: 7,
    caseType: '2',
    audiences: ['1', '2'],
    themes: ['餐饮开店'],
    acceptanceConditions: '申请人取得营业执照等合法主体资格；有与经营的食品品种、数量相适应的经营场所。',
    process: ['申请', '受理', '审查', '决定', '送达'],
    materials: [
      {
        id: 'application',
        name: '食品经营许可申请书',
        issuingBody: '申请人',
        originals: 1,
        required: true,
        main: true,
        acceptanceStandard: '填写完整、签字盖章',
      },
      {
        id: 'licence',
        name: '营业执照',
        issuingBody: '市场监督管理部门',
        copies: 1,
        required: true,
        main: true,
        replaceableByLicenceTypes: [LT.BL],
      },
      {
        id: 'layout',
        name: '经营场所平面布局图',
        originals: 1,
        required: false,
        main: false,
        promiseAllowed: true,
      },
    ],
    fees: [],
    processTemplate: {
      jointKind: 'general',
      lead: { code: 'market-regulation', name: '市场监督管理局', limitDays: 7 },
      coDepartments: [
        { code: 'health-commission', name: '卫生健康委员会', limitDays: 5 },
        { code: 'fire-rescue', name: '消防救援支队', limitDays: 5 },
      ],
      steps: [
        {
          id: 'site-check',
          name: '现场核查',
          departmentCode: 'market-regulation',
          limitDays: 3,
          twoOfficials: true,
        },
      ],
    },
    results: [
      { licenceTypeCode: LT.JY, name: '食品经营许可证', validityMonths: 60 },
      // 多证联办: the co-department competent for it issues this one (出证机构).
      {
        licenceTypeCode: LT.PHS,
        name: '公共场所卫生许可证',
        validityMonths: 48,
        issuingBody: BODIES.xihuHealth,
      },
    ],
    resultName: '食品经营许可证',
    service: {
      handlingForms: ['1', '2'],
      visits: 0,
      online: true,
      place: '杭州市西湖区行政服务中心',
      hours: '周一至周五 9:00-12:00，13:30-17:00',
      consultPhone: '0571-12345',
      complaintPhone: '12345',
      faqs: [{ q: '可以网上办理吗？', a: '可以，全程网办。' }],
    },
    ...overrides,
  };
}

export function catalogDoc(extra: Partial<CatalogExchangeInput> = {}): CatalogExchangeInput {
  return {
    format: 'hall-catalog/1',
    regions: [
      { code: '330000', name: '浙江省', kind: 'province' },
      { code: '330100', name: '杭州市', kind: 'city', parentCode: '330000' },
      { code: '330200', name: '宁波市', kind: 'city', parentCode: '330000' },
      { code: '330106', name: '杭州市西湖区', kind: 'county', parentCode: '330100' },
      { code: '330203', name: '宁波市海曙区', kind: 'county', parentCode: '330200' },
    ],
    departments: [
      { code: 'market-regulation', name: '市场监督管理局' },
      { code: 'health-commission', name: '卫生健康委员会' },
      { code: 'fire-rescue', name: '消防救援支队' },
    ],
    baseItems: [FOOD_BASE],
    implementations: [
      foodDraft(),
      foodDraft({
        level: '3',
        regionCode: '330100',
        parentRegionCode: '330000',
        implementingBody: BODIES.hangzhouMarket,
      }),
    ] as never,
    ...extra,
  };
}
