/** Approval service (并联审批): the department queue, task actions, the case and the lead's decision. Shapes: apps/approval. */
import { apiFetch } from './http.js';
import type { Page } from './intake.api.js';

const BASE = '/api/approval';
const enc = encodeURIComponent;

export const approvalPaths = {
  tasks: `${BASE}/tasks`,
  taskAction: (id: string, action: 'claim' | 'release' | 'complete') => `${BASE}/tasks/${enc(id)}/${action}`,
  /** `id` is the case id or the application number. */
  case: (id: string) => `${BASE}/cases/${enc(id)}`,
  decide: (id: string) => `${BASE}/cases/${enc(id)}/decide`,
  specialProcedures: (id: string) => `${BASE}/cases/${enc(id)}/special-procedures`,
  endSpecialProcedure: (id: string, pid: string) => `${BASE}/cases/${enc(id)}/special-procedures/${enc(pid)}/end`,
  verifyAudit: (id: string) => `${BASE}/cases/${enc(id)}/audit/verify`,
} as const;

export const TASK_STATUSES = ['open', 'pending', 'claimed', 'cosign', 'completed', 'closed'] as const;
export type TaskQueueStatus = (typeof TASK_STATUSES)[number];
export type Verdict = 'approve' | 'deny' | 'return' | 'promise';

/** 退回补正: one thing the applicant must supply or correct — a material of the item (materialId) or a named thing. */
export interface ReturnItemInput {
  materialId?: string;
  name?: string;
  problem: string;
}

export interface TaskView {
  id: string;
  caseId: string;
  applicationNo: string;
  itemName: string;
  regionCode: string;
  departmentCode: string;
  departmentName: string;
  /** lead (牵头) or co (协办). */
  role: string;
  status: string;
  version: number;
  assignee: { userId: string; name: string } | null;
  twoOfficials: boolean;
  deadline: { limitDays: number; dueAt: string; workingDaysLeft: number; overdue: boolean; paused: boolean; provisional?: boolean };
}

export interface CaseView {
  id: string;
  applicationNo: string;
  status: string;
  version: number;
  itemName: string;
  regionCode: string;
  leadDepartmentCode: string;
  decidingDepartmentCode: string;
  applicant: unknown;
  formData: Record<string, unknown>;
  materials: unknown;
  acceptedAt: string;
  clocks: { promisedDueAt: string; legalDueAt: string; workingDaysUsed: number; paused: boolean; stopped?: boolean; promisedLimitDays: number; provisional?: boolean };
  tasks: TaskView[];
  opinions: Array<{ taskId: string; departmentName: string; role: string; verdict: string; opinion: string; officials: unknown; at: string }>;
  /** Closed without a decision (撤回 / 终止). */
  closure?: { closing: 'withdraw' | 'terminate' | null; reason: string | null; closedAt: string } | null;
  decision: { outcome: string; reasons: string; decidedAt: string | null } | null;
}

export const approvalApi = {
  queue(status: TaskQueueStatus, page: number, signal?: AbortSignal): Promise<Page<TaskView> & { department: string }> {
    return apiFetch(approvalPaths.tasks, { query: { status, page, pageSize: 50 }, signal });
  },
  case(id: string, signal?: AbortSignal): Promise<CaseView> {
    return apiFetch<CaseView>(approvalPaths.case(id), { signal });
  },
  claim(id: string, version: number): Promise<TaskView> {
    return apiFetch<TaskView>(approvalPaths.taskAction(id, 'claim'), { method: 'POST', body: { version } });
  },
  release(id: string, version: number): Promise<TaskView> {
    return apiFetch<TaskView>(approvalPaths.taskAction(id, 'release'), { method: 'POST', body: { version } });
  },
  complete(id: string, body: { verdict: Verdict; opinion: string; items?: ReturnItemInput[]; version: number }): Promise<TaskView> {
    return apiFetch<TaskView>(approvalPaths.taskAction(id, 'complete'), { method: 'POST', body });
  },
  decide(id: string, body: { outcome: 'approved' | 'denied'; reasons: string; version?: number }): Promise<CaseView> {
    return apiFetch<CaseView>(approvalPaths.decide(id), { method: 'POST', body });
  },
};
