import { z } from 'zod';

/** 事项类型 (GB/T 39046-2020 A): 01 行政许可 … 10 其他行政权力, 20 公共服务. */
export const ItemTypeCode = z.enum(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '20']);
export type ItemTypeCode = z.infer<typeof ItemTypeCode>;
export const ITEM_TYPE_NAMES: Readonly<Record<ItemTypeCode, string>> = {
  '01': '行政许可',
  '02': '行政处罚',
  '03': '行政强制',
  '04': '行政征收',
  '05': '行政给付',
  '06': '行政检查',
  '07': '行政确认',
  '08': '行政奖励',
  '09': '行政裁决',
  '10': '其他行政权力',
  '20': '公共服务',
};

/** 行使层级: 1 国家, 2 省, 3 市, 4 县, 5 镇(乡、街道), 6 村(社区), 7 分级管理. */
export const LevelCode = z.enum(['1', '2', '3', '4', '5', '6', '7']);
export type LevelCode = z.infer<typeof LevelCode>;
export const LEVEL_NAMES: Readonly<Record<LevelCode, string>> = {
  '1': '国家级',
  '2': '省级',
  '3': '市级',
  '4': '县级',
  '5': '镇（乡、街道）级',
  '6': '村（社区）级',
  '7': '分级管理',
};

/** 服务对象: 1 自然人, 2 企业法人, 3 事业法人, 4 社会组织法人, 5 行政机关, 6 其他组织. */
export const AudienceCode = z.enum(['1', '2', '3', '4', '5', '6']);
export type AudienceCode = z.infer<typeof AudienceCode>;
export const AUDIENCE_NAMES: Readonly<Record<AudienceCode, string>> = {
  '1': '自然人',
  '2': '企业法人',
  '3': '事业法人',
  '4': '社会组织法人',
  '5': '行政机关',
  '6': '其他组织',
};

/** 办理形式: 1 窗口, 2 电脑端网办, 3 移动端, 4 快递, 9 其他. */
export const HandlingFormCode = z.enum(['1', '2', '3', '4', '9']);
export type HandlingFormCode = z.infer<typeof HandlingFormCode>;

/** 办件类型: 1 即办件, 2 承诺件, 9 其他. */
export const CaseTypeCode = z.enum(['1', '2', '9']);
export type CaseTypeCode = z.infer<typeof CaseTypeCode>;

/** 业务办理项: 新设 / 变更 / 延续 / 注销. */
export const HandlingKind = z.enum(['new', 'change', 'renew', 'cancel']);
export type HandlingKind = z.infer<typeof HandlingKind>;

/**
 * Joint-case kinds of parallel approval (并联审批, local rules e.g. DB34/T 1164): `single` — one department;
 * `general` — the lead decides only after every co-department finished; `precondition` — a co-department's
 * signed promise suffices; `escalated` — a higher-level department decides.
 */
export const JointKind = z.enum(['single', 'general', 'precondition', 'escalated']);
export type JointKind = z.infer<typeof JointKind>;

/** GB/T 2260 six-digit administrative division code. */
export const RegionCode = z.string().regex(/^\d{6}$/, 'six-digit GB/T 2260 region code');

/**
 * A region an account (or a service point) works in, down to the village: a six-digit GB/T 2260 code (county and
 * above) or a twelve-digit 统计用区划代码 below the county (township `ccccccttt000`, village `cccccctttvvv`). Same
 * rule as `isRegionCode` in libs/auth.
 */
export const ScopeRegionCode = z
  .string()
  .regex(
    /^\d{6}$|^\d{6}(?!000)\d{6}$/,
    'six-digit GB/T 2260 or twelve-digit 统计用区划代码 below the county',
  );

/** Department code shared by the catalog, approval tasks and officers' `department` token attribute. */
export const DepartmentCode = z.string().regex(/^[a-z][a-z0-9-]{1,47}$/, 'kebab-case department code');
