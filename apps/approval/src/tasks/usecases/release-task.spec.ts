import { describe, expect, it } from '@jest/globals';
import { inMemoryTaskActions, officer } from '../testing/in-memory-task-actions.js';
import { ReleaseTask } from './release-task.js';

const claimedBy = (id: string) => ({ status: 'claimed', assigneeId: id, assigneeName: `官员${id}` });

describe('ReleaseTask', () => {
  it('puts the holder’s task back in the queue, unassigned', async () => {
    const m = inMemoryTaskActions(claimedBy('a'));
    await new ReleaseTask(m.store).execute('task-1', officer('a'), {});
    expect(m.task).toMatchObject({ status: 'pending', assigneeId: null, assigneeName: null });
    expect(m.audits.map((a) => a.action)).toEqual(['task.released']);
    expect(m.events).toHaveLength(1);
  });

  it('lets the department head release another officer’s task, but not a colleague', async () => {
    const byColleague = inMemoryTaskActions(claimedBy('a'));
    await expect(
      new ReleaseTask(byColleague.store).execute('task-1', officer('b'), {}),
    ).rejects.toMatchObject({
      code: 'TASK_CLAIMED',
    });
    const byHead = inMemoryTaskActions(claimedBy('a'));
    await new ReleaseTask(byHead.store).execute('task-1', officer('h', { departmentRole: 'head' }), {});
    expect(byHead.task.status).toBe('pending');
  });

  it('lets the would-be second official withdraw a first signature', async () => {
    const m = inMemoryTaskActions({
      ...claimedBy('a'),
      status: 'cosign',
      pendingVerdict: 'approve',
      firstOfficial: { userId: 'a', name: '官员a', role: 'approver' },
    });
    await new ReleaseTask(m.store).execute('task-1', officer('b'), {});
    expect(m.task).toMatchObject({ status: 'pending', assigneeId: null, pendingVerdict: null });
    expect(m.audits.map((a) => a.action)).toEqual(['task.signature-withdrawn']);
  });

  it('refuses a task that is not claimed, or already completed', async () => {
    await expect(
      new ReleaseTask(inMemoryTaskActions().store).execute('task-1', officer('a'), {}),
    ).rejects.toMatchObject({ code: 'TASK_NOT_CLAIMED' });
    await expect(
      new ReleaseTask(inMemoryTaskActions({ status: 'completed' }).store).execute('task-1', officer('a'), {}),
    ).rejects.toMatchObject({ code: 'TASK_COMPLETED' });
  });
});
