/**
 * DEMO CATALOG (演示目录): seeded into an empty catalog on first start so that a fresh hall shows a realistic
 * 基本目录 and 实施清单 for 浙江省 (province), 杭州市 / 宁波市 (cities) and four districts.
 *
 * - Item names, types (GB/T 39046 A), legal bases (设定依据) and legal time limits follow the cited laws and
 *   regulations; base codes follow the national 12-digit style but are NOT the official codes.
 * - Implementing bodies are real authority names; their 统一社会信用代码 are MADE UP (valid GB 32100 and GB 11714
 *   check characters, '11' = 机关). Replace the whole catalog with the real 事项库 export in any deployment.
 * - Implementations are generated from one template per item plus one placement per region (三级四同: the locked
 *   elements live on the base item only; placements localise body, limits, process and service details).
 * Deterministic: no randomness, no clock.
 */
import { canonicalLicenceTypeCode, LT, type CatalogExchangeInput, type RegionInput } from '@hall/contracts';
import { defaultForm, ITEM_FORMS, LICENCE_FORM_FIELDS } from './demo-forms.data.js';

type BaseItemRow = NonNullable<CatalogExchangeInput['baseItems']>[number];
type ImplementationRow = NonNullable<CatalogExchangeInput['implementations']>[number];
type MaterialRow = NonNullable<ImplementationRow['materials']>[number];
type FeeRow = NonNullable<ImplementationRow['fees']>[number];
type ResultRow = NonNullable<ImplementationRow['results']>[number];
type ProcessTemplateRow = ImplementationRow['processTemplate'];
type StepRow = NonNullable<ProcessTemplateRow['steps']>[number];
type ServiceRow = ImplementationRow['service'];
type ProviderRow = NonNullable<ImplementationRow['intermediaryProviders']>[number];
type FaqRow = NonNullable<ServiceRow['faqs']>[number];
type AudienceCode = ImplementationRow['audiences'][number];
type HandlingFormCode = ServiceRow['handlingForms'][number];

// ---------------------------------------------------------------------------------------------------------------
// Regions (GB/T 2260)
// ---------------------------------------------------------------------------------------------------------------

interface RegionDef {
  readonly code: string;
  readonly name: string;
  readonly kind: 'province' | 'city' | 'county' | 'town';
  readonly parent?: RegionKey;
  /** 行使层级 of bodies in this region: 2 省, 3 市, 4 县, 5 乡镇. */
  readonly level: '2' | '3' | '4' | '5';
  /** Telephone area code (12345 政务服务便民热线 is dialled with it from outside the city). */
  readonly areaCode: string;
  /** Default place of handling (办理地点). */
  readonly hall: string;
}

type RegionKey = 'zj' | 'hz' | 'nb' | 'sc' | 'xh' | 'hs' | 'yz' | 'sd';

const REGIONS: Readonly<Record<RegionKey, RegionDef>> = {
  zj: {
    code: '330000',
    name: '浙江省',
    kind: 'province',
    level: '2',
    areaCode: '0571',
    hall: '浙江政务服务网、“浙里办”APP全程网办',
  },
  hz: {
    code: '330100',
    name: '杭州市',
    kind: 'city',
    parent: 'zj',
    level: '3',
    areaCode: '0571',
    hall: '杭州市民中心（杭州市上城区解放东路18号）',
  },
  nb: {
    code: '330200',
    name: '宁波市',
    kind: 'city',
    parent: 'zj',
    level: '3',
    areaCode: '0574',
    hall: '宁波市行政服务中心（宁波市鄞州区宁穿路1901号）',
  },
  sc: {
    code: '330102',
    name: '杭州市上城区',
    kind: 'county',
    parent: 'hz',
    level: '4',
    areaCode: '0571',
    hall: '杭州市上城区政务服务中心',
  },
  xh: {
    code: '330106',
    name: '杭州市西湖区',
    kind: 'county',
    parent: 'hz',
    level: '4',
    areaCode: '0571',
    hall: '杭州市西湖区政务服务中心',
  },
  hs: {
    code: '330203',
    name: '宁波市海曙区',
    kind: 'county',
    parent: 'nb',
    level: '4',
    areaCode: '0574',
    hall: '宁波市海曙区政务服务中心',
  },
  yz: {
    code: '330212',
    name: '宁波市鄞州区',
    kind: 'county',
    parent: 'nb',
    level: '4',
    areaCode: '0574',
    hall: '宁波市鄞州区政务服务中心',
  },
  /** A township (乡镇级 implementations); its region row is in SUB_COUNTY_REGIONS with the other 12-digit codes. */
  sd: {
    code: '330106109000',
    name: '杭州市西湖区三墩镇',
    kind: 'town',
    parent: 'xh',
    level: '5',
    areaCode: '0571',
    hall: '三墩镇便民服务中心',
  },
};

/** The regions down to the county (the townships' rows come from SUB_COUNTY_REGIONS). */
const REGION_KEYS: readonly RegionKey[] = ['zj', 'hz', 'nb', 'sc', 'xh', 'hs', 'yz'];

// ---------------------------------------------------------------------------------------------------------------
// Departments (部门). Codes are shared with officers' `department` token attribute (see @hall/auth org-units).
// ---------------------------------------------------------------------------------------------------------------

const DEPARTMENTS = [
  { code: 'service-center', name: '政务服务中心' },
  { code: 'market-regulation', name: '市场监督管理局' },
  { code: 'health-commission', name: '卫生健康委员会' },
  { code: 'fire-rescue', name: '消防救援支队' },
  { code: 'data-bureau', name: '数据资源管理局' },
  { code: 'natural-resources', name: '自然资源和规划局' },
  { code: 'housing-construction', name: '住房和城乡建设局' },
  { code: 'public-security', name: '公安局' },
  { code: 'ecology-environment', name: '生态环境局' },
  { code: 'human-resources', name: '人力资源和社会保障局' },
  { code: 'civil-affairs', name: '民政局' },
  { code: 'transport', name: '交通运输局' },
  { code: 'culture-tourism', name: '文化广电旅游体育局' },
  { code: 'emergency-management', name: '应急管理局' },
  { code: 'medical-products', name: '药品监督管理局' },
  { code: 'education', name: '教育局' },
  { code: 'urban-management', name: '综合行政执法局（城市管理局）' },
  { code: 'taxation', name: '税务局' },
] as const;

type Dept = (typeof DEPARTMENTS)[number]['code'];

/** Sector supervision / complaint hotlines (national short numbers). */
const SECTOR_HOTLINES: Partial<Record<Dept, string>> = {
  'market-regulation': '12315',
  'medical-products': '12315',
  'health-commission': '12320',
  'fire-rescue': '96119',
  'natural-resources': '12336',
  'housing-construction': '12319',
  'urban-management': '12319',
  'public-security': '12389',
  'ecology-environment': '12369',
  'human-resources': '12333',
  transport: '12328',
  'culture-tourism': '12318',
  'emergency-management': '12350',
  taxation: '12366',
};

// ---------------------------------------------------------------------------------------------------------------
// Implementing bodies (实施主体). USCCs are made up; check characters are valid (GB 32100 / GB 11714).
// ---------------------------------------------------------------------------------------------------------------

type BodyKey = `${RegionKey}.${Dept}`;
interface BodyDef {
  readonly name: string;
  readonly uscc: string;
}

const BODIES: Partial<Record<BodyKey, BodyDef>> = {
  'zj.medical-products': { name: '浙江省药品监督管理局', uscc: '11330000001234378W' },
  'zj.culture-tourism': { name: '浙江省文化广电和旅游厅', uscc: '11330000000077075U' },
  'zj.civil-affairs': { name: '浙江省民政厅', uscc: '11330000009781958C' },
  'zj.education': { name: '浙江省教育厅', uscc: '1133000000272095XC' },
  'hz.market-regulation': { name: '杭州市市场监督管理局', uscc: '113301000078170729' },
  'hz.health-commission': { name: '杭州市卫生健康委员会', uscc: '11330100004647063T' },
  'hz.fire-rescue': { name: '杭州市消防救援支队', uscc: '11330100009326074F' },
  'hz.natural-resources': { name: '杭州市规划和自然资源局', uscc: '11330100003101720P' },
  'hz.housing-construction': { name: '杭州市城乡建设委员会', uscc: '11330100006614740N' },
  'hz.public-security': { name: '杭州市公安局', uscc: '11330100009584786K' },
  'hz.ecology-environment': { name: '杭州市生态环境局', uscc: '113301000063199953' },
  'hz.human-resources': { name: '杭州市人力资源和社会保障局', uscc: '11330100003873966G' },
  'hz.civil-affairs': { name: '杭州市民政局', uscc: '11330100004409065B' },
  'hz.culture-tourism': { name: '杭州市文化广电旅游局', uscc: '11330100002541054J' },
  'hz.emergency-management': { name: '杭州市应急管理局', uscc: '11330100000410413L' },
  'hz.education': { name: '杭州市教育局', uscc: '11330100007273626L' },
  'hz.urban-management': { name: '杭州市城市管理局', uscc: '11330100006431549U' },
  'hz.taxation': { name: '国家税务总局杭州市税务局', uscc: '1133010000521557XY' },
  'nb.market-regulation': { name: '宁波市市场监督管理局', uscc: '11330200003065408B' },
  'nb.natural-resources': { name: '宁波市自然资源和规划局', uscc: '11330200004163472A' },
  'nb.public-security': { name: '宁波市公安局', uscc: '113302000030255372' },
  'nb.ecology-environment': { name: '宁波市生态环境局', uscc: '113302000034234479' },
  'nb.human-resources': { name: '宁波市人力资源和社会保障局', uscc: '11330200000621851J' },
  'nb.civil-affairs': { name: '宁波市民政局', uscc: '11330200006168218U' },
  'nb.taxation': { name: '国家税务总局宁波市税务局', uscc: '113302000073545815' },
  'sc.market-regulation': { name: '杭州市上城区市场监督管理局', uscc: '11330102007796929X' },
  'sc.health-commission': { name: '杭州市上城区卫生健康局', uscc: '11330102002557953J' },
  'sc.fire-rescue': { name: '杭州市上城区消防救援大队', uscc: '11330102009279618E' },
  'sc.public-security': { name: '杭州市公安局上城区分局', uscc: '1133010200884550XX' },
  'sc.culture-tourism': { name: '杭州市上城区文化和广电旅游体育局', uscc: '11330102001693910K' },
  'sc.civil-affairs': { name: '杭州市上城区民政局', uscc: '113301020033822946' },
  'sc.ecology-environment': { name: '杭州市生态环境局上城分局', uscc: '11330102001172947Q' },
  'sc.urban-management': { name: '杭州市上城区城市管理局', uscc: '113301020038024122' },
  'xh.market-regulation': { name: '杭州市西湖区市场监督管理局', uscc: '11330106006679210G' },
  'xh.health-commission': { name: '杭州市西湖区卫生健康局', uscc: '1133010600376898XA' },
  'xh.fire-rescue': { name: '杭州市西湖区消防救援大队', uscc: '113301060001771486' },
  'xh.natural-resources': { name: '杭州市规划和自然资源局西湖分局', uscc: '11330106005508882R' },
  'xh.public-security': { name: '杭州市公安局西湖区分局', uscc: '113301060006319372' },
  'xh.civil-affairs': { name: '杭州市西湖区民政局', uscc: '113301060064846836' },
  'xh.human-resources': { name: '杭州市西湖区人力资源和社会保障局', uscc: '113301060045536652' },
  'xh.housing-construction': { name: '杭州市西湖区住房和城乡建设局', uscc: '11330106002027709A' },
  'xh.transport': { name: '杭州市西湖区交通运输局', uscc: '11330106009309514J' },
  'xh.emergency-management': { name: '杭州市西湖区应急管理局', uscc: '11330106008658077N' },
  'xh.urban-management': { name: '杭州市西湖区城市管理局', uscc: '11330106008206687A' },
  'xh.taxation': { name: '国家税务总局杭州市西湖区税务局', uscc: '11330106000363231M' },
  'hs.market-regulation': { name: '宁波市海曙区市场监督管理局', uscc: '11330203006610897T' },
  'hs.health-commission': { name: '宁波市海曙区卫生健康局', uscc: '11330203004557308T' },
  'hs.fire-rescue': { name: '宁波市海曙区消防救援大队', uscc: '11330203000921942D' },
  'hs.public-security': { name: '宁波市公安局海曙分局', uscc: '11330203005010208W' },
  'hs.culture-tourism': { name: '宁波市海曙区文化广电旅游体育局', uscc: '11330203007049878T' },
  'hs.civil-affairs': { name: '宁波市海曙区民政局', uscc: '11330203000177324W' },
  'hs.housing-construction': { name: '宁波市海曙区住房和城乡建设局', uscc: '113302030052553870' },
  'hs.transport': { name: '宁波市海曙区交通运输局', uscc: '11330203007820079L' },
  'hs.education': { name: '宁波市海曙区教育局', uscc: '11330203009534682B' },
  'hs.urban-management': { name: '宁波市海曙区综合行政执法局', uscc: '11330203005265833J' },
  'yz.market-regulation': { name: '宁波市鄞州区市场监督管理局', uscc: '11330212005929927L' },
  'yz.health-commission': { name: '宁波市鄞州区卫生健康局', uscc: '11330212004600476U' },
  'yz.fire-rescue': { name: '宁波市鄞州区消防救援大队', uscc: '11330212006111094F' },
  'yz.public-security': { name: '宁波市公安局鄞州分局', uscc: '113302120075968121' },
  'yz.culture-tourism': { name: '宁波市鄞州区文化广电旅游体育局', uscc: '113302120074986650' },
  'yz.civil-affairs': { name: '宁波市鄞州区民政局', uscc: '11330212005431619R' },
  'yz.human-resources': { name: '宁波市鄞州区人力资源和社会保障局', uscc: '11330212000437974X' },
  'yz.emergency-management': { name: '宁波市鄞州区应急管理局', uscc: '11330212000332662Y' },
  'yz.ecology-environment': { name: '宁波市生态环境局鄞州分局', uscc: '11330212008695409G' },
  'yz.housing-construction': { name: '宁波市鄞州区住房和城乡建设局', uscc: '1133021200506429XU' },
  'yz.urban-management': { name: '宁波市鄞州区综合行政执法局', uscc: '1133021200809438XA' },
  // A township's people's government exercises its own items (乡镇级); the department code names the line of work.
  'sd.natural-resources': { name: '杭州市西湖区三墩镇人民政府', uscc: '11330106002510733D' },
};

