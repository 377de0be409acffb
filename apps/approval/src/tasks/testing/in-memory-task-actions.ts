import type { Officer } from '../../access/officer-scope.js';
import type { RawExecutor } from '@hall/messaging';
import type { AuditInput } from '../../audit/audit.repository.js';
import type { ApprovalCase, ApprovalTask } from '../../generated/prisma/client.js';
import type { TaskActionStore } from '../task-actions.js';

export const NOW = new Date('2026-03-02T02:00:00Z');

export const officer = (id: string, extra: Partial<Officer> = {}): Officer => ({
  id,
  username: id,
  name: `官员${id}`,
  roles: ['approver'],
  department: 'market-regulation',
  departmentRole: undefined,
  region: '330106',
  ...extra,
});

/** One case with one task, held in memory: the writes apply to them, audits and events are recorded. */
export function inMemoryTaskActions(task: Partial<ApprovalTask> = {}, kase: Partial<ApprovalCase> = {}) {
  const c = {
    id: 'case-1',
    applicationNo: '330106202603020000011',
    status: 'examining',
    acceptedBy: 'clerk',
    jointKind: null,
    closing: null,
    version: 0,
    ...kase,
  } as unknown as ApprovalCase;
  const t = {
    id: 'task-1',
    caseId: c.id,
    applicationNo: c.applicationNo,
    itemName: '食品经营许可',
    regionCode: '330106',
    departmentCode: 'market-regulation',
    departmentName: '西湖区市场监督管理局',
    role: 'lead',
    status: 'pending',
    version: 0,
    assigneeId: null,
    assigneeName: null,
    claimedAt: null,
    limitDays: 10,
    dueAt: NOW,
    twoOfficials: false,
    pendingVerdict: null,
    pendingOpinion: null,
    pendingItems: null,
    firstOfficial: null,
    verdict: null,
    completedAt: null,
    pausedSince: null,
    createdAt: NOW,
    ...task,
  };
  const audits: AuditInput[] = [];
  const events: Array<{ type: string; payload: Record<string, unknown> }> = [];
  const opinions: Array<Record<string, unknown>> = [];
  const procedures: Array<Record<string, unknown>> = [];
  const tx = {} as RawExecutor;
  const store: TaskActionStore = {
    transaction: (fn) => fn(tx),
    now: () => NOW,
    lockCaseOfTask: () => Promise.resolve({ c: { ...c }, t: { ...t } }),
    readCaseVersion: () => Promise.resolve({ id: c.id, version: c.version }),
    setCaseStatus: (_tx, current, status) => {
      if (current.version !== c.version) throw new Error('stale case write');
      Object.assign(c, { status, version: c.version + 1 });
      return Promise.resolve();
    },
    writeTask: (_tx, current, data, audit, opinion) => {
      if (current.version !== t.version) throw new Error('stale task write');
      Object.assign(t, data, { version: t.version + 1 });
      if (opinion) opinions.push({ ...opinion, caseId: t.caseId, taskId: t.id });
      audits.push(audit);
      return Promise.resolve({ ...t });
    },
    createCasePause: (_tx, data) => (procedures.push({ ...data }), Promise.resolve({ id: data.id })),
    filedSnapshot: () =>
      Promise.resolve({
        materials: [{ id: 'licence', name: '营业执照' }] as never,
      }),
    appendAudit: (_tx, _caseId, input) => (audits.push(input), Promise.resolve()),
    stage: (_tx, contract, payload) => (
      events.push({ type: contract.type, payload: payload as Record<string, unknown> }),
      Promise.resolve('id')
    ),
    view: (row) => ({ taskId: row.id, status: row.status, version: row.version }) as never,
  };
  return { store, task: t, kase: c, audits, events, opinions, procedures };
}
