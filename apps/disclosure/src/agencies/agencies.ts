import { Department, DEPARTMENT_NAMES } from '@hall/auth';
import type { KeyArea, OpenCategory } from '@hall/contracts';

/**
 * The agencies (发布机构) that publish 主动公开 items: the agency part of their 索引号 scheme (the region code and a
 * short code of the department, as a 政府信息公开目录 numbers them: `330100-SCJG/2026-JC-00001`) and what their
 * 政府信息公开指南 says about them (the disclosure office, its address, hours and phone, the themes they publish
 * under). The demo data is Hangzhou's; addresses and phone numbers are made up.
 */
interface AgencyRecord {
  agencyCode: string;
  /** 政府信息公开工作机构 (the office that answers requests and keeps the 指南). */
  officeName: string;
  address: string;
  postcode: string;
  phone: string;
  email: string;
  /** 主题分类 the agency publishes under. */
  topics: readonly string[];
  /** 编制日期 of the agency's 指南. */
  guideEditedOn: string;
}

const HOURS = '工作日 上午9:00—12:00，下午13:30—17:00（法定节假日除外）';

const AGENCIES: Readonly<Partial<Record<Department, AgencyRecord>>> = Object.freeze({
  'service-center': {
    agencyCode: '330100-ZWFW',
    officeName: '政务服务中心办公室',
    address: '杭州市上城区解放东路18号 市民中心C座3楼',
    postcode: '310016',
    phone: '0571-8600 0101',
    email: 'zwgk-zwfw@example.gov.cn',
    topics: ['政务服务', '窗口管理', '好差评'],
    guideEditedOn: '2026-01-15',
  },
  'market-regulation': {
    agencyCode: '330100-SCJG',
    officeName: '市场监督管理局办公室（政务公开科）',
    address: '杭州市上城区解放东路18号 市民中心D座7楼 政务公开受理室',
    postcode: '310016',
    phone: '0571-8600 0202',
    email: 'zwgk-scjg@example.gov.cn',
    topics: [
      '食品安全',
      '药品监管',
      '特种设备',
      '价格监管',
      '财政资金',
      '登记注册',
      '质量监督',
      '政务服务',
      '机构职能',
    ],
    guideEditedOn: '2026-02-10',
  },
  'health-commission': {
    agencyCode: '330100-WSJK',
    officeName: '卫生健康委员会办公室',
    address: '杭州市上城区庆春路155号',
    postcode: '310003',
    phone: '0571-8600 0303',
    email: 'zwgk-wsjk@example.gov.cn',
    topics: ['医疗服务', '疾病预防', '卫生监督'],
    guideEditedOn: '2026-01-20',
  },
  'fire-rescue': {
    agencyCode: '330100-XFJY',
    officeName: '消防救援支队司令部',
    address: '杭州市拱墅区湖墅南路250号',
    postcode: '310005',
    phone: '0571-8600 0404',
    email: 'zwgk-xfjy@example.gov.cn',
    topics: ['消防安全', '火灾防控'],
    guideEditedOn: '2026-01-20',
  },
  'urban-management': {
    agencyCode: '330100-CSGL',
    officeName: '城市管理局办公室',
    address: '杭州市上城区解放东路18号 市民中心B座5楼',
    postcode: '310016',
    phone: '0571-8600 0505',
    email: 'zwgk-csgl@example.gov.cn',
    topics: ['市容环境', '城市执法', '垃圾分类'],
    guideEditedOn: '2026-01-20',
  },
  'data-bureau': {
    agencyCode: '330100-SJZY',
    officeName: '数据资源管理局综合处',
    address: '杭州市上城区解放东路18号 市民中心A座9楼',
    postcode: '310016',
    phone: '0571-8600 0606',
    email: 'zwgk-sjzy@example.gov.cn',
    topics: ['公共数据', '数字政府'],
    guideEditedOn: '2026-01-20',
  },
  'people-government': {
    agencyCode: '330100-RMZF',
    officeName: '人民政府办公厅（政务公开办公室）',
    address: '杭州市上城区解放东路18号 市民中心A座2楼',
    postcode: '310016',
    phone: '0571-8600 0707',
    email: 'zwgk-rmzf@example.gov.cn',
    topics: ['综合政务', '政府规章', '财政预决算', '征地拆迁', '保障性住房'],
    guideEditedOn: '2026-01-10',
  },
});

export interface Agency {
  departmentCode: string;
  departmentName: string;
  agencyCode: string;
}

export interface AgencyDetail extends Agency {
  record: AgencyRecord;
  hours: string;
}

const isDepartment = (code: string): code is Department =>
  (Object.values(Department) as string[]).includes(code);

/** The agency record of a department code with its office details, or undefined when it does not publish. */
export function agencyDetailOf(departmentCode: string | undefined): AgencyDetail | undefined {
  if (departmentCode === undefined || !isDepartment(departmentCode)) return undefined;
  const record = AGENCIES[departmentCode];
  if (record === undefined) return undefined;
  return {
    departmentCode,
    departmentName: DEPARTMENT_NAMES[departmentCode],
    agencyCode: record.agencyCode,
    record,
    hours: HOURS,
  };
}

/** The agency of a department code, or undefined when the department does not publish. */
export function agencyOf(departmentCode: string | undefined): Agency | undefined {
  const detail = agencyDetailOf(departmentCode);
  return (
    detail && {
      departmentCode: detail.departmentCode,
      departmentName: detail.departmentName,
      agencyCode: detail.agencyCode,
    }
  );
}

export function allAgencies(): Agency[] {
  return Object.values(Department).flatMap((d) => agencyOf(d) ?? []);
}

/** 发布机构 name of a department code (the code itself when unknown). */
export const departmentName = (code: string): string => agencyOf(code)?.departmentName ?? code;

/** zh-CN names of the 五公开 categories (search text, 指南). */
export const CATEGORY_NAMES: Readonly<Record<OpenCategory, string>> = Object.freeze({
  decision: '决策公开',
  execution: '执行公开',
  management: '管理公开',
  service: '服务公开',
  result: '结果公开',
});

/** zh-CN names of the 重点领域 (search text: a pinyin keyword may name the area, `czyjs` → 财政预决算). */
export const KEY_AREA_NAMES: Readonly<Record<KeyArea, string>> = Object.freeze({
  budget: '财政预决算',
  'three-public': '三公经费',
  housing: '保障性住房',
  'food-drug': '食品药品',
  environment: '环境保护',
  'work-safety': '安全生产',
  pricing: '价格收费',
  'land-expropriation': '征地拆迁',
});
