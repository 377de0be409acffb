/**
 * Approval service (并联审批): the department queue, task actions, the case and the lead's decision. Request and
 * response types are the service's HTTP contract (`@hall/contracts/api`, libs/contracts/src/approval/approval-api.ts);
 * responses are checked against it in development builds (apiCall).
 */
import type {
  CompleteTaskBody,
  DecideBody,
  StartProcedureBody,
  TaskQueueStatus,
  TaskQueueView,
} from '@hall/contracts/api';
import type { z } from 'zod';
import { apiCall } from './http.js';

export type {
  CaseView,
  JointCasePage,
  JointCaseView,
  QueueAction,
  ReturnItemInput,
  SpecialProcedureView,
  TaskQueue,
  TaskQueueItem,
  TaskQueueStatus,
  TaskQueueView,
  TaskView,
} from '@hall/contracts/api';

const BASE = '/api/approval';
const enc = encodeURIComponent;

export const approvalPaths = {
  tasks: `${BASE}/tasks`,
  taskAction: (id: string, action: 'claim' | 'release' | 'complete') => `${BASE}/tasks/${enc(id)}/${action}`,
  /** `id` is the case id or the application number. */
  case: (id: string) => `${BASE}/cases/${enc(id)}`,
  materials: (id: string) => `${BASE}/cases/${enc(id)}/materials`,
  decide: (id: string) => `${BASE}/cases/${enc(id)}/decide`,
  specialProcedures: (id: string) => `${BASE}/cases/${enc(id)}/special-procedures`,
  endSpecialProcedure: (id: string, pid: string) =>
    `${BASE}/cases/${enc(id)}/special-procedures/${enc(pid)}/end`,
  verifyAudit: (id: string) => `${BASE}/cases/${enc(id)}/audit/verify`,
  jointCases: `${BASE}/joint-cases`,
} as const;

export const TASK_STATUSES = [
  'open',
  'pending',
  'claimed',
  'cosign',
  'completed',
  'closed',
] as const satisfies readonly TaskQueueStatus[];
export type Verdict = CompleteTaskBody['verdict'];

/** The officer's work lists, in the order the queue offers them: 待办, 等待他人, 已完成. */
export const TASK_VIEWS = ['todo', 'waiting', 'done'] as const satisfies readonly TaskQueueView[];

/** The kinds of a pause (特别程序 other than the extension), in the order the form offers them. */
export const PAUSE_KINDS = [
  'hearing',
  'tendering',
  'auction',
  'inspection',
  'testing',
  'quarantine',
  'appraisal',
  'expert-review',
] as const satisfies readonly StartProcedureBody['kind'][];
export type PauseKind = (typeof PAUSE_KINDS)[number];

/** Request bodies as the caller writes them (fields with a server default may be left out). */
type Input<K extends 'CompleteTaskBody' | 'StartProcedureBody' | 'DecideBody'> = z.input<
  {
    CompleteTaskBody: typeof CompleteTaskBody;
    StartProcedureBody: typeof StartProcedureBody;
    DecideBody: typeof DecideBody;
  }[K]
>;

export const approvalApi = {
  /** One work list of the officer (待办 holds exactly what the officer can act on now). */
  queue(view: TaskQueueView, page: number, signal?: AbortSignal) {
    return apiCall('TaskQueue', approvalPaths.tasks, { query: { view, page, pageSize: 50 }, signal });
  },
  case(id: string, signal?: AbortSignal) {
    return apiCall('CaseView', approvalPaths.case(id), { signal });
  },
  claim(id: string, version: number) {
    return apiCall('TaskView', approvalPaths.taskAction(id, 'claim'), { method: 'POST', body: { version } });
  },
  release(id: string, version: number) {
    return apiCall('TaskView', approvalPaths.taskAction(id, 'release'), {
      method: 'POST',
      body: { version },
    });
  },
  complete(id: string, body: Input<'CompleteTaskBody'>) {
    return apiCall('TaskView', approvalPaths.taskAction(id, 'complete'), { method: 'POST', body });
  },
  startProcedure(id: string, body: Input<'StartProcedureBody'>) {
    return apiCall('SpecialProcedureView', approvalPaths.specialProcedures(id), { method: 'POST', body });
  },
  endProcedure(id: string, pid: string, result: string) {
    return apiCall('SpecialProcedureView', approvalPaths.endSpecialProcedure(id, pid), {
      method: 'POST',
      body: { result },
    });
  },
  /** 本级人民政府负责人: the undecided joint cases of the region. */
  jointCases(page: number, signal?: AbortSignal) {
    return apiCall('JointCasePage', approvalPaths.jointCases, { query: { page, pageSize: 50 }, signal });
  },
  decide(id: string, body: Input<'DecideBody'>) {
    return apiCall('CaseView', approvalPaths.decide(id), { method: 'POST', body });
  },
};
