import { ImplementationSnapshot, MaterialSpec } from '@hall/contracts';
import type { z } from 'zod';

/**
 * A realistic published implementation snapshot: 食品经营许可 (新设) of 杭州市西湖区市场监督管理局, county
 * level, parallel approval led by market regulation with the health commission and fire rescue as
 * co-departments, two resulting licences (one long-term). Reuse it in any test that needs a snapshot.
 */

const USCC = '11330106MB1675528L'; // valid check character
const BASE_CODE = '000117005000';

export const FOOD_LICENCE_IMPLEMENTATION_CODE = `${USCC}4${BASE_CODE}`;

/** The raw input (before zod defaults), e.g. to post or to patch in a test. */
export const foodLicenceSnapshotInput = {
  implementationCode: FOOD_LICENCE_IMPLEMENTATION_CODE,
  version: 3,
  baseItem: {
    code: BASE_CODE,
    name: '食品经营许可',
    type: '01',
    legalBasis: [
      '1.《中华人民共和国食品安全法》第三十五条：国家对食品生产经营实行许可制度。从事食品生产、食品销售、餐饮服务，应当依法取得许可。',
      '2.《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）第二条：在中华人民共和国境内从事食品销售和餐饮服务活动，应当依法取得食品经营许可。',
    ].join('\n'),
    handlingKind: 'new',
    competentDepartment: '浙江省市场监督管理局',
  },
  level: '4',
  regionCode: '330106',
  regionName: '杭州市西湖区',
  implementingBody: { name: '杭州市西湖区市场监督管理局', uscc: USCC, departmentCode: 'market-regulation' },
  legalLimitDays: 20,
  promisedLimitDays: 5,
  caseType: '2',
  audiences: ['2', '6', '1'],
  themes: ['开办餐饮店', '准营准办'],
  acceptanceConditions: [
    '1.具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所，保持该场所环境整洁，并与有毒、有害场所以及其他污染源保持规定的距离；',
    '2.具有与经营的食品品种、数量相适应的经营设备或者设施，有相应的消毒、更衣、盥洗、采光、照明、通风、防腐、防尘、防蝇、防鼠、防虫、洗涤以及处理废水、存放垃圾和废弃物的设备或者设施；',
    '3.有专职或者兼职的食品安全管理人员和保证食品安全的规章制度；',
    '4.具有合理的设备布局和工艺流程，防止待加工食品与直接入口食品、原料与成品交叉污染，避免食品接触有毒物、不洁物。',
  ].join('\n'),
  process: [
    '申请：申请人通过浙江政务服务网或到区行政服务中心市场监管窗口提交申请材料。',
    '受理：窗口对申请材料进行审查，材料齐全、符合法定形式的予以受理。',
    '审查：市场监管部门会同卫生健康、消防救援部门并联审查，需要现场核查的由两名以上工作人员进行。',
    '决定：符合条件的作出准予许可决定，颁发食品经营许可证；不符合条件的作出不予许可决定并说明理由。',
    '送达：可选择窗口领取、邮寄送达或领取电子证照。',
  ],
  materials: [
    {
      id: 'application-form',
      name: '食品经营许可申请书',
      issuingBody: '申请人自备',
      originals: 1,
      copies: 0,
      acceptanceStandard: '申请书内容填写完整、准确，由法定代表人（负责人）签字并加盖公章。',
      basis: '《食品经营许可和备案管理办法》第十二条',
      blankForm: {
        key: 'forms/000117005000/食品经营许可申请书.docx',
        name: '食品经营许可申请书（空白表格）.docx',
        sha256: 'ff71cf74abb3ccb005b8b64371725db15edc42c1ad33413bbe561b2da3c85ef9',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        size: 48_213,
      },
      example: {
        key: 'examples/000117005000/application-form.pdf',
        name: '食品经营许可申请书（示例样表）.pdf',
        sha256: '50d858e0985ecc7f60418aaf0cc5ab587f42c2570a884095a9e8ccacd0f6545c',
        contentType: 'application/pdf',
        size: 152_774,
      },
    },
    {
      id: 'business-licence',
      name: '营业执照或者其他主体资格证明文件',
      issuingBody: '市场监督管理部门',
      originals: 0,
      copies: 1,
      acceptanceStandard: '复印件加盖申请人公章，与原件一致。',
      replaceableByLicenceTypes: ['YYZZ'],
    },
    {
      id: 'legal-rep-id',
      name: '法定代表人（负责人）身份证明',
      issuingBody: '公安机关',
      originals: 0,
      copies: 1,
      acceptanceStandard: '在有效期内。',
      replaceableByLicenceTypes: ['JMSFZ'],
    },
    {
      id: 'layout-plan',
      name: '与食品经营相适应的主要设备设施、经营布局、操作流程等文件',
      originals: 1,
      copies: 0,
      acceptanceStandard: '标明经营场所各功能区域的平面布局图、主要设备设施清单及操作流程，内容与实际一致。',
    },
    {
      id: 'safety-rules',
      name: '食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度',
      originals: 1,
      copies: 0,
      acceptanceStandard: '制度内容完整，符合经营项目的实际情况。',
      promiseAllowed: true,
    },
    {
      id: 'safety-manager',
      name: '食品安全管理人员基本情况及培训考核证明',
      originals: 0,
      copies: 1,
      required: false,
      main: false,
      acceptanceStandard: '经营场所面积较大或者从事高风险食品经营的，应当配备专职食品安全管理人员。',
      promiseAllowed: true,
    },
    {
      id: 'agent-authorisation',
      name: '委托代理人身份证明及授权委托书',
      originals: 1,
      copies: 1,
      required: false,
      main: false,
      acceptanceStandard: '申请人委托他人办理的提供；授权委托书应当载明委托事项和权限。',
    },
  ],
  fees: [],
  processTemplate: {
    jointKind: 'general',
    lead: { code: 'market-regulation', name: '杭州市西湖区市场监督管理局', limitDays: 5 },
    coDepartments: [
      { code: 'health-commission', name: '杭州市西湖区卫生健康局', limitDays: 3 },
      { code: 'fire-rescue', name: '杭州市西湖区消防救援大队', limitDays: 4 },
    ],
    steps: [
      { id: 'accept', name: '受理', departmentCode: 'market-regulation', limitDays: 0 },
      { id: 'review', name: '审查', departmentCode: 'market-regulation', limitDays: 2 },
      {
        id: 'inspect',
        name: '现场核查',
        departmentCode: 'market-regulation',
        limitDays: 2,
        twoOfficials: true,
      },
      {
        id: 'fire-check',
        name: '消防安全检查',
        departmentCode: 'fire-rescue',
        limitDays: 4,
        twoOfficials: true,
      },
      { id: 'decide', name: '决定', departmentCode: 'market-regulation', limitDays: 1 },
    ],
  },
  results: [
    {
      licenceTypeCode: 'SPJYXKZ',
      name: '食品经营许可证',
      validityMonths: 60,
      fields: [
        '经营者名称',
        '社会信用代码',
        '法定代表人',
        '经营场所',
        '主体业态',
        '经营项目',
        '许可证编号',
        '有效期',
      ],
    },
    {
      licenceTypeCode: 'GZJJCSXFAQJCHGZ',
      name: '公众聚集场所投入使用、营业前消防安全检查合格证',
      validityMonths: 0,
      fields: ['场所名称', '场所地址', '使用性质'],
    },
  ],
  resultName: '食品经营许可证',
  service: {
    handlingForms: ['1', '2', '3', '4'],
    visits: 0,
    online: true,
    onlineUrl: 'https://www.zjzwfw.gov.cn/zjservice/item/detail/index.do?localInnerCode=000117005000',
    place: '杭州市西湖区行政服务中心（文二西路 1 号）二楼市场监管窗口',
    hours: '周一至周五 上午 9:00—12:00，下午 13:30—17:00（法定节假日除外）',
    consultPhone: '0571-12345',
    complaintPhone: '0571-12315',
    faqs: [
      {
        q: '食品经营许可证有效期是多久？',
        a: '食品经营许可证有效期为5年，有效期届满需要延续的，应当在有效期届满前90个工作日至15个工作日期间提出申请。',
      },
      {
        q: '仅销售预包装食品需要办理许可吗？',
        a: '仅销售预包装食品的，实行备案管理，无需取得食品经营许可。',
      },
    ],
  },
  publishedAt: '2026-11-21T17:30:00.000Z', // 2026-11-22 01:30 in China
} satisfies z.input<typeof ImplementationSnapshot>;

