/**
 * Realm roles of the `hall` realm. Role names are the strings carried in `realm_access.roles`.
 * There is no hierarchy: `admin` does NOT implicitly hold any other role.
 */
export const Role = {
  /** 申请人: a person or a business applying for a service. */
  Applicant: 'applicant',
  /** 窗口人员: accepts, rejects or requests supplements at the comprehensive window. */
  Clerk: 'clerk',
  /** 审批人员: department officer deciding on a task in a parallel approval. */
  Approver: 'approver',
  /** 电子监察人员: watches timelines, cards and anomalies. */
  Supervisor: 'supervisor',
  /** 事项目录管理员: maintains the item catalog and implementation lists. */
  CatalogAdmin: 'catalog-admin',
  /** 系统管理员: operates the platform (not a super-role). */
  Admin: 'admin',
  /**
   * 本级人民政府负责人: head of the people's government of a region (the token's `region`). Approves the +15
   * working-day extension of a joint case (联合办理/集中办理/统一办理, 行政许可法 art. 42 ¶2) and reads the joint
   * cases of the region for it; not a department officer.
   */
  GovernmentHead: 'government-head',
} as const;

export type Role = (typeof Role)[keyof typeof Role];

export const ALL_ROLES: readonly Role[] = Object.freeze(Object.values(Role));

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}

/** Chinese labels, for UIs and the dev login page. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = Object.freeze({
  applicant: '申请人',
  clerk: '窗口人员',
  approver: '审批人员',
  supervisor: '电子监察人员',
  'catalog-admin': '事项目录管理员',
  admin: '系统管理员',
  'government-head': '本级人民政府负责人',
});
