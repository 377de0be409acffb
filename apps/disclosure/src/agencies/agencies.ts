import { Department, DEPARTMENT_NAMES } from '@hall/auth';

/**
 * The agencies (发布机构) that publish 主动公开 items and the agency part of their 索引号 scheme: the region code and
 * a short code of the department, as a 政府信息公开目录 numbers them (`330100-SCJG/2026-JC-00001`).
 */
const AGENCY_CODES: Readonly<Partial<Record<Department, string>>> = Object.freeze({
  'service-center': '330100-ZWFW',
  'market-regulation': '330100-SCJG',
  'health-commission': '330100-WSJK',
  'fire-rescue': '330100-XFJY',
  'urban-management': '330100-CSGL',
  'data-bureau': '330100-SJZY',
  'people-government': '330100-RMZF',
});

export interface Agency {
  departmentCode: string;
  departmentName: string;
  agencyCode: string;
}

const isDepartment = (code: string): code is Department =>
  (Object.values(Department) as string[]).includes(code);

/** The agency of a department code, or undefined when the department does not publish. */
export function agencyOf(departmentCode: string | undefined): Agency | undefined {
  if (departmentCode === undefined || !isDepartment(departmentCode)) return undefined;
  const agencyCode = AGENCY_CODES[departmentCode];
  if (agencyCode === undefined) return undefined;
  return { departmentCode, departmentName: DEPARTMENT_NAMES[departmentCode], agencyCode };
}

export function allAgencies(): Agency[] {
  return Object.values(Department).flatMap((d) => agencyOf(d) ?? []);
}

/** 发布机构 name of a department code (the code itself when unknown). */
export const departmentName = (code: string): string => agencyOf(code)?.departmentName ?? code;
