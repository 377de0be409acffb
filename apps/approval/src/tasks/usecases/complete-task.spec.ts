import { describe, expect, it } from '@jest/globals';
import { CaseSuspended, TaskCompleted } from '@hall/contracts';
import { inMemoryTaskActions, officer } from '../testing/in-memory-task-actions.js';
import { CompleteTask } from './complete-task.js';

const claimedBy = (id: string) => ({ status: 'claimed', assigneeId: id, assigneeName: `官员${id}` });

describe('CompleteTask', () => {
  it('records the holder’s opinion, completes the task and announces it', async () => {
    const m = inMemoryTaskActions(claimedBy('a'));
    await new CompleteTask(m.store).execute('task-1', officer('a'), {
      verdict: 'approve',
      opinion: '符合条件',
    });
    expect(m.task).toMatchObject({ status: 'completed', verdict: 'approve' });
    expect(m.opinions).toMatchObject([
      { verdict: 'approve', text: '符合条件', officials: [{ userId: 'a' }] },
    ]);
    expect(m.events.map((e) => e.type)).toEqual([TaskCompleted.type]);
    expect(m.kase.status).toBe('examining');
  });

  it('on-site verification needs two officials: the first signs, another co-signs the same verdict', async () => {
    const m = inMemoryTaskActions({ ...claimedBy('a'), twoOfficials: true });
    const complete = new CompleteTask(m.store);
    await complete.execute('task-1', officer('a'), { verdict: 'approve', opinion: '现场核查属实' });
    expect(m.task).toMatchObject({ status: 'cosign', pendingVerdict: 'approve' });
    expect(m.events).toEqual([]);
    await expect(
      complete.execute('task-1', officer('a'), { verdict: 'approve', opinion: '' }),
    ).rejects.toMatchObject({
      code: 'SECOND_OFFICIAL_REQUIRED',
    });
    await expect(
      complete.execute('task-1', officer('b'), { verdict: 'deny', opinion: '不同意见' }),
    ).rejects.toMatchObject({ code: 'COSIGN_VERDICT_MISMATCH' });
    await complete.execute('task-1', officer('b'), { verdict: 'approve', opinion: '同意' });
    expect(m.task.status).toBe('completed');
    expect(m.opinions[0]).toMatchObject({
      text: '现场核查属实\n会签意见（官员b）：同意',
      officials: [{ userId: 'a' }, { userId: 'b' }],
    });
  });

  it('a return sends the case back for supplement and pauses its clock, with the items named from the catalog', async () => {
    const m = inMemoryTaskActions(claimedBy('a'));
    await new CompleteTask(m.store).execute('task-1', officer('a'), {
      verdict: 'return',
      opinion: '材料不全',
      items: [{ materialId: 'licence', problem: '已过期' }],
    });
    expect(m.kase.status).toBe('returned');
    expect(m.procedures).toMatchObject([{ kind: 'supplement', reason: '材料不全' }]);
    expect(m.events.map((e) => e.type)).toEqual([TaskCompleted.type, CaseSuspended.type]);
    expect(m.events[0]?.payload).toMatchObject({
      returnItems: [{ materialId: 'licence', name: '营业执照', problem: '已过期' }],
    });
    expect(m.audits.map((a) => a.action)).toEqual(['task.completed', 'case.returned']);
  });

  it('refuses what the rules forbid: no reasons, a promise outside a pre-condition case, unknown material, items without a return', async () => {
    const run = (body: Parameters<CompleteTask['execute']>[2]) =>
      new CompleteTask(inMemoryTaskActions(claimedBy('a')).store).execute('task-1', officer('a'), body);
    await expect(run({ verdict: 'deny', opinion: '' })).rejects.toMatchObject({ code: 'REASONS_REQUIRED' });
    await expect(run({ verdict: 'promise', opinion: '承诺' })).rejects.toMatchObject({
      code: 'PROMISE_NOT_ALLOWED',
    });
    await expect(
      run({ verdict: 'return', opinion: '材料不全', items: [{ materialId: 'nope', problem: 'x' }] }),
    ).rejects.toMatchObject({ code: 'MATERIAL_UNKNOWN' });
    await expect(
      run({ verdict: 'approve', opinion: '同意', items: [{ name: '照片', problem: 'x' }] }),
    ).rejects.toMatchObject({ code: 'ITEMS_ONLY_WITH_RETURN' });
  });

  it('refuses an unclaimed task, another officer’s task and the escalated decision task', async () => {
    await expect(
      new CompleteTask(inMemoryTaskActions().store).execute('task-1', officer('a'), {
        verdict: 'approve',
        opinion: '',
      }),
    ).rejects.toMatchObject({ code: 'TASK_NOT_CLAIMED' });
    await expect(
      new CompleteTask(inMemoryTaskActions(claimedBy('b')).store).execute('task-1', officer('a'), {
        verdict: 'approve',
        opinion: '',
      }),
    ).rejects.toMatchObject({ code: 'TASK_CLAIMED' });
    await expect(
      new CompleteTask(inMemoryTaskActions({ ...claimedBy('a'), role: 'escalated' }).store).execute(
        'task-1',
        officer('a'),
        { verdict: 'approve', opinion: '' },
      ),
    ).rejects.toMatchObject({ code: 'DECISION_TASK' });
  });
});
