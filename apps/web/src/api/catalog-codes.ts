/**
 * Code lists of the catalog search filters with display names (zh-CN, English). Code values follow
 * GB/T 39046 / @hall/contracts catalog-codes; regions, departments and themes are those of the demo catalog
 * (the catalog has no list endpoint for them yet).
 */
import type { AudienceCode, CaseTypeCode, ItemTypeCode, LevelCode } from '@hall/contracts/api';
import type { Locale } from '../i18n/i18n.js';

/** A code with its display names; `C` is the contract's code type where the catalog has one (a stray code fails the type-check). */
// client type: a code list entry with its display names (the contract carries codes only)
export interface CodeName<C extends string = string> {
  readonly code: C;
  readonly zh: string;
  readonly en: string;
}

export function nameOf(list: readonly CodeName[], code: string | undefined, locale: Locale): string {
  const found = list.find((c) => c.code === code);
  if (!found) return code ?? '';
  return locale === 'en-US' ? found.en : found.zh;
}

/** 事项类型 */
export const ITEM_TYPES: readonly CodeName<ItemTypeCode>[] = [
  { code: '01', zh: '行政许可', en: 'Licensing' },
  { code: '02', zh: '行政处罚', en: 'Penalty' },
  { code: '03', zh: '行政强制', en: 'Enforcement' },
  { code: '04', zh: '行政征收', en: 'Levy' },
  { code: '05', zh: '行政给付', en: 'Benefit' },
  { code: '06', zh: '行政检查', en: 'Inspection' },
  { code: '07', zh: '行政确认', en: 'Confirmation' },
  { code: '08', zh: '行政奖励', en: 'Award' },
  { code: '09', zh: '行政裁决', en: 'Adjudication' },
  { code: '10', zh: '其他行政权力', en: 'Other power' },
  { code: '20', zh: '公共服务', en: 'Public service' },
];

/** 行使层级 */
export const LEVELS: readonly CodeName<LevelCode>[] = [
  { code: '1', zh: '国家级', en: 'National' },
  { code: '2', zh: '省级', en: 'Provincial' },
  { code: '3', zh: '市级', en: 'City' },
  { code: '4', zh: '县级', en: 'County' },
  { code: '5', zh: '镇（乡、街道）级', en: 'Township' },
  { code: '6', zh: '村（社区）级', en: 'Village' },
];

/** 服务对象: 个人办事 = 自然人, 法人办事 = 企业法人 (the two portals of the home page). */
export const AUDIENCES: readonly CodeName<AudienceCode>[] = [
  { code: '1', zh: '自然人', en: 'Individuals' },
  { code: '2', zh: '企业法人', en: 'Businesses' },
  { code: '3', zh: '事业法人', en: 'Public institutions' },
  { code: '4', zh: '社会组织法人', en: 'Social organisations' },
  { code: '5', zh: '行政机关', en: 'Government bodies' },
  { code: '6', zh: '其他组织', en: 'Other organisations' },
];

/** 办件类型 */
export const CASE_TYPES: readonly CodeName<CaseTypeCode>[] = [
  { code: '1', zh: '即办件', en: 'Handled on the spot' },
  { code: '2', zh: '承诺件', en: 'Promised time limit' },
  { code: '9', zh: '其他', en: 'Other' },
];

/** Administrative divisions (GB/T 2260) of the demo catalog. */
export const REGIONS: readonly CodeName[] = [
  { code: '330000', zh: '浙江省', en: 'Zhejiang Province' },
  { code: '330100', zh: '杭州市', en: 'Hangzhou' },
  { code: '330102', zh: '杭州市上城区', en: 'Hangzhou · Shangcheng' },
  { code: '330106', zh: '杭州市西湖区', en: 'Hangzhou · Xihu' },
  { code: '330200', zh: '宁波市', en: 'Ningbo' },
  { code: '330203', zh: '宁波市海曙区', en: 'Ningbo · Haishu' },
  { code: '330212', zh: '宁波市鄞州区', en: 'Ningbo · Yinzhou' },
];

export const DEPARTMENTS: readonly CodeName[] = [
  { code: 'market-regulation', zh: '市场监督管理局', en: 'Market Regulation' },
  { code: 'health-commission', zh: '卫生健康委员会', en: 'Health Commission' },
  { code: 'fire-rescue', zh: '消防救援支队', en: 'Fire and Rescue' },
  { code: 'natural-resources', zh: '自然资源和规划局', en: 'Natural Resources and Planning' },
  { code: 'housing-construction', zh: '住房和城乡建设局', en: 'Housing and Construction' },
  { code: 'public-security', zh: '公安局', en: 'Public Security' },
  { code: 'ecology-environment', zh: '生态环境局', en: 'Ecology and Environment' },
  { code: 'human-resources', zh: '人力资源和社会保障局', en: 'Human Resources and Social Security' },
  { code: 'civil-affairs', zh: '民政局', en: 'Civil Affairs' },
  { code: 'transport', zh: '交通运输局', en: 'Transport' },
  { code: 'culture-tourism', zh: '文化广电旅游体育局', en: 'Culture, Tourism and Sports' },
  { code: 'emergency-management', zh: '应急管理局', en: 'Emergency Management' },
  { code: 'medical-products', zh: '药品监督管理局', en: 'Medical Products' },
  { code: 'education', zh: '教育局', en: 'Education' },
  { code: 'urban-management', zh: '综合行政执法局', en: 'Urban Management' },
  { code: 'taxation', zh: '税务局', en: 'Taxation' },
  { code: 'service-center', zh: '政务服务中心', en: 'Service Centre' },
];

/** Life events / themes (主题分类); the search filter takes the Chinese name. */
// client type: a home-page theme (display names and the portal that lists it)
export interface Theme extends CodeName {
  /** Which home-page portal lists it: 个人办事 (1) or 法人办事 (2). */
  readonly audience: Extract<AudienceCode, '1' | '2'>;
}

export const THEMES: readonly Theme[] = [
  { code: '婚育收养', zh: '婚育收养', en: 'Marriage and family', audience: '1' },
  { code: '户籍办理', zh: '户籍办理', en: 'Household registration', audience: '1' },
  { code: '社会保障', zh: '社会保障', en: 'Social security', audience: '1' },
  { code: '养老服务', zh: '养老服务', en: 'Elderly care', audience: '1' },
  { code: '社会救助', zh: '社会救助', en: 'Social assistance', audience: '1' },
  { code: '不动产登记', zh: '不动产登记', en: 'Real estate registration', audience: '1' },
  { code: '农村建房', zh: '农村建房', en: 'Rural housing', audience: '1' },
  { code: '教育培训', zh: '教育培训', en: 'Education and training', audience: '1' },
  { code: '医疗卫生', zh: '医疗卫生', en: 'Health care', audience: '1' },
  { code: '开办企业', zh: '开办企业', en: 'Starting a business', audience: '2' },
  { code: '餐饮开店', zh: '餐饮开店', en: 'Opening a restaurant', audience: '2' },
  { code: '工程建设', zh: '工程建设', en: 'Construction projects', audience: '2' },
  { code: '安全生产', zh: '安全生产', en: 'Work safety', audience: '2' },
  { code: '生态环保', zh: '生态环保', en: 'Environment', audience: '2' },
  { code: '交通运输', zh: '交通运输', en: 'Transport', audience: '2' },
  { code: '文化旅游', zh: '文化旅游', en: 'Culture and tourism', audience: '2' },
  { code: '社会组织', zh: '社会组织', en: 'Social organisations', audience: '2' },
];
