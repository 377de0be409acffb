/**
 * Departments and regions that demo accounts (and the Keycloak realm's user attributes `department` and
 * `region`) refer to. The attribute values are the codes below; names are for display.
 * Region codes are 6-digit administrative division codes (GB/T 2260), below the county 12-digit 统计用区划代码.
 */
export const Department = {
  /** 政务服务中心 (comprehensive window, 一窗受理) */
  ServiceCenter: 'service-center',
  /** 市场监督管理局 */
  MarketRegulation: 'market-regulation',
  /** 卫生健康委员会 */
  HealthCommission: 'health-commission',
  /** 消防救援支队 */
  FireRescue: 'fire-rescue',
  /** 城市管理局 */
  UrbanManagement: 'urban-management',
  /** 数据资源管理局 (platform operator) */
  DataBureau: 'data-bureau',
  /** 人民政府 (the region's people's government itself: its head approves joint-case extensions) */
  PeopleGovernment: 'people-government',
} as const;
export type Department = (typeof Department)[keyof typeof Department];

export const DEPARTMENT_NAMES: Readonly<Record<Department, string>> = Object.freeze({
  'service-center': '政务服务中心',
  'market-regulation': '市场监督管理局',
  'health-commission': '卫生健康委员会',
  'fire-rescue': '消防救援支队',
  'urban-management': '城市管理局',
  'data-bureau': '数据资源管理局',
  'people-government': '人民政府',
});

export const Region = {
  /** 浙江省杭州市 */
  Hangzhou: '330100',
  /** 杭州市上城区 */
  Shangcheng: '330102',
  /** 杭州市西湖区 */
  Xihu: '330106',
  /** 西湖区三墩镇 (12-digit 统计用区划代码, the published one) */
  XihuSandun: '330106109000',
  /** 西湖区三墩镇绕城村 (12-digit 统计用区划代码; the village part is illustrative, see docs/service-network.md) */
  XihuRaocheng: '330106109201',
} as const;
export type Region = (typeof Region)[keyof typeof Region];

export const REGION_NAMES: Readonly<Record<Region, string>> = Object.freeze({
  '330100': '杭州市',
  '330102': '杭州市上城区',
  '330106': '杭州市西湖区',
  '330106109000': '西湖区三墩镇',
  '330106109201': '西湖区三墩镇绕城村',
});

/** Value of the `department_role` attribute: the head of a department signs off its decisions. */
export const DepartmentRole = {
  Head: 'head',
  Officer: 'officer',
} as const;
export type DepartmentRole = (typeof DepartmentRole)[keyof typeof DepartmentRole];
