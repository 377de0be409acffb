import { describe, expect, it } from '@jest/globals';
import { TaskView } from '@hall/contracts';
import type { ApprovalContext } from '../approval.context.js';
import { taskView, type TaskLike } from './task-view.js';

const NOW = new Date('2026-12-07T02:00:00.000Z');
// Only the deadline arithmetic comes from the context; the first signature does not depend on it.
const ctx = {
  clock: { now: () => NOW },
  caseClock: { workingDaysLeft: () => 3, isProvisional: () => false },
} as unknown as Pick<ApprovalContext, 'clock' | 'caseClock'>;

const row = (over: Partial<TaskLike>): TaskLike => ({
  id: '5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  caseId: '6b1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  applicationNo: '330106202612050000017',
  itemName: '食品经营许可',
  regionCode: '330106',
  departmentCode: 'market-regulation',
  departmentName: '西湖区市场监督管理局',
  role: 'lead',
  status: 'cosign',
  version: 2,
  assigneeId: 'u-a',
  assigneeName: '李审批',
  limitDays: 10,
  dueAt: new Date('2026-12-18T15:59:59.999Z'),
  twoOfficials: true,
  pausedSince: null,
  pendingVerdict: 'return',
  pendingOpinion: '现场核查：经营场所面积与申报不符。',
  pendingItems: [{ materialId: 'premises', name: '经营场所平面图', problem: '面积与现场不符' }],
  firstOfficial: { userId: 'u-a', name: '李审批', role: 'approver', department: 'market-regulation' },
  ...over,
});

describe('taskView: the first signature of a two-officials step', () => {
  it('shows the co-signer who signed first, the opinion and the 退回补正 items while the task waits (cosign)', () => {
    const view = TaskView.parse(taskView(ctx, row({}), 'examining'));
    expect(view.pendingVerdict).toBe('return');
    expect(view.firstSignature).toEqual({
      official: { userId: 'u-a', name: '李审批' },
      opinion: '现场核查：经营场所面积与申报不符。',
      returnItems: [{ materialId: 'premises', name: '经营场所平面图', problem: '面积与现场不符' }],
    });
  });

  it('has none once the task is completed, nor for a list row that does not carry the signature', () => {
    const done = taskView(
      ctx,
      row({ status: 'completed', pendingVerdict: null, pendingOpinion: null, pendingItems: null }),
      'examining',
    );
    expect(done).not.toHaveProperty('firstSignature');
    const { pendingOpinion: _o, pendingItems: _i, firstOfficial: _f, ...listRow } = row({});
    expect(taskView(ctx, listRow, 'examining')).not.toHaveProperty('firstSignature');
  });
});