/** A fresh parsed copy of the fixture (zod defaults applied), with optional top-level overrides. */
export function foodLicenceSnapshot(overrides: Partial<ImplementationSnapshot> = {}): ImplementationSnapshot {
  return ImplementationSnapshot.parse({ ...structuredClone(foodLicenceSnapshotInput), ...overrides });
}

/**
 * `count` extra materials with long names and acceptance standards, for layouts that must wrap text and
 * break tables across pages.
 */
export function manyMaterials(count: number): MaterialSpec[] {
  return Array.from({ length: count }, (_, i) =>
    MaterialSpec.parse({
      id: `extra-${i + 1}`,
      name: `第${i + 1}项补充材料：从业人员健康证明及食品安全知识培训合格证明（含兼职人员、临时聘用人员）`,
      issuingBody: i % 2 === 0 ? '疾病预防控制机构或者有资质的医疗机构' : '申请人自备',
      originals: 1,
      copies: i % 3,
      required: i % 4 !== 0,
      main: i % 5 !== 0,
      acceptanceStandard:
        '健康证明应当在有效期内，载明体检项目及结论；培训合格证明应当由有关部门或者行业协会出具，' +
        '与申请书所列从业人员一一对应，复印件应当加盖申请人公章并注明“与原件一致”。',
      promiseAllowed: i % 2 === 1,
    }),
  );
}