function body(region: RegionKey, dept: Dept): BodyDef {
  const found = BODIES[`${region}.${dept}`];
  if (!found) throw new Error(`demo catalog: no implementing body for ${region}.${dept}`);
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Licence types (证照类型). Keys are the short aliases of libs/contracts licence-type-codes.ts (also used in
// `results` and `replaceableByLicenceTypes` below); the rows carry the 21-character 证照类型代码 (`LT.*`), and
// `implement` maps material aliases to codes. Validity in months, 0 = 长期.
// ---------------------------------------------------------------------------------------------------------------

interface LicenceDef {
  readonly licenceTypeCode: string;
  readonly name: string;
  readonly validityMonths: number;
  readonly fields: readonly string[];
}

const LICENCES = {
  /** 营业执照: long-term unless the articles of association fix a term. */
  BL: {
    licenceTypeCode: LT.BL,
    name: '营业执照',
    validityMonths: 0,
    fields: [
      '统一社会信用代码',
      '名称',
      '类型',
      '法定代表人（负责人、经营者）',
      '经营范围',
      '注册资本',
      '成立日期',
      '住所（经营场所）',
    ],
  },
  /** 食品经营许可证: 5 years (《食品经营许可和备案管理办法》). */
  JY: {
    licenceTypeCode: LT.JY,
    name: '食品经营许可证',
    validityMonths: 60,
    fields: [
      '经营者名称',
      '统一社会信用代码',
      '法定代表人（负责人）',
      '住所',
      '经营场所',
      '主体业态',
      '经营项目',
      '许可证编号',
      '有效期',
      '日常监督管理机构',
    ],
  },
  /** 公共场所卫生许可证: 4 years, reviewed every 2 years (《公共场所卫生管理条例实施细则》). */
  PHS: {
    licenceTypeCode: LT.PHS,
    name: '公共场所卫生许可证',
    validityMonths: 48,
    fields: ['单位名称', '法定代表人（负责人）', '经营地址', '许可项目', '许可证号', '有效期'],
  },
  /** 药品经营许可证: 5 years (《中华人民共和国药品管理法》《药品经营和使用质量监督管理办法》). */
  DRUG: {
    licenceTypeCode: LT.DRUG,
    name: '药品经营许可证',
    validityMonths: 60,
    fields: [
      '企业名称',
      '统一社会信用代码',
      '法定代表人',
      '主要负责人',
      '质量负责人',
      '注册地址',
      '仓库地址',
      '经营范围',
      '经营方式',
      '许可证编号',
      '有效期至',
    ],
  },
  MIL: {
    licenceTypeCode: LT.MIL,
    name: '医疗机构执业许可证',
    validityMonths: 60,
    fields: [
      '机构名称',
      '地址',
      '法定代表人',
      '主要负责人',
      '所有制形式',
      '诊疗科目',
      '床位',
      '登记号',
      '有效期限',
    ],
  },
  FIRE: {
    licenceTypeCode: LT.FIRE,
    name: '公众聚集场所投入使用、营业前消防安全检查合格证',
    validityMonths: 0,
    fields: ['场所名称', '场所地址', '使用面积', '场所用途', '文号'],
  },
  FAC: {
    licenceTypeCode: LT.FAC,
    name: '建设工程消防验收意见书',
    validityMonths: 0,
    fields: ['建设单位', '工程名称', '工程地址', '建筑面积', '验收结论', '文号'],
  },
  LUP: {
    licenceTypeCode: LT.LUP,
    name: '建设用地规划许可证',
    validityMonths: 0,
    fields: ['用地单位', '用地项目名称', '用地位置', '用地性质', '用地面积', '建设规模', '证书编号'],
  },
  CPP: {
    licenceTypeCode: LT.CPP,
    name: '建设工程规划许可证',
    validityMonths: 0,
    fields: ['建设单位', '建设项目名称', '建设位置', '建设规模', '证书编号'],
  },
  /** 施工许可证: work must start within 3 months (extendable twice), so no fixed expiry once work started. */
  CON: {
    licenceTypeCode: LT.CON,
    name: '建筑工程施工许可证',
    validityMonths: 0,
    fields: [
      '建设单位',
      '工程名称',
      '建设地址',
      '建设规模',
      '合同价格',
      '勘察单位',
      '设计单位',
      '施工单位',
      '监理单位',
      '合同工期',
      '编号',
    ],
  },
  PUB: {
    licenceTypeCode: LT.PUB,
    name: '出版物经营许可证',
    validityMonths: 0,
    fields: ['单位名称', '统一社会信用代码', '法定代表人（负责人）', '经营场所', '经营范围', '许可证编号'],
  },
  /** 娱乐经营许可证: 2 years (《娱乐场所管理办法》). */
  ENT: {
    licenceTypeCode: LT.ENT,
    name: '娱乐经营许可证',
    validityMonths: 24,
    fields: [
      '单位名称',
      '法定代表人',
      '经营地址',
      '经营范围',
      '使用面积',
      '包厢（间）数量',
      '许可证编号',
      '有效期',
    ],
  },
  /** 排污许可证: 5 years (《排污许可管理条例》). */
  PW: {
    licenceTypeCode: LT.PW,
    name: '排污许可证',
    validityMonths: 60,
    fields: [
      '单位名称',
      '统一社会信用代码',
      '生产经营场所地址',
      '行业类别',
      '管理类别',
      '主要污染物种类',
      '排放方式',
      '证书编号',
      '有效期',
    ],
  },
  RT: {
    licenceTypeCode: LT.RT,
    name: '道路运输经营许可证',
    validityMonths: 48,
    fields: ['业户名称', '统一社会信用代码', '地址', '经营范围', '证号', '有效期'],
  },
  /** 劳务派遣经营许可证: 3 years (《劳务派遣行政许可实施办法》). */
  LD: {
    licenceTypeCode: LT.LD,
    name: '劳务派遣经营许可证',
    validityMonths: 36,
    fields: ['单位名称', '住所', '法定代表人', '注册资本', '许可经营事项', '编号', '有效期'],
  },
  MFQ: {
    licenceTypeCode: LT.MFQ,
    name: '民办非企业单位（法人）登记证书',
    validityMonths: 60,
    fields: [
      '名称',
      '统一社会信用代码',
      '住所',
      '法定代表人',
      '开办资金',
      '业务范围',
      '业务主管单位',
      '有效期',
    ],
  },
  EDU: {
    licenceTypeCode: LT.EDU,
    name: '民办学校办学许可证',
    validityMonths: 60,
    fields: ['学校名称', '地址', '举办者', '校长', '办学类型', '办学内容', '证号', '有效期'],
  },
  TA: {
    licenceTypeCode: LT.TA,
    name: '旅行社业务经营许可证',
    validityMonths: 0,
    fields: ['旅行社名称', '经营场所', '法定代表人', '出资人', '经营范围', '许可证编号'],
  },
  /** 危险化学品经营许可证: 3 years (《危险化学品经营许可证管理办法》). */
  HC: {
    licenceTypeCode: LT.HC,
    name: '危险化学品经营许可证',
    validityMonths: 36,
    fields: ['企业名称', '注册地址', '法定代表人', '经营方式', '许可范围', '编号', '有效期'],
  },
  SE: {
    licenceTypeCode: LT.SE,
    name: '特种设备使用登记证',
    validityMonths: 0,
    fields: [
      '使用单位',
      '设备种类',
      '设备类别',
      '设备品种',
      '产品名称',
      '设备代码',
      '使用登记证编号',
      '单位内编号',
    ],
  },
  JZZ: {
    licenceTypeCode: LT.JZZ,
    name: '浙江省居住证',
    validityMonths: 0,
    fields: ['姓名', '性别', '公民身份号码', '居住地址', '签发机关', '签发日期', '签注记录'],
  },
  SSC: {
    licenceTypeCode: LT.SSC,
    name: '社会保障卡',
    validityMonths: 120,
    fields: ['姓名', '社会保障号码', '社会保障卡号', '发卡地', '发卡日期', '有效期限'],
  },
  MC: {
    licenceTypeCode: LT.MC,
    name: '结婚证',
    validityMonths: 0,
    fields: ['持证人', '登记日期', '结婚证字号', '男方姓名', '女方姓名', '登记机关'],
  },
  ADOPT: {
    licenceTypeCode: LT.ADOPT,
    name: '收养登记证',
    validityMonths: 0,
    fields: ['收养人', '被收养人', '登记日期', '收养登记证字号', '登记机关'],
  },
  REC: {
    licenceTypeCode: LT.REC,
    name: '不动产权证书',
    validityMonths: 0,
    fields: [
      '权利人',
      '共有情况',
      '坐落',
      '不动产单元号',
      '权利类型',
      '权利性质',
      '用途',
      '面积',
      '使用期限',
      '证号',
    ],
  },
} as const satisfies Record<string, LicenceDef>;

type LicenceCode = keyof typeof LICENCES;

/**
 * 出证机构: the department competent for each licence type. In a 多证联办 case where that department takes part
 * (lead or co-department), it issues and signs the licence; otherwise the implementing body does.
 */
const ISSUED_BY: Partial<Record<LicenceCode, Dept>> = {
  BL: 'market-regulation',
  JY: 'market-regulation',
  PHS: 'health-commission',
  DRUG: 'medical-products',
  MIL: 'health-commission',
  FIRE: 'fire-rescue',
  FAC: 'housing-construction',
  LUP: 'natural-resources',
  CPP: 'natural-resources',
  CON: 'housing-construction',
  PUB: 'culture-tourism',
  ENT: 'culture-tourism',
  PW: 'ecology-environment',
  RT: 'transport',
  LD: 'human-resources',
};

type FieldEntryRow = ResultRow['fields'] extends ReadonlyArray<infer E> | undefined ? E : never;

/**
 * 证照字段 the hall fills without asking the applicant (licence-fields.ts in libs/contracts): the holder's name,
 * the licence number and validity computed at issuance, the issuing body. Required — they can always be filled.
 * Every other label stays a plain entry (a form-data field of the same name, printed "—" when missing) until the
 * items carry their own application forms.
 */
const FIELD_SOURCES: Readonly<Record<string, FieldEntryRow>> = {
  ...Object.fromEntries(
    [
      '许可证编号',
      '许可证号',
      '证书编号',
      '编号',
      '证号',
      '登记号',
      '文号',
      '使用登记证编号',
      '结婚证字号',
      '收养登记证字号',
    ].map((label) => [label, { label, source: 'computed', key: 'licenceNumber', required: true }]),
  ),
  公民身份号码: { label: '公民身份号码', source: 'holder', key: 'idNumber', required: true },
  社会保障号码: { label: '社会保障号码', source: 'holder', key: 'idNumber', required: true },
  社会保障卡号: { label: '社会保障卡号', source: 'computed', key: 'licenceNumber', required: true },
  有效期: { label: '有效期', source: 'computed', key: 'validity', required: true },
  有效期限: { label: '有效期限', source: 'computed', key: 'validity', required: true },
  有效期至: { label: '有效期至', source: 'computed', key: 'validUntil', required: true },
  签发日期: { label: '签发日期', source: 'computed', key: 'issueDate', required: true },
  发卡日期: { label: '发卡日期', source: 'computed', key: 'issueDate', required: true },
  登记日期: { label: '登记日期', source: 'computed', key: 'issueDate', required: true },
  成立日期: { label: '成立日期', source: 'computed', key: 'issueDate', required: true },
  日常监督管理机构: { label: '日常监督管理机构', source: 'catalog', key: 'issuer', required: true },
  签发机关: { label: '签发机关', source: 'catalog', key: 'issuer', required: true },
  登记机关: { label: '登记机关', source: 'catalog', key: 'issuer', required: true },
  ...Object.fromEntries(
    [
      '经营者名称',
      '名称',
      '企业名称',
      '单位名称',
      '机构名称',
      '业户名称',
      '旅行社名称',
      '用地单位',
      '建设单位',
      '使用单位',
      '持证人',
      '权利人',
      '姓名',
      '收养人',
    ].map((label) => [label, { label, source: 'holder', key: 'name', required: true }]),
  ),
};

/** A licence type's printed fields with their sources: from the form (demo-forms.data.ts), else FIELD_SOURCES. */
function licenceFieldEntries(code: string, labels: readonly string[]): FieldEntryRow[] {
  const fromForm = LICENCE_FORM_FIELDS[code] ?? {};
  return labels.map((label): FieldEntryRow => {
    const src = fromForm[label];
    if (src === undefined) return FIELD_SOURCES[label] ?? label;
    if (typeof src === 'string') {
      const optional = src.endsWith('?');
      return { label, source: 'form', key: optional ? src.slice(0, -1) : src, required: !optional };
    }
    if ('value' in src) return { label, source: 'catalog', value: src.value, required: true };
    return { label, source: 'computed', key: src.computed, value: src.prefix, required: true };
  });
}

function licences(codes: readonly LicenceCode[], placement: Placement): ResultRow[] {
  const taking = new Set<Dept>([
    placement.dept,
    ...(placement.joint && placement.joint.kind !== 'escalated' ? placement.joint.co : []),
  ]);
  return codes.map((code) => {
    const row: ResultRow = { ...LICENCES[code], fields: licenceFieldEntries(code, LICENCES[code].fields) };
    const dept = ISSUED_BY[code];
    const issuer =
      dept && dept !== placement.dept && taking.has(dept) ? BODIES[`${placement.region}.${dept}`] : undefined;
    if (dept && issuer) row.issuingBody = { name: issuer.name, uscc: issuer.uscc, departmentCode: dept };
    return row;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Materials used by many items (申请材料)
// ---------------------------------------------------------------------------------------------------------------

const SIGNED = '按规定格式填写完整、内容真实，由申请人签字（盖章）；可在线填报';

function form(id: string, name: string, acceptanceStandard: string = SIGNED): MaterialRow {
  return {
    id,
    name,
    issuingBody: '申请人自备',
    originals: 1,
    copies: 0,
    required: true,
    main: true,
    acceptanceStandard,
  };
}

function material(
  id: string,
  name: string,
  issuingBody: string,
  acceptanceStandard: string,
  extra: Partial<MaterialRow> = {},
): MaterialRow {
  return {
    id,
    name,
    issuingBody,
    originals: 1,
    copies: 0,
    required: true,
    main: true,
    acceptanceStandard,
    ...extra,
  };
}

const businessLicence = (): MaterialRow => ({
  id: 'business-licence',
  name: '营业执照',
  issuingBody: '市场监督管理部门',
  originals: 0,
  copies: 1,
  required: true,
  main: true,
  acceptanceStandard: '主体处于存续状态，经营范围与申请事项相符；已领取电子营业执照的，经授权调取后免于提交',
  replaceableByLicenceTypes: ['BL'],
});

const identityCard = (who: string): MaterialRow => ({
  id: 'identity-card',
  name: `${who}居民身份证`,
  issuingBody: '公安机关',
  originals: 1,
  copies: 0,
  required: true,
  main: true,
  acceptanceStandard: '在有效期内；窗口现场核验原件，网上办理通过实名认证或电子证照调取，免于提交',
  replaceableByLicenceTypes: ['ID'],
});

const proxy = (): MaterialRow => ({
  id: 'power-of-attorney',
  name: '授权委托书及受托人身份证件',
  issuingBody: '申请人自备',
  originals: 1,
  copies: 0,
  required: false,
  main: false,
  acceptanceStandard:
    '委托他人代为办理的提交；载明委托事项、权限和期限，由委托人签字（盖章），受托人身份证件在有效期内',
});

const premises = (promiseAllowed: boolean): MaterialRow => ({
  id: 'premises-proof',
  name: '经营场所使用证明（不动产权证书或租赁合同）',
  issuingBody: '不动产登记机构或出租方',
  originals: 0,
  copies: 1,
  required: true,
  main: true,
  acceptanceStandard: '场所地址与申请一致，租赁合同在有效期内；可通过不动产登记信息共享核验',
  replaceableByLicenceTypes: ['REC'],
  promiseAllowed,
});

// ---------------------------------------------------------------------------------------------------------------
// 基本目录: the locked elements (name, base code, type, legal basis) — 三级四同.
// Code pattern (demo): type (2) + department (3) + item (3) + sub-item / 业务办理项 (4).
// ---------------------------------------------------------------------------------------------------------------

const CODES = {
  foodOperation: '010010010000',
  foodOperationNew: '010010010001',
  foodOperationChange: '010010010002',
  foodOperationRenew: '010010010003',
  foodOperationCancel: '010010010004',
  enterpriseEstablishment: '010010020000',
  individualBusiness: '010010030000',
  drugRetail: '010010040000',
  specialEquipment: '010010050000',
  drugWholesale: '010130010000',
  publicPlaceHygiene: '010020010000',
  medicalInstitution: '010020020000',
  birthRegistration: '200020030000',
  fireSafetyInspection: '010030010000',
  landUsePlanning: '010040010000',
  constructionPlanning: '010040020000',
  ruralHomestead: '010040030000',
  realEstate: '070040030000',
  realEstateFirst: '070040030001',
  realEstateTransfer: '070040030002',
  constructionPermit: '010050010000',
  fireAcceptance: '010050020000',
  householdMigration: '010060010000',
  residencePermit: '200060020000',
  pollutantDischarge: '010070010000',
  eiaReportForm: '010070020000',
  labourDispatch: '010080010000',
  socialSecurityCard: '200080020000',
  residentPension: '200080030000',
  privateNonEnterprise: '010090010000',
  marriage: '070090020000',
  adoption: '070090030000',
  minimumLiving: '050090040000',
  elderlyCareFiling: '100090050000',
  roadFreight: '010100010000',
  publicationRetail: '010110010000',
  entertainment: '010110020000',
  travelAgency: '010110030000',
  hazardousChemicals: '010120010000',
  privateSchool: '010140010000',
  restaurantBundle: '200150010000',
  enterpriseBundle: '200150020000',
} as const;

/** 收费依据 of 不动产登记 (locked on the first-registration base item, 三级四同). */
const REAL_ESTATE_FEE_BASIS =
  '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）';

const BASE_ITEMS: BaseItemRow[] = [
  {
    code: CODES.foodOperation,
    name: '食品经营许可',
    type: '01',
    competentDepartment: '市场监督管理部门',
    legalBasis:
      '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）',
  },
  {
    code: CODES.foodOperationNew,
    name: '食品经营许可（新办）',
    type: '01',
    parentCode: CODES.foodOperation,
    handlingKind: 'new',
    competentDepartment: '市场监督管理部门',
    legalBasis:
      '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）',
  },
  {
    code: CODES.foodOperationChange,
    name: '食品经营许可（变更）',
    type: '01',
    parentCode: CODES.foodOperation,
    handlingKind: 'change',
    competentDepartment: '市场监督管理部门',
    legalBasis:
      '《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）',
  },
  {
    code: CODES.foodOperationRenew,
    name: '食品经营许可（延续）',
    type: '01',
    parentCode: CODES.foodOperation,
    handlingKind: 'renew',
    competentDepartment: '市场监督管理部门',
    legalBasis:
      '《中华人民共和国食品安全法》第三十五条；《中华人民共和国行政许可法》第五十条；《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）',
  },
  {
    code: CODES.foodOperationCancel,
    name: '食品经营许可（注销）',
    type: '01',
    parentCode: CODES.foodOperation,
    handlingKind: 'cancel',
    competentDepartment: '市场监督管理部门',
    legalBasis:
      '《中华人民共和国行政许可法》第七十条；《食品经营许可和备案管理办法》（国家市场监督管理总局令第78号）',
  },
  {
    code: CODES.enterpriseEstablishment,
    name: '企业设立登记',
    type: '01',
    competentDepartment: '市场监督管理部门',
    legalBasis: '《中华人民共和国公司法》第二十九条；《中华人民共和国市场主体登记管理条例》第三条、第十九条',
  },
  {
    code: CODES.individualBusiness,
    name: '个体工商户登记',
    type: '01',
    competentDepartment: '市场监督管理部门',
    legalBasis: '《中华人民共和国市场主体登记管理条例》第二条、第三条；《促进个体工商户发展条例》',
  },
  {
    code: CODES.drugRetail,
    name: '药品零售企业许可',
    type: '01',
    competentDepartment: '药品监督管理部门',
    legalBasis:
      '《中华人民共和国药品管理法》第五十一条、第五十二条；《药品经营和使用质量监督管理办法》（国家市场监督管理总局令第84号）',
  },
  {
    code: CODES.specialEquipment,
    name: '特种设备使用登记',
    type: '01',
    competentDepartment: '市场监督管理部门',
    legalBasis: '《中华人民共和国特种设备安全法》第三十三条',
  },
  {
    code: CODES.drugWholesale,
    name: '药品批发企业许可',
    type: '01',
    competentDepartment: '药品监督管理部门',
    legalBasis:
      '《中华人民共和国药品管理法》第五十一条、第五十二条；《药品经营和使用质量监督管理办法》（国家市场监督管理总局令第84号）',
  },
  {
    code: CODES.publicPlaceHygiene,
    name: '公共场所卫生许可',
    type: '01',
    competentDepartment: '卫生健康部门',
    legalBasis: '《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》',
  },
  {
    code: CODES.medicalInstitution,
    name: '医疗机构执业登记',
    type: '01',
    competentDepartment: '卫生健康部门',
    legalBasis: '《医疗机构管理条例》第十五条',
  },
  {
    code: CODES.birthRegistration,
    name: '生育登记服务',
    type: '20',
    competentDepartment: '卫生健康部门',
    legalBasis: '《中华人民共和国人口与计划生育法》；《浙江省人口与计划生育条例》',
  },
  {
    code: CODES.fireSafetyInspection,
    name: '公众聚集场所投入使用、营业前消防安全检查',
    type: '01',
    competentDepartment: '消防救援机构',
    legalBasis: '《中华人民共和国消防法》第十五条',
  },
  {
    code: CODES.landUsePlanning,
    name: '建设用地规划许可证核发',
    type: '01',
    competentDepartment: '自然资源主管部门',
    legalBasis: '《中华人民共和国城乡规划法》第三十七条、第三十八条',
  },
  {
    code: CODES.constructionPlanning,
    name: '建设工程规划许可证核发',
    type: '01',
    competentDepartment: '自然资源主管部门',
    legalBasis: '《中华人民共和国城乡规划法》第四十条',
  },
  {
    code: CODES.ruralHomestead,
    name: '农村村民宅基地审批',
    type: '01',
    competentDepartment: '乡（镇）人民政府（农业农村、自然资源主管部门指导）',
    legalBasis:
      '《中华人民共和国土地管理法》第六十二条；《中华人民共和国土地管理法实施条例》第三十四条；' +
      '《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》（农经发〔2019〕6号）',
  },
  {
    code: CODES.realEstate,
    name: '不动产登记',
    type: '07',
    competentDepartment: '自然资源主管部门',
    legalBasis: '《中华人民共和国民法典》第二百一十条；《不动产登记暂行条例》第三条',
  },
  {
    code: CODES.realEstateFirst,
    name: '不动产登记（首次登记）',
    type: '07',
    parentCode: CODES.realEstate,
    handlingKind: 'new',
    competentDepartment: '自然资源主管部门',
    legalBasis:
      '《中华人民共和国民法典》第二百一十条；《不动产登记暂行条例》第三条；《不动产登记暂行条例实施细则》',
    // 三级四同: the intermediary service and the fee basis are the same everywhere; providers are local.
    intermediaryServices: [
      {
        name: '不动产测绘（权籍调查）',
        required: true,
        legalBasis: '《不动产登记暂行条例实施细则》第十三条；《中华人民共和国测绘法》第二十七条',
      },
    ],
    feeBasis: REAL_ESTATE_FEE_BASIS,
  },
  {
    code: CODES.realEstateTransfer,
    name: '不动产登记（转移登记）',
    type: '07',
    parentCode: CODES.realEstate,
    competentDepartment: '自然资源主管部门',
    legalBasis:
      '《中华人民共和国民法典》第二百零九条、第二百一十条；《不动产登记暂行条例》第三条；《不动产登记暂行条例实施细则》',
  },
  {
    code: CODES.constructionPermit,
    name: '建筑工程施工许可',
    type: '01',
    competentDepartment: '住房和城乡建设主管部门',
    legalBasis: '《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》',
    intermediaryServices: [
      {
        name: '施工图设计文件审查',
        required: true,
        legalBasis:
          '《建设工程质量管理条例》第十一条；《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》（住房和城乡建设部令第13号）',
      },
    ],
  },
  {
    code: CODES.fireAcceptance,
    name: '建设工程消防验收',
    type: '01',
    competentDepartment: '住房和城乡建设主管部门',
    legalBasis:
      '《中华人民共和国消防法》第十三条；《建设工程消防设计审查验收管理暂行规定》（住房和城乡建设部令第51号）',
  },
  {
    code: CODES.householdMigration,
    name: '户口迁移审批',
    type: '01',
    competentDepartment: '公安机关',
    legalBasis: '《中华人民共和国户口登记条例》第十条',
  },
  {
    code: CODES.residencePermit,
    name: '居住证申领',
    type: '20',
    competentDepartment: '公安机关',
    legalBasis: '《居住证暂行条例》（国务院令第663号）',
  },
  {
    code: CODES.pollutantDischarge,
    name: '排污许可',
    type: '01',
    competentDepartment: '生态环境主管部门',
    legalBasis: '《中华人民共和国环境保护法》第四十五条；《排污许可管理条例》（国务院令第736号）',
  },
  {
    code: CODES.eiaReportForm,
    name: '建设项目环境影响报告表审批',
    type: '01',
    competentDepartment: '生态环境主管部门',
    legalBasis: '《中华人民共和国环境影响评价法》第二十二条',
  },
  {
    code: CODES.labourDispatch,
    name: '劳务派遣经营许可',
    type: '01',
    competentDepartment: '人力资源社会保障部门',
    legalBasis:
      '《中华人民共和国劳动合同法》第五十七条；《劳务派遣行政许可实施办法》（人力资源社会保障部令第19号）',
  },
  {
    code: CODES.socialSecurityCard,
    name: '社会保障卡申领',
    type: '20',
    competentDepartment: '人力资源社会保障部门',
    legalBasis: '《中华人民共和国社会保险法》第五十八条',
  },
  {
    code: CODES.residentPension,
    name: '城乡居民基本养老保险参保登记',
    type: '20',
    competentDepartment: '人力资源社会保障部门',
    legalBasis:
      '《中华人民共和国社会保险法》；《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）',
  },
  {
    code: CODES.privateNonEnterprise,
    name: '民办非企业单位成立登记',
    type: '01',
    competentDepartment: '民政部门',
    legalBasis: '《民办非企业单位登记管理暂行条例》（国务院令第251号）第三条',
  },
  {
    code: CODES.marriage,
    name: '内地居民结婚登记',
    type: '07',
    competentDepartment: '民政部门',
    legalBasis: '《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》',
  },
  {
    code: CODES.adoption,
    name: '内地居民收养登记',
    type: '07',
    competentDepartment: '民政部门',
    legalBasis: '《中华人民共和国民法典》第一千一百零五条；《中国公民收养子女登记办法》',
  },
  {
    code: CODES.minimumLiving,
    name: '最低生活保障审批',
    type: '05',
    competentDepartment: '民政部门',
    legalBasis: '《社会救助暂行办法》（国务院令第649号）第九条、第十一条',
  },
  {
    code: CODES.elderlyCareFiling,
    name: '养老机构备案',
    type: '10',
    competentDepartment: '民政部门',
    legalBasis: '《中华人民共和国老年人权益保障法》第四十三条；《养老机构管理办法》（民政部令第66号）',
  },
  {
    code: CODES.roadFreight,
    name: '道路货物运输经营许可（除使用总质量4500千克及以下普通货运车辆从事普通货运经营外）',
    type: '01',
    competentDepartment: '交通运输主管部门',
    legalBasis: '《中华人民共和国道路运输条例》第二十一条、第二十四条',
  },
  {
    code: CODES.publicationRetail,
    name: '出版物零售单位设立',
    type: '01',
    competentDepartment: '出版主管部门',
    legalBasis: '《出版管理条例》第三十七条；《出版物市场管理规定》',
  },
  {
    code: CODES.entertainment,
    name: '娱乐场所经营许可',
    type: '01',
    competentDepartment: '文化和旅游主管部门',
    legalBasis: '《娱乐场所管理条例》第九条；《娱乐场所管理办法》',
  },
  {
    code: CODES.travelAgency,
    name: '旅行社设立许可',
    type: '01',
    competentDepartment: '文化和旅游主管部门',
    legalBasis: '《旅行社条例》第六条、第七条',
  },
  {
    code: CODES.hazardousChemicals,
    name: '危险化学品经营许可',
    type: '01',
    competentDepartment: '应急管理部门',
    legalBasis: '《危险化学品安全管理条例》第三十三条、第三十五条；《危险化学品经营许可证管理办法》',
  },
  {
    code: CODES.privateSchool,
    name: '民办学校办学许可',
    type: '01',
    competentDepartment: '教育行政部门',
    legalBasis: '《中华人民共和国民办教育促进法》第十二条、第十七条',
  },
  {
    code: CODES.restaurantBundle,
    name: '开办餐饮店“一件事”',
    type: '20',
    competentDepartment: '市场监督管理部门（牵头）',
    legalBasis:
      '《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》（国发〔2024〕3号）；《中华人民共和国市场主体登记管理条例》第三条；' +
      '《中华人民共和国食品安全法》第三十五条；《中华人民共和国消防法》第十五条；《城市市容和环境卫生管理条例》第十一条',
  },
  {
    code: CODES.enterpriseBundle,
    name: '企业开办“一件事”',
    type: '20',
    competentDepartment: '市场监督管理部门（牵头）',
    legalBasis:
      '《优化营商环境条例》（国务院令第722号）；《中华人民共和国市场主体登记管理条例》第三条；' +
      '《国务院关于进一步优化政务服务提升行政效能推动“高效办成一件事”的指导意见》（国发〔2024〕3号）',
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Implementation templates (实施清单): one per item, placed in one or more regions.
// ---------------------------------------------------------------------------------------------------------------

/**
 * Parallel approval (并联审批): `general` — the lead decides after every co-department; `precondition` — the
 * co-departments' promises suffice; `escalated` — the same department one level up decides.
 */
type JointSpec =
  | { readonly kind: 'general' | 'precondition'; readonly co: readonly Dept[] }
  | { readonly kind: 'escalated'; readonly to: RegionKey };

interface Placement {
  readonly region: RegionKey;
  readonly dept: Dept;
  /** 承诺办结时限 in working days; 0 makes the case a 即办件. */
  readonly promised: number;
  readonly joint?: JointSpec;
}

interface ItemTemplate {
  readonly baseCode: string;
  /** 法定办结时限 in working days, as the legal basis sets it (行政许可法 第四十二条 20 days where silent). */
  readonly legalLimitDays: number;
  readonly audiences: readonly AudienceCode[];
  readonly themes: readonly string[];
  readonly acceptanceConditions: string;
  readonly process: readonly string[];
  readonly materials: readonly MaterialRow[];
  readonly fees?: readonly FeeRow[];
  readonly results?: readonly LicenceCode[];
  readonly resultName: string;
  /** 申请表 of the item (catalog data); without one the hall's general form applies. */
  readonly applicationForm?: ImplementationRow['applicationForm'];
  /** 现场核查 by at least two officials (行政许可法 第三十四条). */
  readonly onSiteCheck?: boolean;
  readonly online?: boolean;
  readonly handlingForms?: readonly HandlingFormCode[];
  readonly visits?: number;
  /** Place of handling when it is not the region's service hall (e.g. 婚姻登记处). */
  readonly place?: (region: RegionDef) => string;
  readonly faqs: readonly FaqRow[];
  readonly placements: readonly Placement[];
  /** 中介机构 per region (the base item names the services). */
  readonly intermediaryProviders?: Partial<Record<RegionKey, readonly ProviderRow[]>>;
  /** 数量限制 (none when absent). */
  readonly quantityLimit?: ImplementationRow['quantityLimit'];
  /** 预约办理, 网上支付, 物流快递 (each false when absent). */
  readonly appointment?: boolean;
  readonly onlinePayment?: boolean;
  readonly courierDelivery?: boolean;
}

const HOURS = '周一至周五 9:00-12:00，13:30-17:00（法定节假日除外）';

function licenceProcess(onSiteCheck: boolean): string[] {
  return [
    '申请：通过浙江政务服务网、“浙里办”APP或政务服务中心窗口提交申请',
    '受理：申请材料齐全、符合法定形式的当场受理；需要补正的，当场或者5个工作日内一次性告知需要补正的全部内容',
    onSiteCheck
      ? '审查：对申请材料进行审查，需要对实质内容进行核实的，指派两名以上工作人员进行现场核查'
      : '审查：对申请材料进行书面审查',
    '决定：作出准予或者不予许可的决定；不予许可的，书面说明理由并告知依法申请行政复议或者提起行政诉讼的权利',
    '送达：准予许可的，自作出决定之日起10个工作日内通过窗口领取、邮寄或电子证照方式送达',
  ];
}

const ITEMS: readonly ItemTemplate[] = [
  // ----------------------------------------------------------------------------------------------- 市场监管
  {
    baseCode: CODES.foodOperationNew,
    legalLimitDays: 20,
    audiences: ['1', '2'],
    themes: ['餐饮开店', '开办企业'],
    acceptanceConditions:
      '1. 已依法取得营业执照或者其他主体资格证明；2. 具有与经营的食品品种、数量相适应的食品原料处理和食品加工、销售、贮存等场所，' +
      '保持场所环境整洁，并与有毒、有害场所以及其他污染源保持规定的距离；3. 具有与经营的食品品种、数量相适应的经营设备或者设施；' +
      '4. 有专职或者兼职的食品安全管理人员和保证食品安全的规章制度；5. 具有合理的设备布局和工艺流程。仅销售预包装食品的，办理备案，无需申请许可。',
    process: licenceProcess(true),
    materials: [
      form('application', '食品经营许可申请书'),
      businessLicence(),
      identityCard('法定代表人（负责人）'),
      material(
        'layout',
        '与食品经营相适应的主要设备设施、经营布局、操作流程等文件',
        '申请人自备',
        '标明经营场所各功能区布局、主要设备设施位置和加工操作流程，与实际相符',
      ),
      material(
        'safety-rules',
        '食品安全自查、从业人员健康管理、进货查验记录、食品安全事故处置等保证食品安全的规章制度目录',
        '申请人自备',
        '制度目录完整，与申请的主体业态和经营项目相适应',
        { promiseAllowed: true },
      ),
      proxy(),
    ],
    results: ['JY'],
    resultName: '食品经营许可证',
    onSiteCheck: true,
    faqs: [
      {
        q: '仅销售预包装食品需要办理食品经营许可吗？',
        a: '不需要。根据《中华人民共和国食品安全法》第三十五条，仅销售预包装食品的，不需要取得许可，但应当向所在地县级以上地方人民政府食品安全监督管理部门备案。',
      },
      {
        q: '食品经营许可证的有效期是多久？',
        a: '有效期为5年。需要延续的，应当在有效期届满前90个工作日至15个工作日期间向原发证的市场监督管理部门提出延续申请。',
      },
    ],
    placements: [
      { region: 'sc', dept: 'market-regulation', promised: 3 },
      { region: 'xh', dept: 'market-regulation', promised: 3 },
      { region: 'hs', dept: 'market-regulation', promised: 3 },
      { region: 'yz', dept: 'market-regulation', promised: 3 },
    ],
  },
  {
    baseCode: CODES.foodOperationChange,
    legalLimitDays: 20,
    audiences: ['1', '2'],
    themes: ['餐饮开店'],
    acceptanceConditions:
      '食品经营许可证载明的许可事项（经营者名称、法定代表人或负责人、经营项目等）发生变化，且仍符合食品经营许可条件。经营场所发生变化的，应当重新申请食品经营许可。',
    process: licenceProcess(false),
    materials: [
      form('application', '食品经营许可变更申请书'),
      material(
        'food-licence',
        '食品经营许可证正本、副本',
        '市场监督管理部门',
        '许可证在有效期内；已归集电子证照的免于提交',
        {
          originals: 1,
          replaceableByLicenceTypes: ['JY'],
        },
      ),
      material(
        'change-documents',
        '与变更食品经营许可事项有关的材料',
        '申请人自备',
        '变更经营项目、设备布局的，提交变更后的设备设施、经营布局和操作流程文件',
      ),
      proxy(),
    ],
    results: ['JY'],
    resultName: '食品经营许可证（变更后换发）',
    faqs: [
      {
        q: '许可事项变化后多久内需要申请变更？',
        a: '食品经营许可证载明的事项发生变化的，应当在变化后10个工作日内向原发证的市场监督管理部门申请变更。',
      },
    ],
    placements: [
      { region: 'sc', dept: 'market-regulation', promised: 2 },
      { region: 'hs', dept: 'market-regulation', promised: 2 },
    ],
  },
  {
    baseCode: CODES.foodOperationRenew,
    legalLimitDays: 20,
    audiences: ['1', '2'],
    themes: ['餐饮开店'],
    acceptanceConditions:
      '食品经营许可证有效期届满需要继续从事食品经营活动，且在有效期届满前90个工作日至15个工作日期间提出申请。',
    process: licenceProcess(false),
    materials: [
      form('application', '食品经营许可延续申请书'),
      material(
        'food-licence',
        '食品经营许可证正本、副本',
        '市场监督管理部门',
        '许可证在有效期内；已归集电子证照的免于提交',
        {
          originals: 1,
          replaceableByLicenceTypes: ['JY'],
        },
      ),
      material(
        'status-statement',
        '食品经营条件变化情况说明（设备设施、经营布局、操作流程等）',
        '申请人自备',
        '条件未发生变化的，可以书面承诺替代',
        { promiseAllowed: true },
      ),
      proxy(),
    ],
    results: ['JY'],
    resultName: '食品经营许可证（延续）',
    faqs: [
      {
        q: '逾期未申请延续会怎样？',
        a: '有效期届满未申请延续的，许可证依法注销，需要继续经营的应当重新申请食品经营许可。',
      },
    ],
    placements: [{ region: 'xh', dept: 'market-regulation', promised: 3 }],
  },
  {
    baseCode: CODES.foodOperationCancel,
    legalLimitDays: 20,
    audiences: ['1', '2'],
    themes: ['餐饮开店'],
    acceptanceConditions:
      '食品经营者终止食品经营，或者食品经营许可依法被撤回、撤销，或者有效期届满未延续等依法应当注销的情形。',
    process: ['申请：通过“浙里办”或窗口提交注销申请', '办理：材料齐全的当场办结并公告注销'],
    materials: [
      form('application', '食品经营许可注销申请书'),
      material(
        'food-licence',
        '食品经营许可证正本、副本',
        '市场监督管理部门',
        '遗失的提交书面说明；已归集电子证照的免于提交',
        {
          originals: 1,
          replaceableByLicenceTypes: ['JY'],
        },
      ),
      identityCard('法定代表人（负责人）'),
      proxy(),
    ],
    resultName: '食品经营许可注销通知',
    faqs: [{ q: '注销食品经营许可收费吗？', a: '不收费。' }],
    placements: [{ region: 'yz', dept: 'market-regulation', promised: 0 }],
  },
  {
    baseCode: CODES.enterpriseEstablishment,
    legalLimitDays: 3,
    audiences: ['1', '2'],
    themes: ['开办企业'],
    acceptanceConditions:
      '名称、住所、经营范围等登记事项符合法律、行政法规规定；申请材料齐全、符合法定形式；依法须经批准的项目已取得批准文件。',
    process: [
      '申请：通过浙江政务服务网“企业开办”专区或窗口提交申请，支持电子签名',
      '登记：申请材料齐全、符合法定形式的当场登记；不能当场登记的，3个工作日内予以登记',
      '出件：同步发放电子营业执照，纸质营业执照可窗口领取或免费邮寄',
    ],
    materials: [
      form('application', '公司登记（备案）申请书'),
      material(
        'articles',
        '公司章程',
        '申请人自备',
        '由全体股东（发起人）签署，内容符合《中华人民共和国公司法》规定',
      ),
      material(
        'shareholder-proof',
        '股东（发起人）主体资格证明或自然人身份证明',
        '申请人自备',
        '自然人股东经实名认证核验，法人股东可通过电子营业执照核验',
        { originals: 0, copies: 1, replaceableByLicenceTypes: ['ID', 'BL'] },
      ),
      material(
        'officers',
        '法定代表人、董事、监事和高级管理人员的任职文件及身份证明',
        '申请人自备',
        '任职程序符合公司章程规定',
      ),
      premises(true),
      proxy(),
    ],
    results: ['BL'],
    resultName: '营业执照（含电子营业执照）',
    faqs: [
      {
        q: '营业执照多久可以拿到？',
        a: '申请材料齐全、符合法定形式的当场登记；不能当场登记的，在3个工作日内予以登记（《中华人民共和国市场主体登记管理条例》第十九条）。',
      },
      {
        q: '没有住所产权证明怎么办？',
        a: '可按照当地住所（经营场所）申报承诺制的规定，如实申报住所信息并签署承诺书，替代提交产权证明。',
      },
    ],
    placements: [
      { region: 'hz', dept: 'market-regulation', promised: 0 },
      { region: 'sc', dept: 'market-regulation', promised: 0 },
    ],
  },
  {
    baseCode: CODES.individualBusiness,
    legalLimitDays: 3,
    audiences: ['1'],
    themes: ['开办企业', '餐饮开店'],
    acceptanceConditions:
      '有经营能力的自然人或家庭；经营场所、经营范围符合法律法规规定；依法须经批准的项目已取得批准文件。',
    process: [
      '申请：通过“浙里办”或窗口提交申请',
      '登记：材料齐全、符合法定形式的当场登记',
      '出件：同步发放电子营业执照，纸质营业执照可窗口领取或邮寄',
    ],
    materials: [
      form('application', '个体工商户登记（备案）申请书'),
      identityCard('经营者'),
      premises(true),
      proxy(),
    ],
    results: ['BL'],
    resultName: '营业执照（个体工商户）',
    faqs: [
      {
        q: '个体工商户登记可以全程网办吗？',
        a: '可以。经营者通过浙江政务服务网或“浙里办”实名认证后在线申请，电子营业执照同步发放。',
      },
      {
        q: '个体工商户可以直接变更经营者吗？',
        a: '可以。根据《促进个体工商户发展条例》，个体工商户变更经营者的，可以直接向登记机关申请办理变更登记。',
      },
    ],
    placements: [
      { region: 'sc', dept: 'market-regulation', promised: 0 },
      { region: 'hs', dept: 'market-regulation', promised: 0 },
    ],
  },
  {
    baseCode: CODES.drugRetail,
    legalLimitDays: 20,
    audiences: ['2'],
    themes: ['开办企业', '医疗卫生'],
    acceptanceConditions:
      '1. 有依法经过资格认定的药师或者其他药学技术人员；2. 有与所经营药品相适应的营业场所、设备、仓储设施和卫生环境；' +
      '3. 有与所经营药品相适应的质量管理机构或者人员；4. 有保证药品质量的规章制度，并符合药品经营质量管理规范要求。',
    process: licenceProcess(true),
    materials: [
      form('application', '药品经营许可证申请表（零售）'),
      businessLicence(),
      material(
        'pharmacist',
        '执业药师注册证及其他药学技术人员资格证明',
        '药品监督管理部门',
        '证书在有效期内，执业单位与申请企业一致；可通过执业药师注册信息核验',
        { originals: 0, copies: 1 },
      ),
      material(
        'layout',
        '营业场所、仓储设施平面布置图及主要设施设备清单',
        '申请人自备',
        '面积、布局和设施设备与经营范围相适应',
      ),
      material(
        'quality-rules',
        '药品质量管理制度文件目录',
        '申请人自备',
        '符合《药品经营质量管理规范》要求',
        { promiseAllowed: true },
      ),
      premises(false),
      proxy(),
    ],
    results: ['DRUG'],
    resultName: '药品经营许可证（零售）',
    onSiteCheck: true,
    faqs: [
      {
        q: '零售药店必须配备执业药师吗？',
        a: '药品零售企业应当按照国家有关规定配备执业药师或者其他依法经过资格认定的药学技术人员，负责处方审核和用药指导。',
      },
    ],
    placements: [
      { region: 'xh', dept: 'market-regulation', promised: 10 },
      { region: 'yz', dept: 'market-regulation', promised: 10 },
    ],
  },
  {
    baseCode: CODES.drugWholesale,
    legalLimitDays: 20,
    audiences: ['2'],
    themes: ['开办企业', '医疗卫生'],
    acceptanceConditions:
      '1. 有依法经过资格认定的药师或者其他药学技术人员；2. 有与所经营药品相适应的营业场所、设备、仓储设施和卫生环境；' +
      '3. 有与所经营药品相适应的质量管理机构或者人员；4. 有保证药品质量的规章制度，并符合药品经营质量管理规范要求。',
    process: licenceProcess(true),
    materials: [
      form('application', '药品经营许可证申请表（批发）'),
      businessLicence(),
      material(
        'key-staff',
        '企业负责人、质量负责人、质量管理部门负责人的学历、执业资格或职称证明',
        '有关机构',
        '质量负责人为执业药师，具有规定的学历和工作经历',
        { originals: 0, copies: 1 },
      ),
      material(
        'warehouse',
        '仓库平面布置图、仓储设施设备及温湿度自动监测系统说明',
        '申请人自备',
        '仓储条件与经营范围和规模相适应',
      ),
      material(
        'information-system',
        '计算机管理系统及药品追溯系统情况说明',
        '申请人自备',
        '满足药品经营全过程管理和追溯要求',
      ),
      material(
        'quality-rules',
        '药品质量管理体系文件目录',
        '申请人自备',
        '符合《药品经营质量管理规范》要求',
        { promiseAllowed: true },
      ),
      proxy(),
    ],
    results: ['DRUG'],
    resultName: '药品经营许可证（批发）',
    onSiteCheck: true,
    faqs: [
      {
        q: '药品批发企业由哪一级部门审批？',
        a: '从事药品批发活动，应当经所在地省级药品监督管理部门批准，取得药品经营许可证（《中华人民共和国药品管理法》第五十一条）。',
      },
    ],
    placements: [{ region: 'zj', dept: 'medical-products', promised: 15 }],
  },
  {
    baseCode: CODES.specialEquipment,
    legalLimitDays: 15,
    audiences: ['1', '2'],
    themes: ['安全生产'],
    acceptanceConditions:
      '特种设备由取得许可的单位设计、制造、安装，按安全技术规范要求经监督检验合格；使用单位主体资格合法。',
    process: [
      '申请：在特种设备投入使用前或者投入使用后30日内提出申请',
      '受理与审查：登记机关对申请材料进行审查',
      '发证：符合要求的办理使用登记，核发特种设备使用登记证',
    ],
    materials: [
      form('registration-form', '特种设备使用登记表'),
      businessLicence(),
      material('product-certificate', '特种设备产品合格证（含产品数据表）', '制造单位', '与设备铭牌信息一致'),
      material(
        'inspection-certificate',
        '特种设备监督检验证明',
        '特种设备检验机构',
        '安全技术规范要求进行监督检验的提交，检验结论为合格',
      ),
      proxy(),
    ],
    results: ['SE'],
    resultName: '特种设备使用登记证',
    faqs: [
      {
        q: '什么时候办理使用登记？',
        a: '特种设备使用单位应当在特种设备投入使用前或者投入使用后30日内办理使用登记（《中华人民共和国特种设备安全法》第三十三条）。',
      },
    ],
    placements: [
      { region: 'sc', dept: 'market-regulation', promised: 0 },
      { region: 'yz', dept: 'market-regulation', promised: 2 },
    ],
  },
  // ----------------------------------------------------------------------------------------------- 卫生健康
  {
    baseCode: CODES.publicPlaceHygiene,
    legalLimitDays: 20,
    audiences: ['1', '2'],
    themes: ['开办企业', '医疗卫生'],
    acceptanceConditions:
      '宾馆、旅店、美容店、理发店、游泳场（馆）、公共浴室等公共场所的选址、设计和装修符合卫生标准和规范；具有卫生管理制度和专（兼）职卫生管理人员；' +
      '空气、微小气候、水质、采光照明、噪声、顾客用品用具等符合国家卫生标准。',
    process: licenceProcess(true),
    materials: [
      form('application', '公共场所卫生许可申请表'),
      identityCard('法定代表人（负责人）'),
      businessLicence(),
      material(
        'site-plans',
        '公共场所地址方位示意图、平面图和卫生设施平面布局图',
        '申请人自备',
        '标明卫生设施位置，与实际相符',
      ),
      material(
        'hygiene-test',
        '公共场所卫生检测或者评价报告',
        '具备资质的检测机构',
        '检测项目齐全、结论符合卫生标准',
        {
          promiseAllowed: true,
        },
      ),
      material(
        'hygiene-rules',
        '公共场所卫生管理制度',
        '申请人自备',
        '包括从业人员健康管理、卫生检测、顾客用品用具清洗消毒等制度',
      ),
      proxy(),
    ],
    results: ['PHS'],
    resultName: '公共场所卫生许可证',
    onSiteCheck: true,
    faqs: [
      {
        q: '饭馆、咖啡馆需要办理公共场所卫生许可证吗？',
        a: '不需要。根据《国务院关于整合调整餐饮服务场所的公共场所卫生许可证和食品经营许可证的决定》（国发〔2016〕12号），饭馆、咖啡馆、酒吧、茶座4类场所不再办理公共场所卫生许可证。',
      },
      { q: '公共场所卫生许可证有效期多久？', a: '有效期为4年，每2年复核一次。' },
    ],
    placements: [
      { region: 'sc', dept: 'health-commission', promised: 5 },
      { region: 'xh', dept: 'health-commission', promised: 5 },
      { region: 'hs', dept: 'health-commission', promised: 5 },
      { region: 'yz', dept: 'health-commission', promised: 5 },
    ],
  },
  {
    baseCode: CODES.medicalInstitution,
    legalLimitDays: 45,
    audiences: ['2', '3', '4'],
    themes: ['医疗卫生'],
    acceptanceConditions:
      '1. 按照规定应当办理设置审批的，已取得设置医疗机构批准书；2. 符合医疗机构的基本标准；3. 有适合的名称、组织机构和场所；' +
      '4. 有与其开展的业务相适应的经费、设施、设备和专业卫生技术人员；5. 有相应的规章制度；6. 能够独立承担民事责任。',
    process: licenceProcess(true),
    materials: [
      form('application', '医疗机构申请执业登记注册书'),
      material(
        'establishment-approval',
        '设置医疗机构批准书',
        '卫生健康行政部门',
        '在有效期内；按规定免于设置审批或合并办理的免于提交',
      ),
      premises(false),
      material(
        'staff',
        '医疗卫生技术人员名录及执业资格证明',
        '申请人自备',
        '人员配备符合医疗机构基本标准，执业注册信息可在线核验',
      ),
      material(
        'rules',
        '医疗质量安全核心制度等规章制度',
        '申请人自备',
        '包括医疗质量、医疗安全、医院感染防控等制度',
      ),
      material('radiation', '放射诊疗许可证', '卫生健康行政部门', '开展放射诊疗项目的提交', {
        required: false,
        main: false,
      }),
      proxy(),
    ],
    results: ['MIL'],
    resultName: '医疗机构执业许可证',
    onSiteCheck: true,
    faqs: [
      {
        q: '开办诊所还需要执业登记吗？',
        a: '根据2022年修订的《医疗机构管理条例》，诊所实行备案管理，向所在地县级卫生健康主管部门备案后即可执业，无需申请本事项。',
      },
      {
        q: '医疗机构执业许可证多久校验一次？',
        a: '床位不满100张的医疗机构每年校验1次，床位在100张以上的医疗机构每3年校验1次。',
      },
    ],
    placements: [
      { region: 'hz', dept: 'health-commission', promised: 15 },
      { region: 'xh', dept: 'health-commission', promised: 15 },
    ],
  },
  {
    baseCode: CODES.birthRegistration,
    legalLimitDays: 0,
    audiences: ['1'],
    themes: ['婚育收养'],
    acceptanceConditions: '夫妻双方至少一方户籍在本地，或者在本地居住；生育登记不设前置条件，自主登记。',
    process: [
      '申请：夫妻任意一方通过“浙里办”或乡镇（街道）卫生健康服务窗口申请',
      '办结：信息核验通过的即时登记',
      '出件：生成电子生育登记凭证',
    ],
    materials: [
      form('registration-form', '生育登记信息表（在线填报）'),
      identityCard('夫妻双方'),
      material(
        'marriage-certificate',
        '结婚证',
        '婚姻登记机关',
        '已婚夫妻提交；可通过电子证照共享核验，免于提交',
        {
          replaceableByLicenceTypes: ['MC'],
        },
      ),
      material('residence', '居民户口簿或居住证', '公安机关', '非本地户籍的提交居住证', {
        required: false,
        main: false,
        replaceableByLicenceTypes: ['HKB', 'JZZ'],
      }),
    ],
    resultName: '生育登记凭证（电子）',
    // 生育登记信息表: who registers comes from the real-name account; the rest is what 卫生健康 registration asks.
    applicationForm: {
      fields: [
        {
          key: 'applicantName',
          label: '登记人姓名',
          type: 'text',
          required: true,
          prefill: 'name',
          example: '张三',
        },
        { key: 'idNumber', label: '登记人公民身份号码', type: 'text', required: true, prefill: 'idNumber' },
        { key: 'phone', label: '联系电话', type: 'phone', required: false, prefill: 'phone' },
        {
          key: 'spouseName',
          label: '配偶姓名',
          type: 'text',
          required: true,
          maxLength: 50,
          group: '夫妻双方信息',
          example: '李梅',
        },
        {
          key: 'marriageDate',
          label: '结婚登记日期',
          type: 'date',
          required: false,
          group: '夫妻双方信息',
          example: '2024-10-01',
        },
        {
          key: 'residence',
          label: '现居住地址',
          type: 'address',
          required: true,
          maxLength: 200,
          group: '夫妻双方信息',
          example: '杭州市上城区望江家园 3 幢 1 单元 502 室',
        },
        {
          key: 'childOrder',
          label: '本次登记子女孩次',
          type: 'select',
          required: true,
          options: ['第一个子女', '第二个子女', '第三个子女', '第四个及以上子女'],
          group: '生育信息',
          example: '第一个子女',
        },
        {
          key: 'pregnant',
          label: '是否已怀孕',
          type: 'boolean',
          required: false,
          group: '生育信息',
          example: '是',
        },
        {
          key: 'dueDate',
          label: '预产期',
          type: 'date',
          required: false,
          group: '生育信息',
          example: '2027-06-20',
        },
      ],
    },
    faqs: [
      {
        q: '生育登记需要夫妻双方到场吗？',
        a: '不需要。夫妻任意一方可以在线申请，或者到户籍地、现居住地乡镇（街道）窗口办理。',
      },
    ],
    placements: [
      { region: 'sc', dept: 'health-commission', promised: 0 },
      { region: 'hs', dept: 'health-commission', promised: 0 },
    ],
  },
  // ----------------------------------------------------------------------------------------------- 消防
  {
    baseCode: CODES.fireSafetyInspection,
    legalLimitDays: 10,
    audiences: ['1', '2'],
    themes: ['开办企业', '餐饮开店'],
    acceptanceConditions:
      '宾馆、饭店、商场、集贸市场、客运车站候车室、体育场馆、会堂、公共娱乐场所等公众聚集场所在投入使用、营业前申请；' +
      '依法需要消防验收或者备案的建设工程已经验收合格或者备案；消防设施、器材和安全疏散条件符合消防技术标准。',
    process: [
      '申请：选择告知承诺方式的，签署告知承诺书并提交规定材料；不选择的，提交消防安全检查申报表',
      '许可：采用告知承诺方式、材料齐全且符合法定形式的，当场予以许可，并在许可后及时核查',
      '检查：不采用告知承诺方式的，自受理之日起10个工作日内由两名以上消防监督检查人员进行检查',
      '决定：检查合格的予以许可；不合格的，书面说明理由',
    ],
    materials: [
      form('commitment', '公众聚集场所投入使用、营业消防安全告知承诺书（或消防安全检查申报表）'),
      businessLicence(),
      material('fire-rules', '消防安全制度、灭火和应急疏散预案', '申请人自备', '内容完整，与场所实际相符'),
      material(
        'floor-plans',
        '场所平面布置图、场所消防设施平面图',
        '申请人自备',
        '标明疏散通道、安全出口和消防设施位置',
      ),
      material(
        'acceptance-record',
        '建设工程消防验收意见书或者备案凭证',
        '住房和城乡建设主管部门',
        '依法需要消防验收或者备案的场所提交；可通过部门共享核验',
        { required: false, main: false, replaceableByLicenceTypes: ['FAC'] },
      ),
      proxy(),
    ],
    results: ['FIRE'],
    resultName: '公众聚集场所投入使用、营业前消防安全检查合格证',
    onSiteCheck: true,
    faqs: [
      {
        q: '什么是告知承诺方式？',
        a: '根据《中华人民共和国消防法》第十五条，申请人作出场所符合消防技术标准和管理规定的承诺并提交规定材料，消防救援机构对材料齐全、符合法定形式的予以许可，并及时进行核查。',
      },
      {
        q: '承诺不实有什么后果？',
        a: '核查发现场所使用、营业情况与承诺内容不符的，依法责令限期改正；逾期不整改或者整改后仍达不到要求的，依法撤销相应许可。',
      },
    ],
    placements: [
      { region: 'hz', dept: 'fire-rescue', promised: 5 },
      { region: 'sc', dept: 'fire-rescue', promised: 0 },
      { region: 'yz', dept: 'fire-rescue', promised: 0 },
    ],
  },
  // ----------------------------------------------------------------------------------------------- 规划、不动产
  {
    baseCode: CODES.landUsePlanning,
    legalLimitDays: 20,
    audiences: ['2', '3'],
    themes: ['工程建设'],
    acceptanceConditions:
      '以划拨方式取得国有土地使用权的建设项目，已经有关部门批准、核准或者备案；以出让方式取得国有土地使用权的，已签订国有建设用地使用权出让合同，规划条件符合控制性详细规划。',
    process: licenceProcess(false),
    materials: [
      form('application', '建设用地规划许可申请表'),
      businessLicence(),
      material(
        'project-approval',
        '建设项目批准、核准或者备案文件',
        '投资主管部门',
        '划拨用地项目提交；可通过投资项目在线审批监管平台共享核验',
        {
          required: false,
          main: false,
        },
      ),
      material(
        'land-contract',
        '国有建设用地使用权出让合同（附规划条件）',
        '自然资源主管部门',
        '出让用地项目提交，与申请项目一致',
      ),
      material(
        'red-line-map',
        '建设项目用地范围红线图',
        '具有测绘资质的单位',
        '坐标系统符合要求，与出让合同或者划拨决定一致',
      ),
      proxy(),
    ],
    results: ['LUP'],
    resultName: '建设用地规划许可证',
    faqs: [
      {
        q: '以出让方式取得土地的，何时申请建设用地规划许可证？',
        a: '按照“多审合一、多证合一”改革要求，签订国有建设用地使用权出让合同后即可申请，可与用地手续同步办理。',
      },
    ],
    placements: [
      { region: 'hz', dept: 'natural-resources', promised: 5 },
      { region: 'nb', dept: 'natural-resources', promised: 5 },
    ],
  },
  {
    // 乡镇级: the township's people's government approves a villager's homestead (土地管理法 第六十二条); the
    // township's 便民服务中心 accepts the application at its comprehensive window.
    baseCode: CODES.ruralHomestead,
    legalLimitDays: 20,
    audiences: ['1'],
    themes: ['农村建房'],
    acceptanceConditions:
      '申请人为本村集体经济组织成员，以户为单位申请；符合“一户一宅”规定，申请面积不超过省规定的标准；' +
      '选址符合国土空间规划和村庄规划，不占用永久基本农田；申请已经村民集体讨论通过并在本集体范围内公示无异议。',
    process: [
      '申请：农户向村股份经济合作社（村民委员会）提出书面申请',
      '村级审查：村民小组或村民代表会议讨论通过，在本集体范围内公示不少于5个工作日',
      '受理：村级组织签署意见后，农户向镇便民服务中心综合窗口提交申请，也可通过“浙里办”在线申请',
      '联审：镇农业农村、自然资源等机构联合审查，需要现场踏勘的，两名以上工作人员到现场核实',
      '决定：镇人民政府作出批准或者不予批准的决定，批准的核发农村宅基地批准书和乡村建设规划许可证',
      '放样验收：开工前到现场丈量批放宅基地，竣工后申请验收',
    ],
    materials: [
      form('application', '农村宅基地和建房（规划许可）申请表'),
      identityCard('申请人及家庭成员'),
      material('household-register', '居民户口簿', '公安机关', '可通过人口信息共享核验', {
        replaceableByLicenceTypes: ['HKB'],
      }),
      material(
        'village-resolution',
        '村民集体讨论通过的会议记录及公示情况说明',
        '村股份经济合作社（村民委员会）',
        '载明讨论通过的时间、参加人数和表决结果，公示期满无异议，加盖村级组织印章',
      ),
      material(
        'site-plan',
        '宅基地坐落平面位置示意图',
        '申请人自备（村级组织协助绘制）',
        '标明宅基地四至、面积及与相邻建筑的位置关系',
      ),
      material(
        'housing-commitment',
        '“一户一宅”及拆旧建新承诺书',
        '申请人自备',
        '承诺无其他宅基地，拆旧建新的写明旧房拆除期限',
        { promiseAllowed: true, required: false, main: false },
      ),
      proxy(),
    ],
    resultName: '农村宅基地批准书',
    onSiteCheck: true,
    visits: 1,
    faqs: [
      {
        q: '宅基地申请到哪里办？',
        a: '经村民集体讨论通过并公示后，到所在镇（街道）便民服务中心综合窗口提交，由镇人民政府审批，无需到区政务服务中心。',
      },
      {
        q: '一户可以申请几处宅基地？',
        a: '农村村民一户只能拥有一处宅基地；出卖、出租、赠与住宅后，再申请宅基地的，不予批准。',
      },
    ],
    placements: [{ region: 'sd', dept: 'natural-resources', promised: 15 }],
  },
  {
    baseCode: CODES.constructionPlanning,
    legalLimitDays: 20,
    audiences: ['2', '3'],
    themes: ['工程建设'],
    acceptanceConditions:
      '已取得建设用地规划许可证或者国有土地使用权证明；建设工程设计方案符合控制性详细规划和规划条件。',
    process: licenceProcess(false),
    materials: [
      form('application', '建设工程规划许可申请表'),
      material(
        'land-use-licence',
        '建设用地规划许可证或者不动产权证书',
        '自然资源主管部门',
        '与申请项目一致；已归集电子证照的免于提交',
        {
          originals: 0,
          copies: 1,
          replaceableByLicenceTypes: ['LUP', 'REC'],
        },
      ),
      material(
        'design-scheme',
        '建设工程设计方案（总平面图及建筑单体平面、立面、剖面图）',
        '具有相应资质的设计单位',
        '符合规划条件和技术规定，附电子文件',
      ),
      businessLicence(),
      proxy(),
    ],
    results: ['CPP'],
    resultName: '建设工程规划许可证',
    faqs: [
      {
        q: '设计方案审查能否与规划许可一并办理？',
        a: '可以。按照工程建设项目审批制度改革要求，设计方案审查与建设工程规划许可证核发可以合并办理。',
      },
    ],
    placements: [
      { region: 'hz', dept: 'natural-resources', promised: 8 },
      { region: 'xh', dept: 'natural-resources', promised: 8 },
      { region: 'nb', dept: 'natural-resources', promised: 8 },
    ],
  },
  {
    baseCode: CODES.realEstateFirst,
    legalLimitDays: 30,
    audiences: ['1', '2'],
    themes: ['不动产登记', '工程建设'],
    acceptanceConditions:
      '不动产权属来源合法、界址清楚；建设工程已通过规划核实和竣工验收；申请人为权利人或者其代理人。',
    process: [
      '申请：通过“浙里办”或不动产登记窗口申请',
      '受理：材料齐全、符合法定形式的予以受理',
      '审核：查验权属来源、权籍调查成果，必要时实地查看',
      '登簿：记载于不动产登记簿',
      '发证：核发不动产权证书，同步生成电子证照',
    ],
    materials: [
      form('application', '不动产登记申请书'),
      material(
        'applicant-proof',
        '申请人身份证明（居民身份证或者营业执照）',
        '公安机关或市场监督管理部门',
        '在有效期内；可通过电子证照核验',
        {
          replaceableByLicenceTypes: ['ID', 'BL'],
        },
      ),
      material('land-title', '土地权属来源证明（不动产权证书）', '不动产登记机构', '与登记簿记载一致', {
        replaceableByLicenceTypes: ['REC'],
      }),
      material(
        'completion',
        '建设工程规划核实和竣工验收材料',
        '自然资源、住房和城乡建设主管部门',
        '规划核实合格、竣工验收备案完成；可通过部门共享核验',
      ),
      material(
        'survey',
        '不动产权籍调查表、宗地图、房屋平面图等权籍调查成果',
        '具有测绘资质的单位',
        '成果经审核入库',
      ),
      proxy(),
    ],
    fees: [
      {
        item: '不动产登记费',
        standard:
          '住宅类每件80元，非住宅类每件550元；向一个以上权利人核发权属证书的，每增加一本证书加收证书工本费10元',
        basis: REAL_ESTATE_FEE_BASIS,
        waivable: true,
        reductions:
          '小微企业（含个体工商户）申请不动产登记的，免收不动产登记费；申请宅基地使用权及地上房屋登记的，只收取证书工本费（《财政部 国家发展改革委关于不动产登记收费有关政策问题的通知》财税〔2016〕79号）',
      },
    ],
    intermediaryProviders: {
      hz: [
        {
          service: '不动产测绘（权籍调查）',
          name: '杭州示例测绘地理信息有限公司',
          uscc: '91330100MA28N2R51C',
          contact: '0571-85550101；杭州市上城区示例路1号',
        },
        {
          service: '不动产测绘（权籍调查）',
          name: '浙江示例空间信息技术有限公司',
          uscc: '91330000MA27U0Q85N',
          contact: '0571-85550102',
        },
      ],
      nb: [
        {
          service: '不动产测绘（权籍调查）',
          name: '宁波示例勘测规划有限公司',
          uscc: '91330203MA2H1C8X6H',
          contact: '0574-87550103',
        },
      ],
    },
    appointment: true,
    onlinePayment: true,
    courierDelivery: true,
    results: ['REC'],
    resultName: '不动产权证书',
    faqs: [
      {
        q: '哪些情形可以减免不动产登记费？',
        a: '按照国家规定对小微企业（含个体工商户）等免收不动产登记费，具体以登记机构的收费公示为准。',
      },
    ],
    placements: [
      { region: 'hz', dept: 'natural-resources', promised: 5 },
      { region: 'nb', dept: 'natural-resources', promised: 5 },
    ],
  },
  {
    baseCode: CODES.realEstateTransfer,
    legalLimitDays: 30,
    audiences: ['1', '2'],
    themes: ['不动产登记'],
    acceptanceConditions:
      '因买卖、赠与、继承、互换等导致不动产权利转移；不动产未被查封，涉及抵押的已经依法处理。',
    process: [
      '申请：交易、缴税、登记通过“浙里办”或综合窗口一窗受理',
      '审核：查验转移原因证明和完税信息',
      '登簿：记载于不动产登记簿',
      '发证：核发不动产权证书，同步生成电子证照',
    ],
    materials: [
      form('application', '不动产登记申请书'),
      material(
        'applicant-proof',
        '申请人身份证明（居民身份证或者营业执照）',
        '公安机关或市场监督管理部门',
        '在有效期内；可通过电子证照核验',
        {
          replaceableByLicenceTypes: ['ID', 'BL'],
        },
      ),
      material(
        'title-certificate',
        '不动产权证书',
        '不动产登记机构',
        '与登记簿记载一致；已归集电子证照的免于提交',
        {
          replaceableByLicenceTypes: ['REC'],
        },
      ),
      material(
        'transfer-proof',
        '不动产权利转移原因证明（买卖合同、赠与合同、继承材料等）',
        '申请人自备或有关机关',
        '存量房买卖合同经网签备案，内容与申请一致',
      ),
      material('tax-proof', '完税或者减免税凭证', '税务机关', '通过税务部门信息共享核验的免于提交'),
      proxy(),
    ],
    fees: [
      {
        item: '不动产登记费',
        standard:
          '住宅类每件80元，非住宅类每件550元；向一个以上权利人核发权属证书的，每增加一本证书加收证书工本费10元',
        basis: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）',
        waivable: true,
      },
    ],
    results: ['REC'],
    resultName: '不动产权证书',
    faqs: [
      {
        q: '二手房过户需要分别去住建、税务和不动产登记窗口吗？',
        a: '不需要。交易、缴税、登记实行“一窗受理、并行办理”，一次提交材料即可。',
      },
    ],
    placements: [
      { region: 'hz', dept: 'natural-resources', promised: 1 },
      { region: 'nb', dept: 'natural-resources', promised: 1 },
    ],
  },
  // ----------------------------------------------------------------------------------------------- 住房城乡建设
  {
    baseCode: CODES.constructionPermit,
    legalLimitDays: 7,
    audiences: ['2', '3'],
    themes: ['工程建设'],
    acceptanceConditions:
      '1. 已经办理该建筑工程用地批准手续；2. 依法应当办理建设工程规划许可证的，已经取得建设工程规划许可证；3. 需要拆迁的，其拆迁进度符合施工要求；' +
      '4. 已经确定建筑施工企业；5. 有满足施工需要的资金安排、施工图纸及技术资料；6. 有保证工程质量和安全的具体措施。',
    process: licenceProcess(false),
    materials: [
      form('application', '建筑工程施工许可证申请表'),
      material(
        'planning-licence',
        '建设工程规划许可证',
        '自然资源主管部门',
        '依法应当办理的提交；已归集电子证照的免于提交',
        {
          originals: 0,
          copies: 1,
          replaceableByLicenceTypes: ['CPP'],
        },
      ),
      material(
        'contractor',
        '中标通知书或者直接发包材料及施工合同',
        '建设单位',
        '已确定建筑施工企业，施工企业资质与工程相符',
      ),
      material(
        'drawings',
        '施工图设计文件审查合格证明',
        '施工图审查机构',
        '审查合格；按规定实行告知承诺的可以承诺替代',
        { promiseAllowed: true },
      ),
      material('funding', '建设资金安排承诺书', '建设单位', '载明资金安排情况，由建设单位盖章'),
      material(
        'quality-safety',
        '保证工程质量和安全的具体措施',
        '建设单位、施工单位',
        '包括工程质量安全承诺书和施工组织设计中的安全措施',
      ),
      proxy(),
    ],
    results: ['CON'],
    resultName: '建筑工程施工许可证',
    faqs: [
      {
        q: '哪些工程可以不申请施工许可证？',
        a: '工程投资额在30万元以下或者建筑面积在300平方米以下的建筑工程，可以不申请办理施工许可证；省级住房和城乡建设主管部门可以根据当地实际调整限额。',
      },
      {
        q: '领取施工许可证后多久必须开工？',
        a: '应当自领取之日起三个月内开工；因故不能按期开工的，应当申请延期，延期以两次为限，每次不超过三个月（《中华人民共和国建筑法》第九条）。',
      },
    ],
    intermediaryProviders: {
      hz: [
        {
          service: '施工图设计文件审查',
          name: '杭州示例施工图审查中心有限公司',
          uscc: '91330106MA2H4K7Q3D',
          contact: '0571-85550201',
        },
      ],
      yz: [
        {
          service: '施工图设计文件审查',
          name: '宁波示例建设工程施工图审查有限公司',
          uscc: '91330212MA2GT8L40C',
          contact: '0574-87550202',
        },
      ],
    },
    courierDelivery: true,
    placements: [
      {
        region: 'hz',
        dept: 'housing-construction',
        promised: 3,
        joint: { kind: 'precondition', co: ['natural-resources', 'urban-management'] },
      },
      { region: 'xh', dept: 'housing-construction', promised: 3 },
      { region: 'yz', dept: 'housing-construction', promised: 3 },
    ],
  },
  {
    baseCode: CODES.fireAcceptance,
    legalLimitDays: 15,
    audiences: ['2', '3'],
    themes: ['工程建设'],
    acceptanceConditions:
      '特殊建设工程已完成工程竣工验收，消防设计文件已经审查合格，建设单位已组织消防查验合格。',
    process: licenceProcess(true),
    materials: [
      form('application', '特殊建设工程消防验收申请表'),
      material('completion-report', '工程竣工验收报告', '建设单位', '参建单位签章齐全'),
      material(
        'as-built-drawings',
        '涉及消防的建设工程竣工图纸',
        '设计单位、施工单位',
        '与审查合格的消防设计文件一致',
      ),
      proxy(),
    ],
    results: ['FAC'],
    resultName: '特殊建设工程消防验收意见书',
    onSiteCheck: true,
    faqs: [
      {
        q: '其他建设工程需要消防验收吗？',
        a: '其他建设工程实行备案抽查制度，建设单位应当在工程竣工验收合格之日起5个工作日内报消防设计审查验收主管部门备案。',
      },
    ],
    placements: [
      { region: 'hz', dept: 'housing-construction', promised: 10 },
      { region: 'hs', dept: 'housing-construction', promised: 10 },
    ],
  },
  // ----------------------------------------------------------------------------------------------- 公安
  {
    baseCode: CODES.householdMigration,
    legalLimitDays: 20,
    audiences: ['1'],
    themes: ['户籍办理'],
    acceptanceConditions:
      '符合浙江省和迁入地户口迁移政策规定的条件（投靠亲属、就业、人才引进、合法稳定住所等）。',
    process: [
      '申请：向迁入地公安派出所或政务服务中心公安户籍窗口提出申请，也可通过“浙里办”在线申请',
      '审核：派出所调查核实，按权限报县级公安机关审批',
      '办结：准予迁入的，由迁入地公安机关一站式办理迁入登记，无需往返迁出地',
    ],
    materials: [
      form('application', '户口迁移申请表'),
      identityCard('迁移人'),
      material('household-register', '居民户口簿', '公安机关', '可通过人口信息系统核验', {
        replaceableByLicenceTypes: ['HKB'],
      }),
      material(
        'eligibility',
        '迁入条件证明材料（结婚证、出生医学证明、劳动合同、不动产权证书等）',
        '有关机关或申请人自备',
        '与申请的迁移类别相符；可通过部门共享核验的免于提交',
        { replaceableByLicenceTypes: ['MC', 'REC'] },
      ),
      material(
        'owner-consent',
        '合法稳定住所产权人同意落户的书面意见',
        '产权人',
        '在他人合法稳定住所落户时提交',
        {
          required: false,
          main: false,
        },
      ),
      proxy(),
    ],
    resultName: '准予迁入决定及户口登记',
    visits: 1,
    place: (region) => `${region.name}户籍所在地公安派出所或${region.hall}公安户籍窗口`,
    faqs: [
      {
        q: '还需要回迁出地开具户口迁移证吗？',
        a: '不需要。浙江已推行户口迁移“一站式”办理（含跨省通办），符合条件的由迁入地公安机关直接办理。',
      },
    ],
    placements: [
      { region: 'sc', dept: 'public-security', promised: 5 },
      { region: 'hs', dept: 'public-security', promised: 5 },
    ],
  },
  {
    baseCode: CODES.residencePermit,
    legalLimitDays: 15,
    audiences: ['1'],
    themes: ['户籍办理'],
    acceptanceConditions:
      '离开常住户口所在地，到本地居住半年以上，并符合有合法稳定就业、合法稳定住所、连续就读条件之一。',
    process: [
      '申请：通过“浙里办”或居住地公安派出所、社区警务室申请',
      '审核：核验居住登记信息和居住条件',
      '制证：自受理之日起15日内制作发放居住证，可选择邮寄送达',
    ],
    materials: [
      form('application', '居住证申领登记表'),
      identityCard('申请人'),
      material(
        'residence-proof',
        '居住地住址证明（租赁合同、不动产权证书等）',
        '申请人自备',
        '已居住半年以上；已办理居住登记的可通过系统核验',
        {
          replaceableByLicenceTypes: ['REC'],
        },
      ),
      material(
        'employment-or-study',
        '合法稳定就业证明或者连续就读证明',
        '用人单位、学校',
        '以就业或者就读条件申领的提交',
        {
          required: false,
          main: false,
        },
      ),
      material('photo', '近期免冠彩色照片（数码相片回执）', '照相机构或现场采集', '符合居民身份证照片标准'),
    ],
    fees: [
      {
        item: '居住证工本费',
        standard: '首次申领免收工本费；换领、补领的按浙江省价格、财政主管部门核定的标准收取',
        basis: '《居住证暂行条例》',
        waivable: false,
      },
    ],
    results: ['JZZ'],
    resultName: '浙江省居住证',
    visits: 1,
    faqs: [
      { q: '居住证需要每年签注吗？', a: '需要。居住证每年签注一次，可通过“浙里办”在线签注。' },
      { q: '多久能领到居住证？', a: '公安机关自受理之日起15日内制作发放居住证，本地承诺时限更短。' },
    ],
    placements: [
      { region: 'xh', dept: 'public-security', promised: 7 },
      { region: 'yz', dept: 'public-security', promised: 7 },
    ],
  },
  // ----------------------------------------------------------------------------------------------- 生态环境
  {
    baseCode: CODES.pollutantDischarge,
    legalLimitDays: 30,
    audiences: ['2', '3'],
    themes: ['生态环保', '开办企业'],
    acceptanceConditions:
      '依法取得建设项目环境影响报告书（表）批准文件或者已办理环境影响登记表备案；污染防治设施和污染物排放浓度、排放量符合国家和地方污染物排放标准及重点污染物排放总量控制要求；自行监测方案符合相关技术规范。',
    process: licenceProcess(true),
    materials: [
      form('application', '排污许可证申请表（全国排污许可证管理信息平台填报）'),
      material(
        'eia-approval',
        '建设项目环境影响报告书（表）批准文件或者环境影响登记表备案材料',
        '生态环境主管部门',
        '新建、改建、扩建项目提交；可通过平台共享核验',
      ),
      material(
        'monitoring-plan',
        '自行监测方案',
        '申请人自备',
        '监测点位、指标、频次符合排污单位自行监测技术指南',
      ),
      material('compliance-commitment', '守法承诺书', '申请人自备', '由法定代表人或者主要负责人签字'),
      material(
        'public-notice',
        '排污许可证申请前信息公开情况说明',
        '申请人自备',
        '实行重点管理的排污单位提交',
        { required: false, main: false },
      ),
      proxy(),
    ],
    results: ['PW'],
    resultName: '排污许可证',
    onSiteCheck: true,
    faqs: [
      {
        q: '排污许可的审批时限是多少？',
        a: '实行简化管理的，自受理之日起20日内作出审批决定；实行重点管理的，30日内作出审批决定。需要进行技术评估的，评估时间不计入审批时限。',
      },
      {
        q: '排污许可证有效期多久？',
        a: '有效期为5年；需要继续排放污染物的，应当于有效期届满60日前申请延续。',
      },
    ],
    placements: [
      { region: 'hz', dept: 'ecology-environment', promised: 15 },
      { region: 'nb', dept: 'ecology-environment', promised: 15 },
      { region: 'yz', dept: 'ecology-environment', promised: 15, joint: { kind: 'escalated', to: 'nb' } },
    ],
  },
  {
    baseCode: CODES.eiaReportForm,
    legalLimitDays: 30,
    audiences: ['2', '3'],
    themes: ['工程建设', '生态环保'],
    acceptanceConditions:
      '建设项目依照《建设项目环境影响评价分类管理名录》应当编制环境影响报告表；报告表编制规范，结论明确。',
    process: licenceProcess(false),
    materials: [
      form('application', '建设项目环境影响报告表审批申请书'),
      material(
        'eia-report',
        '建设项目环境影响报告表（全本）',
        '建设单位或者其委托的技术单位',
        '编制单位和编制人员信息可在环境影响评价信用平台查询，内容符合技术导则',
      ),
      material(
        'redaction-note',
        '报告表公开版本及删除涉密内容的说明',
        '申请人自备',
        '删除涉及国家秘密、商业秘密内容的，说明依据和理由',
        {
          required: false,
          main: false,
        },
      ),
      businessLicence(),
      proxy(),
    ],
    resultName: '建设项目环境影响报告表审批意见（批复）',
    faqs: [
      {
        q: '哪些项目需要编制环境影响报告表？',
        a: '按照《建设项目环境影响评价分类管理名录》确定：可能造成重大环境影响的编制报告书，可能造成轻度环境影响的编制报告表，影响很小的填报登记表并在线备案。',
      },
    ],
    placements: [
      { region: 'hz', dept: 'ecology-environment', promised: 10 },
      { region: 'sc', dept: 'ecology-environment', promised: 5 },
    ],
  },
  // ----------------------------------------------------------------------------------------------- 人力社保
  {
    baseCode: CODES.labourDispatch,
    legalLimitDays: 20,
    audiences: ['2'],
    themes: ['开办企业', '社会保障'],
    acceptanceConditions:
      '1. 注册资本不得少于人民币二百万元；2. 有与开展业务相适应的固定的经营场所和设施；3. 有符合法律、行政法规规定的劳务派遣管理制度。',
    process: licenceProcess(true),
    materials: [
      form('application', '劳务派遣经营许可申请书'),
      businessLicence(),
      material(
        'capital',
        '公司章程以及验资报告或者财务审计报告',
        '会计师事务所',
        '实缴注册资本不少于200万元',
      ),
      premises(false),
      material(
        'rules',
        '劳务派遣管理制度',
        '申请人自备',
        '包括劳动合同、劳动报酬、社会保险、工作时间、休息休假、劳动纪律等与劳动者切身利益相关的规章制度文本',
      ),
      material(
        'templates',
        '劳动合同文本和劳务派遣协议样本',
        '申请人自备',
        '内容符合《中华人民共和国劳动合同法》规定',
      ),
      proxy(),
    ],
    results: ['LD'],
    resultName: '劳务派遣经营许可证',
    onSiteCheck: true,
    faqs: [
      {
        q: '劳务派遣经营许可证有效期多久？',
        a: '有效期为3年；需要延续的，应当在有效期届满60日前向许可机关提出申请。',
      },
    ],
    placements: [
      { region: 'hz', dept: 'human-resources', promised: 5 },
      { region: 'yz', dept: 'human-resources', promised: 5 },
    ],
  },
  {
    baseCode: CODES.socialSecurityCard,
    legalLimitDays: 0,
    audiences: ['1'],
    themes: ['社会保障'],
    acceptanceConditions: '本地参保人员、户籍人员和常住人员，未持有有效的社会保障卡。',
    process: [
      '申请：通过“浙里办”或即时制卡网点、合作银行网点申请',
      '制卡：在即时制卡网点现场制卡',
      '领卡：现场领取或邮寄送达，同步可签发电子社保卡',
    ],
    materials: [
      form('application', '社会保障卡申领登记表（在线填报）'),
      identityCard('申领人'),
      material('photo', '近期免冠彩色照片', '现场采集', '可调取居民身份证照片，符合社会保障卡照片标准'),
      material(
        'guardian',
        '监护人身份证件及监护关系证明',
        '公安机关或者有关机关',
        '未成年人或者无民事行为能力人申领时提交',
        {
          required: false,
          main: false,
          replaceableByLicenceTypes: ['ID', 'HKB'],
        },
      ),
    ],
    results: ['SSC'],
    resultName: '社会保障卡（实体卡）及电子社保卡',
    place: (region) => `${region.hall}人力社保窗口及社会保障卡即时制卡网点`,
    faqs: [
      {
        q: '可以当场领卡吗？',
        a: '在即时制卡网点申领的，现场制卡、立等可取；通过“浙里办”申领的，可以选择邮寄到家。',
      },
      { q: '首次申领收费吗？', a: '首次申领不收费。' },
    ],
    placements: [
      { region: 'hz', dept: 'human-resources', promised: 0 },
      { region: 'nb', dept: 'human-resources', promised: 0 },
    ],
  },
  {
    baseCode: CODES.residentPension,
    legalLimitDays: 0,
    audiences: ['1'],
    themes: ['社会保障', '养老服务'],
    acceptanceConditions:
      '年满16周岁（不含在校学生），非国家机关和事业单位工作人员及不属于职工基本养老保险制度覆盖范围的城乡居民，在户籍地参保。',
    process: [
      '申请：通过“浙里办”或乡镇（街道）、政务服务中心人力社保窗口申请',
      '办结：信息核验通过的即时完成参保登记',
    ],
    materials: [
      form('application', '城乡居民基本养老保险参保登记表（在线填报）'),
      identityCard('参保人'),
      material(
        'household-register',
        '居民户口簿',
        '公安机关',
        '户籍在本地；可通过人口信息共享核验的免于提交',
        {
          required: false,
          main: false,
          replaceableByLicenceTypes: ['HKB'],
        },
      ),
      proxy(),
    ],
    resultName: '城乡居民基本养老保险参保登记',
    faqs: [
      {
        q: '缴费档次怎么选？',
        a: '在浙江省和所在设区市公布的缴费档次中自主选择，多缴多得，政府按缴费档次给予补贴。',
      },
    ],
    placements: [
      { region: 'xh', dept: 'human-resources', promised: 0 },
      { region: 'yz', dept: 'human-resources', promised: 0 },
    ],
  },
  // ----------------------------------------------------------------------------------------------- 民政
  {
    baseCode: CODES.privateNonEnterprise,
    legalLimitDays: 60,
    audiences: ['1', '2', '3', '4'],
    themes: ['社会组织'],
    acceptanceConditions:
      '1. 经业务主管单位审查同意（直接登记的除外）；2. 有规范的名称、必要的组织机构；3. 有与其业务活动相适应的从业人员；' +
      '4. 有与其业务活动相适应的合法财产；5. 有必要的场所。',
    process: licenceProcess(false),
    materials: [
      form('application', '民办非企业单位（社会服务机构）成立登记申请书'),
      material('sponsor-approval', '业务主管单位的批准文件', '业务主管单位', '依法直接登记的免于提交'),
      material('capital', '开办资金验资报告', '会计师事务所', '开办资金数额符合规定，来源合法'),
      material('venue', '场所使用权证明', '产权单位或出租方', '场所与业务活动相适应，使用期限一年以上', {
        replaceableByLicenceTypes: ['REC'],
      }),
      material('charter', '章程草案', '申请人自备', '参照民政部示范文本制定'),
      material('leader', '拟任负责人的基本情况和身份证明', '申请人自备', '负责人符合任职条件', {
        replaceableByLicenceTypes: ['ID'],
      }),
      proxy(),
    ],
    results: ['MFQ'],
    resultName: '民办非企业单位（法人）登记证书',
    faqs: [
      {
        q: '哪些社会服务机构可以直接登记？',
        a: '科技类、公益慈善类、城乡社区服务类社会组织可以直接向民政部门依法申请登记，不需要业务主管单位审查同意。',
      },
    ],
    placements: [
      { region: 'zj', dept: 'civil-affairs', promised: 20 },
      { region: 'hz', dept: 'civil-affairs', promised: 15 },
      { region: 'xh', dept: 'civil-affairs', promised: 10 },
    ],
  },
  {
    baseCode: CODES.marriage,
    legalLimitDays: 0,
    audiences: ['1'],
    themes: ['婚育收养'],
    acceptanceConditions:
      '男女双方完全自愿；男方年满二十二周岁，女方年满二十周岁；双方均无配偶；双方不是直系血亲或者三代以内的旁系血亲。',
    process: [
      '预约：可通过“浙里办”预约登记时间',
      '申请：男女双方亲自到婚姻登记机关，当场签署申请结婚登记声明书',
      '审查与登记：婚姻登记员当场审查，符合条件的当场登记，发给结婚证',
    ],
    materials: [
      identityCard('男女双方'),
      material('photos', '双方近期半身免冠合影照片（2寸）', '申请人自备', '红底彩色合影3张', {
        originals: 3,
      }),
      form(
        'declaration',
        '申请结婚登记声明书',
        '双方在婚姻登记员面前亲自签署，声明无配偶且无直系血亲和三代以内旁系血亲关系',
      ),
    ],
    results: ['MC'],
    resultName: '结婚证',
    online: false,
    handlingForms: ['1'],
    visits: 1,
    place: (region) => `${region.name}婚姻登记处`,
    faqs: [
      {
        q: '必须双方亲自到场吗？',
        a: '是。要求结婚的男女双方应当亲自到婚姻登记机关申请结婚登记（《中华人民共和国民法典》第一千零四十九条）。',
      },
      {
        q: '可以在户籍地以外办理吗？',
        a: '可以。婚姻登记已实行“全国通办”，可以在一方常住户口所在地或者经常居住地婚姻登记机关办理。',
      },
    ],
    placements: [
      { region: 'sc', dept: 'civil-affairs', promised: 0 },
      { region: 'yz', dept: 'civil-affairs', promised: 0 },
    ],
  },
  {
    baseCode: CODES.adoption,
    legalLimitDays: 30,
    audiences: ['1'],
    themes: ['婚育收养'],
    acceptanceConditions:
      '收养人应当同时具备：无子女或者只有一名子女；有抚养、教育和保护被收养人的能力；未患有在医学上认为不应当收养子女的疾病；' +
      '无不利于被收养人健康成长的违法犯罪记录；年满三十周岁。',
    process: [
      '申请：收养关系当事人亲自到收养登记机关申请',
      '审查：收养登记机关自次日起30日内进行审查，必要时进行收养评估',
      '登记：符合规定的予以登记，发给收养登记证，收养关系自登记之日起成立',
    ],
    materials: [
      form('application', '收养登记申请书'),
      identityCard('收养人'),
      material('household-register', '收养人居民户口簿', '公安机关', '可通过人口信息共享核验', {
        replaceableByLicenceTypes: ['HKB'],
      }),
      material(
        'capacity',
        '收养人婚姻状况和抚养教育被收养人能力等情况的证明',
        '所在单位或者村（居）民委员会',
        '出具日期在6个月内',
      ),
      material(
        'health',
        '县级以上医疗机构出具的未患有在医学上认为不应当收养子女的疾病的身体健康检查证明',
        '县级以上医疗机构',
        '出具日期在6个月内',
      ),
      material('adoptee', '被收养人的出生证明及送养人的有关证明材料', '有关机关或者送养人', '与收养类型相符'),
    ],
    results: ['ADOPT'],
    resultName: '收养登记证',
    visits: 1,
    faqs: [
      {
        q: '收养登记多久办结？',
        a: '收养登记机关收到申请及有关材料后，自次日起30日内进行审查；符合规定的予以登记。',
      },
    ],
    placements: [
      { region: 'hz', dept: 'civil-affairs', promised: 20 },
      { region: 'nb', dept: 'civil-affairs', promised: 20 },
    ],
  },
  {
    baseCode: CODES.minimumLiving,
    legalLimitDays: 30,
    audiences: ['1'],
    themes: ['社会救助'],
    acceptanceConditions:
      '共同生活的家庭成员人均收入低于当地最低生活保障标准，且财产状况符合当地人民政府规定的条件。',
    process: [
      '申请：向户籍所在地乡镇人民政府（街道办事处）提出，也可通过“浙里办”在线申请',
      '调查：乡镇（街道）入户调查，开展家庭经济状况信息核对',
      '公示：调查核实结果在申请人所在村（社区）公示',
      '审核确认：县级民政部门作出审核确认决定，不予批准的书面说明理由',
      '发放：按月发放最低生活保障金',
    ],
    materials: [
      form('application', '最低生活保障申请书（含家庭经济状况核对授权书）'),
      identityCard('申请人及共同生活家庭成员'),
      material('household-register', '居民户口簿', '公安机关', '可通过人口信息共享核验', {
        replaceableByLicenceTypes: ['HKB'],
      }),
      material(
        'income-statement',
        '家庭收入和财产状况声明',
        '申请人自备',
        '如实申报，由民政部门通过家庭经济状况核对机制核查',
        { promiseAllowed: true },
      ),
      material(
        'special-proof',
        '残疾人证、病历等特殊情况证明',
        '有关机构',
        '家庭成员有重病、重残等情形的提交',
        { required: false, main: false },
      ),
    ],
    resultName: '最低生活保障审核确认决定',
    faqs: [{ q: '对不予批准的决定不服怎么办？', a: '可以依法申请行政复议或者提起行政诉讼。' }],
    placements: [
      { region: 'xh', dept: 'civil-affairs', promised: 20 },
      { region: 'hs', dept: 'civil-affairs', promised: 20 },
    ],
  },
  {
    baseCode: CODES.elderlyCareFiling,
    legalLimitDays: 0,
    audiences: ['2', '3', '4'],
    themes: ['养老服务'],
    acceptanceConditions:
      '养老机构已依法办理登记（营利性的办理市场主体登记，非营利性的办理事业单位或者社会服务机构登记）。',
    process: ['申请：通过“浙里办”或民政窗口提交备案材料', '办结：材料齐全的当场备案，出具备案回执'],
    materials: [
      form('filing-form', '养老机构备案书'),
      material(
        'legal-person',
        '营业执照或者事业单位、社会服务机构法人登记证书',
        '登记管理机关',
        '经营范围或者业务范围包含养老服务',
        {
          originals: 0,
          copies: 1,
          replaceableByLicenceTypes: ['BL', 'MFQ'],
        },
      ),
      form(
        'commitment',
        '养老机构备案承诺书',
        '承诺符合建筑、消防、食品安全、医疗卫生、特种设备等法律法规和标准',
      ),
      material(
        'fire-documents',
        '建设工程消防验收、备案材料或者消防安全检查合格证',
        '住房和城乡建设主管部门、消防救援机构',
        '依法需要的提交',
        {
          required: false,
          main: false,
          replaceableByLicenceTypes: ['FAC', 'FIRE'],
        },
      ),
      proxy(),
    ],
    resultName: '养老机构备案回执',
    faqs: [
      {
        q: '设立养老机构还需要许可吗？',
        a: '不需要。2018年修正的《中华人民共和国老年人权益保障法》取消了养老机构设立许可，养老机构登记后即可开展服务活动，并向县级以上人民政府民政部门备案。',
      },
    ],
    placements: [
      { region: 'sc', dept: 'civil-affairs', promised: 0 },
      { region: 'yz', dept: 'civil-affairs', promised: 0 },
    ],
  },
  // ----------------------------------------------------------------------------------------------- 交通运输
  {
    baseCode: CODES.roadFreight,
    legalLimitDays: 20,
    audiences: ['1', '2'],
    themes: ['交通运输', '开办企业'],
    acceptanceConditions:
      '1. 有与其经营业务相适应并经检测合格的车辆；2. 有符合规定条件的驾驶人员；3. 有健全的安全生产管理制度。',
    process: licenceProcess(false),
    materials: [
      form('application', '道路货物运输经营申请表'),
      identityCard('负责人'),
      material(
        'vehicles',
        '拟投入车辆承诺书或者车辆行驶证、检验检测合格证明',
        '申请人自备或者有关机构',
        '车辆技术性能符合国家标准',
      ),
      material(
        'drivers',
        '驾驶人员的机动车驾驶证和从业资格证',
        '公安机关交通管理部门、交通运输主管部门',
        '在有效期内；可在线核验',
      ),
      material(
        'safety-rules',
        '安全生产管理制度文本',
        '申请人自备',
        '包括安全生产责任制度、安全生产业务操作规程等',
      ),
      proxy(),
    ],
    results: ['RT'],
    resultName: '道路运输经营许可证',
    faqs: [
      {
        q: '使用4.5吨及以下普通货车从事普通货运需要办理许可吗？',
        a: '不需要。使用总质量4500千克及以下普通货运车辆从事普通货运经营的，无需办理道路运输经营许可证和车辆道路运输证。',
      },
    ],
    placements: [
      { region: 'xh', dept: 'transport', promised: 5 },
      { region: 'hs', dept: 'transport', promised: 5 },
    ],
  },
  // ----------------------------------------------------------------------------------------------- 文化旅游
  {
    baseCode: CODES.publicationRetail,
    legalLimitDays: 20,
    audiences: ['1', '2'],
    themes: ['文化旅游', '开办企业'],
    acceptanceConditions:
      '已取得营业执照；有确定的名称和经营范围；有与出版物零售业务相适应的设备和固定的经营场所。',
    process: licenceProcess(false),
    materials: [
      form('application', '出版物零售业务申请书'),
      businessLicence(),
      identityCard('法定代表人（负责人）'),
      premises(true),
      proxy(),
    ],
    results: ['PUB'],
    resultName: '出版物经营许可证',
    faqs: [
      {
        q: '网上销售图书需要办理吗？',
        a: '通过互联网等信息网络从事出版物零售业务的，也应当依法取得出版物经营许可证。',
      },
    ],
    placements: [
      { region: 'sc', dept: 'culture-tourism', promised: 5 },
      { region: 'hs', dept: 'culture-tourism', promised: 5 },
    ],
  },
  {
    baseCode: CODES.entertainment,
    legalLimitDays: 20,
    audiences: ['2'],
    themes: ['文化旅游', '开办企业'],
    acceptanceConditions:
      '投资人员、法定代表人和负责人无《娱乐场所管理条例》规定的禁止情形；场所不设在房屋用途中含有住宅的建筑内、居民住宅区、学校和医院周围等禁止地点；' +
      '使用面积、包厢（间）设置和消费者数量核定符合规定；符合治安管理、消防安全和噪声污染防治等规定。',
    process: [
      '申请：通过“浙里办”或综合窗口一次提交文化、消防、公安所需材料',
      '并联审查：文化和旅游部门牵头，公安部门同步办理治安备案，消防救援机构同步办理营业前消防安全检查',
      '现场核查：两名以上工作人员联合实地检查',
      '决定：牵头部门汇总意见后作出决定，统一发放许可证件',
    ],
    materials: [
      form('application', '娱乐场所经营活动申请书'),
      businessLicence(),
      material(
        'investor-declaration',
        '投资人、法定代表人、主要负责人的有效身份证件以及无禁止情形的书面声明',
        '申请人自备',
        '声明由本人签字',
        {
          replaceableByLicenceTypes: ['ID'],
        },
      ),
      premises(false),
      material(
        'floor-plan',
        '场所地理位置图和场所内部结构平面示意图',
        '申请人自备',
        '歌舞娱乐场所标明包厢（间）位置和面积，游艺娱乐场所标明分区和设备位置',
      ),
      material(
        'fire-check',
        '公众聚集场所投入使用、营业前消防安全检查合格证或者告知承诺书',
        '消防救援机构',
        '可与本事项并联办理，已取得的免于提交',
        {
          required: false,
          main: false,
          replaceableByLicenceTypes: ['FIRE'],
        },
      ),
      proxy(),
    ],
    results: ['ENT', 'FIRE'],
    resultName: '娱乐经营许可证、公众聚集场所投入使用营业前消防安全检查合格证（并联办理）',
    onSiteCheck: true,
    quantityLimit: {
      limited: true,
      limit: '按本地区娱乐场所总量和布局规划审批，规划确定的数量已满的区域不再新增歌舞娱乐场所',
      basis: '《娱乐场所管理条例》第七条、第九条；本地区娱乐场所总量和布局规划（示例）',
    },
    appointment: true,
    faqs: [
      {
        q: '取得娱乐经营许可证后还需要向公安机关备案吗？',
        a: '需要。娱乐场所取得营业执照和相关许可证后，应当在15日内向所在地县级公安部门备案；并联办理时由公安部门同步完成。',
      },
      { q: '娱乐经营许可证有效期多久？', a: '有效期为2年。' },
    ],
    placements: [
      {
        region: 'sc',
        dept: 'culture-tourism',
        promised: 10,
        joint: { kind: 'general', co: ['public-security', 'fire-rescue'] },
      },
      {
        region: 'yz',
        dept: 'culture-tourism',
        promised: 10,
        joint: { kind: 'general', co: ['public-security', 'fire-rescue'] },
      },
    ],
  },
  {
    baseCode: CODES.travelAgency,
    legalLimitDays: 20,
    audiences: ['2'],
    themes: ['文化旅游', '开办企业'],
    acceptanceConditions: '取得企业法人资格，注册资本不少于30万元；有固定的经营场所；有必要的营业设施。',
    process: licenceProcess(true),
    materials: [
      form('application', '旅行社业务经营许可申请书'),
      businessLicence(),
      identityCard('法定代表人'),
      premises(false),
      material(
        'facilities',
        '营业设施情况说明（电话、传真、计算机等办公设备）',
        '申请人自备',
        '设施与业务规模相适应',
        { promiseAllowed: true },
      ),
      proxy(),
    ],
    results: ['TA'],
    resultName: '旅行社业务经营许可证',
    onSiteCheck: true,
    faqs: [
      {
        q: '取得许可后还需要做什么？',
        a: '应当自取得旅行社业务经营许可证之日起3个工作日内开设质量保证金专用账户并存入质量保证金，或者提交银行担保。',
      },
      {
        q: '如何申请经营出境旅游业务？',
        a: '取得经营许可满两年，且未因侵害旅游者合法权益受到行政机关罚款以上处罚的，可以申请经营出境旅游业务。',
      },
    ],
    placements: [
      { region: 'zj', dept: 'culture-tourism', promised: 10 },
      { region: 'hz', dept: 'culture-tourism', promised: 7 },
    ],
  },
  // ----------------------------------------------------------------------------------------------- 应急管理
  {
    baseCode: CODES.hazardousChemicals,
    legalLimitDays: 30,
    audiences: ['2'],
    themes: ['安全生产', '开办企业'],
    acceptanceConditions:
      '有符合国家标准、行业标准的经营场所，储存危险化学品的还应当有符合国家标准、行业标准的储存设施；从业人员经过专业技术培训并经考核合格；' +
      '有健全的安全管理规章制度；有专职安全管理人员；有符合国家规定的危险化学品事故应急预案和必要的应急救援器材、设备。',
    process: licenceProcess(true),
    materials: [
      form('application', '危险化学品经营许可证申请表'),
      businessLicence(),
      material(
        'safety-rules',
        '安全生产规章制度和岗位操作规程目录清单',
        '申请人自备',
        '制度健全，与经营品种相适应',
      ),
      material(
        'training',
        '主要负责人、安全生产管理人员安全生产知识和管理能力考核合格证明',
        '应急管理部门',
        '在有效期内；可在线核验',
      ),
      material('emergency-plan', '危险化学品事故应急预案', '申请人自备', '已按规定备案'),
      premises(false),
      material('storage-assessment', '储存设施安全评价报告', '具有资质的安全评价机构', '带有储存设施的提交', {
        required: false,
        main: false,
      }),
      proxy(),
    ],
    results: ['HC'],
    resultName: '危险化学品经营许可证',
    onSiteCheck: true,
    faqs: [
      {
        q: '由哪一级应急管理部门审批？',
        a: '从事剧毒化学品、易制爆危险化学品经营的，由设区的市级应急管理部门审批；从事其他危险化学品经营的，由县级应急管理部门审批。',
      },
    ],
    placements: [
      { region: 'hz', dept: 'emergency-management', promised: 10 },
      { region: 'xh', dept: 'emergency-management', promised: 10 },
      { region: 'yz', dept: 'emergency-management', promised: 10 },
    ],
  },
  // ----------------------------------------------------------------------------------------------- 教育
  {
    baseCode: CODES.privateSchool,
    legalLimitDays: 60,
    audiences: ['1', '2', '4'],
    themes: ['教育培训'],
    acceptanceConditions:
      '举办者为具有政治权利和完全民事行为能力的个人或者具有法人资格的社会组织；符合当地教育发展需求，具备《中华人民共和国教育法》和其他法律法规规定的条件；' +
      '校舍、师资、资金等达到同级同类学校设置标准。不得设立实施义务教育的营利性民办学校。',
    process: [
      '申请：举办者提交正式设立申请（经筹设的附筹设批准书）',
      '评估：审批机关组织专家评议和实地考察',
      '决定：自受理之日起三个月内（按60个工作日计）以书面形式作出是否批准的决定',
      '发证：批准正式设立的，发给办学许可证',
    ],
    materials: [
      form('application', '民办学校正式设立申请报告'),
      material('preparation-approval', '筹设批准书', '教育行政部门', '经批准筹设的提交', {
        required: false,
        main: false,
      }),
      material(
        'charter',
        '学校章程和首届学校理事会（董事会）或者其他决策机构组成人员名单',
        '申请人自备',
        '章程内容符合规定',
      ),
      material(
        'assets',
        '学校资产的有效证明文件',
        '申请人自备或者评估机构',
        '校产权属清晰，资产数额符合设置标准',
      ),
      material('staff', '校长、教师、财会人员的资格证明文件', '有关机关', '人员配备符合设置标准'),
      material(
        'campus',
        '校舍使用证明（不动产权证书或者租赁合同）',
        '不动产登记机构或者出租方',
        '租赁期限符合规定，校舍经消防、安全鉴定合格',
        {
          replaceableByLicenceTypes: ['REC'],
        },
      ),
      proxy(),
    ],
    results: ['EDU'],
    resultName: '民办学校办学许可证',
    onSiteCheck: true,
    visits: 2,
    faqs: [
      {
        q: '审批需要多长时间？',
        a: '申请正式设立民办学校的，审批机关自受理之日起三个月内以书面形式作出是否批准的决定；申请正式设立民办高等学校的，可以在六个月内作出决定。',
      },
    ],
    placements: [
      { region: 'zj', dept: 'education', promised: 30 },
      { region: 'hz', dept: 'education', promised: 20 },
      { region: 'hs', dept: 'education', promised: 20 },
    ],
  },
  // ----------------------------------------------------------------------------------------------- “一件事” 集成服务
  {
    baseCode: CODES.restaurantBundle,
    legalLimitDays: 20,
    audiences: ['1', '2'],
    themes: ['餐饮开店', '开办企业'],
    acceptanceConditions:
      '拟开办餐饮店的自然人、法人或者其他组织；经营场所符合规划用途，符合食品安全、消防安全要求；店招设置符合城市容貌标准和户外招牌设置规范。',
    process: [
      '申请：通过“浙里办”或综合窗口一表申请、一次提交',
      '受理：综合窗口一次性受理，分送市场监管、消防救援、城市管理部门',
      '并联审批：各部门同步审查，市场监管部门牵头组织两名以上工作人员联合现场核查',
      '决定：牵头部门汇总各部门意见后统一作出决定',
      '出件：营业执照、食品经营许可证、消防安全检查合格证等一窗发放或者邮寄，同步生成电子证照',
    ],
    materials: [
      form('application', '开办餐饮店“一件事”联办申请表'),
      identityCard('经营者（法定代表人）'),
      premises(true),
      material(
        'layout',
        '餐饮经营场所布局、主要设备设施及操作流程文件',
        '申请人自备',
        '标明粗加工、烹饪、餐用具清洗消毒等功能区',
      ),
      material(
        'fire-commitment',
        '公众聚集场所消防安全告知承诺书及消防安全制度、灭火和应急疏散预案',
        '申请人自备',
        '属于公众聚集场所的提交',
        {
          promiseAllowed: true,
        },
      ),
      material(
        'signboard',
        '户外招牌设置方案（效果图、尺寸、位置）',
        '申请人自备',
        '符合城市容貌标准和当地户外招牌设置规范',
      ),
      proxy(),
    ],
    results: ['BL', 'JY', 'FIRE'],
    resultName:
      '营业执照、食品经营许可证、公众聚集场所投入使用营业前消防安全检查合格证及户外招牌设置意见（多证联办）',
    onSiteCheck: true,
    faqs: [
      { q: '开一家餐饮店要跑几次？', a: '材料齐全的最多跑一次；选择网上申报和邮寄送达的可以“零跑腿”。' },
      {
        q: '所有餐饮店都要办理消防安全检查吗？',
        a: '属于公众聚集场所的餐饮场所需要办理；是否属于公众聚集场所以消防救援机构的认定为准，不属于的不出具消防安全检查合格证。',
      },
    ],
    placements: [
      {
        region: 'sc',
        dept: 'market-regulation',
        promised: 5,
        joint: { kind: 'general', co: ['fire-rescue', 'urban-management'] },
      },
      {
        region: 'xh',
        dept: 'market-regulation',
        promised: 5,
        joint: { kind: 'general', co: ['fire-rescue', 'urban-management'] },
      },
      {
        region: 'hs',
        dept: 'market-regulation',
        promised: 5,
        joint: { kind: 'general', co: ['fire-rescue', 'urban-management'] },
      },
      {
        region: 'yz',
        dept: 'market-regulation',
        promised: 5,
        joint: { kind: 'general', co: ['fire-rescue', 'urban-management'] },
      },
    ],
  },
  {
    baseCode: CODES.enterpriseBundle,
    legalLimitDays: 3,
    audiences: ['1', '2'],
    themes: ['开办企业'],
    acceptanceConditions:
      '申请设立公司、非公司企业法人、合伙企业、个人独资企业等企业，登记事项符合法律、行政法规规定。',
    process: [
      '申请：通过浙江政务服务网“企业开办”专区一表申请（设立登记、印章刻制、发票申领、社保登记）',
      '并联办理：市场监管部门办理设立登记，公安机关办理印章刻制备案，税务机关办理涉税事项，人力社保部门办理社保登记',
      '出件：电子营业执照、电子印章即时发放，实体执照、印章、发票可免费邮寄',
    ],
    materials: [
      form('application', '企业开办“一件事”申请表'),
      material('articles', '公司章程或者合伙协议', '申请人自备', '由全体股东（合伙人）签署'),
      identityCard('法定代表人及自然人股东'),
      premises(true),
      material(
        'seal-info',
        '印章刻制信息（印章种类、刻章企业选择）',
        '申请人自备',
        '在线选择，刻制信息同步推送公安机关备案',
        {
          required: false,
          main: false,
        },
      ),
      proxy(),
    ],
    results: ['BL'],
    resultName: '营业执照（含电子营业执照）、企业印章及印章备案信息、发票、社会保险登记信息',
    faqs: [
      {
        q: '企业开办需要多长时间？',
        a: '全流程网上办理，设立登记、印章刻制、发票申领、社保登记一般在1个工作日内办结。',
      },
      {
        q: '电子营业执照有什么用？',
        a: '电子营业执照与纸质营业执照具有同等法律效力，可用于网上身份认证、电子签名和办理其他政务服务事项时免于提交营业执照。',
      },
    ],
    placements: [
      {
        region: 'hz',
        dept: 'market-regulation',
        promised: 1,
        joint: { kind: 'general', co: ['public-security', 'taxation', 'human-resources'] },
      },
      {
        region: 'nb',
        dept: 'market-regulation',
        promised: 1,
        joint: { kind: 'general', co: ['public-security', 'taxation', 'human-resources'] },
      },
      {
        region: 'xh',
        dept: 'market-regulation',
        promised: 1,
        joint: { kind: 'general', co: ['public-security', 'taxation', 'human-resources'] },
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Generation: template × placement → implementation row
// ---------------------------------------------------------------------------------------------------------------

function step(
  id: string,
  name: string,
  departmentCode: Dept,
  limitDays: number,
  twoOfficials = false,
): StepRow {
  return twoOfficials
    ? { id, name, departmentCode, limitDays, twoOfficials }
    : { id, name, departmentCode, limitDays };
}

/** Steps of a one-department case; their limits add up to the promised limit. */
function singleSteps(dept: Dept, promised: number, onSiteCheck: boolean): StepRow[] {
  if (promised === 0) return [step('acceptance', '受理并当场办结', dept, 0)];
  if (onSiteCheck) {
    const review = Math.max(1, Math.floor(promised * 0.4));
    const check = Math.max(1, Math.floor(promised * 0.3));
    return [
      step('acceptance', '受理', dept, 0),
      step('review', '材料审查', dept, review),
      step('site-check', '现场核查', dept, check, true),
      step('decision', '审批决定、制证送达', dept, Math.max(0, promised - review - check)),
    ];
  }
  const review = promised > 1 ? promised - 1 : 1;
  return [
    step('acceptance', '受理', dept, 0),
    step('review', '审查', dept, review),
    step('decision', '审批决定、制证送达', dept, promised - review),
  ];
}

function processTemplate(item: ItemTemplate, placement: Placement): ProcessTemplateRow {
  const { region, dept, promised, joint } = placement;
  const onSiteCheck = item.onSiteCheck ?? false;
  const lead = { code: dept, name: body(region, dept).name, limitDays: promised };
  if (!joint)
    return { jointKind: 'single', lead, coDepartments: [], steps: singleSteps(dept, promised, onSiteCheck) };

  if (joint.kind === 'escalated') {
    const upper = body(joint.to, dept);
    const firstPart = Math.max(1, Math.floor(promised / 3));
    return {
      jointKind: 'escalated',
      lead,
      coDepartments: [],
      escalateTo: { code: dept, name: upper.name },
      steps: [
        step('acceptance', '受理、初审', dept, firstPart),
        ...(onSiteCheck ? [step('site-check', '现场核查', dept, firstPart, true)] : []),
        step('decision', `报${upper.name}审批决定`, dept, promised - firstPart * (onSiteCheck ? 2 : 1)),
      ],
    };
  }

  const coLimit = Math.min(promised, Math.max(1, promised - 1));
  const coDepartments = joint.co.map((code) => ({ code, name: body(region, code).name, limitDays: coLimit }));
  const coVerb = joint.kind === 'precondition' ? '出具承诺意见' : '并联审查并出具意见';
  return {
    jointKind: joint.kind,
    lead,
    coDepartments,
    steps: [
      step('window-acceptance', '综合窗口一次性受理、分送', 'service-center', 0),
      step('lead-review', '牵头部门审查', dept, coLimit),
      ...coDepartments.map((co) => step(`co-${co.code}`, `${co.name}${coVerb}`, co.code, co.limitDays)),
      ...(onSiteCheck
        ? [step('joint-site-check', '联合现场核查', dept, Math.max(1, Math.floor(promised * 0.4)), true)]
        : []),
      step('decision', '牵头部门汇总意见、作出决定、统一出件', dept, promised === 0 ? 0 : 1),
    ],
  };
}

function serviceInfo(item: ItemTemplate, placement: Placement): ServiceRow {
  const region = REGIONS[placement.region];
  const online = item.online ?? true;
  const hotline = SECTOR_HOTLINES[placement.dept];
  const cityHotline = `${region.areaCode}-12345`;
  const defaultPlace =
    region.kind === 'province'
      ? `${region.hall}；线下窗口：${body(placement.region, placement.dept).name}行政审批窗口`
      : `${region.hall}综合受理窗口`;
  const service: ServiceRow = {
    handlingForms: [...(item.handlingForms ?? (online ? ['1', '2', '3', '4'] : ['1']))],
    visits: item.visits ?? 0,
    online,
    place: item.place ? item.place(region) : defaultPlace,
    hours: HOURS,
    consultPhone: `${cityHotline}（政务服务便民热线）`,
    complaintPhone: hotline ? `${hotline}；${cityHotline}` : cityHotline,
    faqs: item.faqs.map((faq) => ({ ...faq })),
    appointment: item.appointment ?? false,
    onlinePayment: item.onlinePayment ?? false,
    courierDelivery: item.courierDelivery ?? false,
  };
  if (online) {
    service.onlineUrl = `https://www.zjzwfw.gov.cn/zjservice/item/detail/index.do?itemCode=${item.baseCode}&areaCode=${region.code}`;
  }
  return service;
}

function implement(item: ItemTemplate, placement: Placement): ImplementationRow {
  const region = REGIONS[placement.region];
  const implementing = body(placement.region, placement.dept);
  const row: ImplementationRow = {
    baseCode: item.baseCode,
    level: region.level,
    regionCode: region.code,
    implementingBody: { name: implementing.name, uscc: implementing.uscc, departmentCode: placement.dept },
    promisedLimitDays: placement.promised,
    caseType: placement.promised === 0 ? '1' : '2',
    audiences: [...item.audiences],
    themes: [...item.themes],
    acceptanceConditions: item.acceptanceConditions,
    process: [...item.process],
    materials: item.materials.map((m) => ({
      ...structuredClone(m),
      replaceableByLicenceTypes: (m.replaceableByLicenceTypes ?? []).map(canonicalLicenceTypeCode),
    })),
    fees: (item.fees ?? []).map((fee) => ({ ...fee })),
    processTemplate: processTemplate(item, placement),
    results: licences(item.results ?? [], placement),
    resultName: item.resultName,
    applicationForm: structuredClone(
      item.applicationForm ?? ITEM_FORMS[item.baseCode] ?? defaultForm(item.audiences),
    ),
    service: serviceInfo(item, placement),
    intermediaryProviders: (item.intermediaryProviders?.[placement.region] ?? []).map((p) => ({ ...p })),
  };
  if (item.quantityLimit) row.quantityLimit = { ...item.quantityLimit };
  if (region.kind === 'county' && region.parent) row.parentRegionCode = REGIONS[region.parent].code;
  return row;
}

// ---------------------------------------------------------------------------------------------------------------
// The exchange document
// ---------------------------------------------------------------------------------------------------------------

/**
 * Search synonyms (搜索同义词): the everyday words citizens type for items whose official names differ. Each
 * expansion is a word of an item name above, so every alias finds something (demo-catalog.spec.ts).
 */
const SYNONYMS = [
  { alias: '营业执照', expansions: ['企业设立登记', '个体工商户登记', '企业开办'] },
  { alias: '开公司', expansions: ['企业开办', '企业设立登记'] },
  { alias: '个体户', expansions: ['个体工商户登记'] },
  { alias: '开饭店', expansions: ['开办餐饮店', '食品经营许可'] },
  { alias: '社保', expansions: ['社会保障卡', '养老保险'] },
  { alias: '身份证', expansions: ['居民身份证', '户口迁移', '居住证'] },
  { alias: '户籍', expansions: ['户口迁移', '居住证'] },
  { alias: '低保', expansions: ['最低生活保障'] },
  { alias: '领证', expansions: ['结婚登记'] },
  { alias: '准生证', expansions: ['生育登记'] },
  { alias: '房产证', expansions: ['不动产登记'] },
  { alias: '环评', expansions: ['环境影响报告表'] },
  { alias: '施工证', expansions: ['建筑工程施工许可'] },
  { alias: '药店', expansions: ['药品零售企业许可'] },
  { alias: '养老院', expansions: ['养老机构'] },
  { alias: '卫生许可证', expansions: ['公共场所卫生许可'] },
];

/**
 * Below the demo counties (统计用区划代码, 12 digits: county 6 + township 3 + village 3): a few townships (乡镇街道) and
 * villages/communities (村/社区) for the service network (便民服务中心/站, 代办点). 三墩镇 330106109000 is its published code;
 * the other township codes and every village code are illustrative (real names, codes chosen in the published pattern:
 * 0xx 街道, 1xx 镇; 2xx 村, 0xx 社区) — see docs/service-network.md.
 */
const SUB_COUNTY_REGIONS: CatalogExchangeInput['regions'] = [
  { code: '330106109000', name: '三墩镇', kind: 'town', parentCode: '330106' },
  { code: '330106109201', name: '绕城村', kind: 'village', parentCode: '330106109000' },
  { code: '330106109202', name: '庙桥村', kind: 'village', parentCode: '330106109000' },
  { code: '330106008000', name: '转塘街道', kind: 'subdistrict', parentCode: '330106' },
  { code: '330106008201', name: '长埭村', kind: 'village', parentCode: '330106008000' },
  { code: '330106008001', name: '象山社区', kind: 'community', parentCode: '330106008000' },
  { code: '330102002000', name: '湖滨街道', kind: 'subdistrict', parentCode: '330102' },
  { code: '330102002001', name: '东坡路社区', kind: 'community', parentCode: '330102002000' },
];

export const demoCatalog: CatalogExchangeInput = {
  format: 'hall-catalog/1',
  regions: REGION_KEYS.map((key): RegionInput => {
    const region = REGIONS[key];
    return region.parent
      ? { code: region.code, name: region.name, kind: region.kind, parentCode: REGIONS[region.parent].code }
      : { code: region.code, name: region.name, kind: region.kind };
  }).concat(SUB_COUNTY_REGIONS),
  departments: DEPARTMENTS.map((d) => ({ code: d.code, name: d.name })),
  // 法定办结时限 belongs to the base item; its implementations inherit it.
  baseItems: BASE_ITEMS.map((item) => {
    const legalLimitDays = ITEMS.find((t) => t.baseCode === item.code)?.legalLimitDays;
    return { ...item, definedAtLevel: '2', ...(legalLimitDays !== undefined ? { legalLimitDays } : {}) };
  }),
  implementations: ITEMS.flatMap((item) => item.placements.map((placement) => implement(item, placement))),
  synonyms: SYNONYMS,
};
