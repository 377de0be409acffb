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
  jointCases: `${BASE}/joint-cases`,
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
  /** The first official's verdict while waiting for the co-signature. */
  pendingVerdict?: string | null;
  deadline: { limitDays: number; dueAt: string; workingDaysLeft: number; overdue: boolean; paused: boolean; pausedSince?: string | null; provisional?: boolean };
}

export const PAUSE_KINDS = ['hearing', 'tendering', 'auction', 'inspection', 'testing', 'quarantine', 'appraisal', 'expert-review'] as const;
export type PauseKind = (typeof PAUSE_KINDS)[number];

/** 特别程序: an extension, a case-wide pause (every clock) or a task-level pause (one department's step). */
export interface SpecialProcedureView {
  id: string;
  kind: PauseKind | 'extension';
  scope: 'case' | 'task';
  taskId: string | null;
  reason: string;
  departmentCode: string;
  days: number | null;
  startedAt: string;
  endedAt: string | null;
  result: string | null;
  notice: string;
}

export interface JointCaseView {
  id: string;
  applicationNo: string;
  itemName: string;
  regionCode: string;
  status: string;
  leadDepartmentCode: string;
  departmentCodes: string[];
  acceptedAt: string;
  clocks: { promisedDueAt: string; legalDueAt: string; extensionDays: number; legalWorkingDaysLeft: number; paused: boolean };
  extension: { used: number; max: number; days: number; allowed: boolean };
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
  /** 申请表 fields of the filed version (labels for formData keys); empty for the general form. */
  formFields?: Array<{ key: string; label: string; type: string }>;
  materials: unknown;
  acceptedAt: string;
  clocks: { promisedDueAt: string; legalDueAt: string; workingDaysUsed: number; paused: boolean; stopped?: boolean; promisedLimitDays: number; provisional?: boolean };
  tasks: TaskView[];
  opinions: Array<{ taskId: string; departmentName: string; role: string; verdict: string; opinion: string; officials: unknown; at: string }>;
  /** Closed without a decision (撤回 / 终止). */
  closure?: { closing: 'withdraw' | 'terminate' | null; reason: string | null; closedAt: string } | null;
  decision: { outcome: string; reasons: string; decidedAt: string | null } | null;
  specialProcedures?: SpecialProcedureView[];
  /** Who approves an extension: the deciding department's head (+10) or, for a joint case, the government head (+15). */
  extension?: { approver: 'department-head' | 'government-head'; days: number; used: number; max: number };
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
  startProcedure(
    id: string,
    body: { kind: PauseKind | 'extension'; reason: string; scope?: 'case' | 'task'; taskId?: string },
  ): Promise<SpecialProcedureView> {
    return apiFetch<SpecialProcedureView>(approvalPaths.specialProcedures(id), { method: 'POST', body });
  },
  endProcedure(id: string, pid: string, result: string): Promise<SpecialProcedureView> {
    return apiFetch<SpecialProcedureView>(approvalPaths.endSpecialProcedure(id, pid), { method: 'POST', body: { result } });
  },
  /** 本级人民政府负责人: the undecided joint cases of the region. */
  jointCases(page: number, signal?: AbortSignal): Promise<Page<JointCaseView> & { region: string }> {
    return apiFetch(approvalPaths.jointCases, { query: { page, pageSize: 50 }, signal });
  },
  decide(id: string, body: { outcome: 'approved' | 'denied'; reasons: string; version?: number }): Promise<CaseView> {
    return apiFetch<CaseView>(approvalPaths.decide(id), { method: 'POST', body });
  },
};
