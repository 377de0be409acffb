import { describe, expect, it } from '@jest/globals';
import { TaskAssigned } from '@hall/contracts';
import { inMemoryTaskActions, officer } from '../testing/in-memory-task-actions.js';
import { ClaimTask } from './claim-task.js';

describe('ClaimTask', () => {
  it('assigns a pending task to the officer, audits it and announces the assignment', async () => {
    const m = inMemoryTaskActions();
    const view = await new ClaimTask(m.store).execute('task-1', officer('a'), {});
    expect(m.task).toMatchObject({ status: 'claimed', assigneeId: 'a', assigneeName: '官员a', version: 1 });
    expect(view).toMatchObject({ status: 'claimed', version: 1 });
    expect(m.audits.map((a) => a.action)).toEqual(['task.claimed']);
    expect(m.events).toHaveLength(1);
    expect(m.events[0]?.type).toBe(TaskAssigned.type);
    expect(m.events[0]?.payload).toMatchObject({ caseId: 'case-1', assignee: { userId: 'a' } });
  });

  it('a repeated claim by the holder has no second effect', async () => {
    const m = inMemoryTaskActions({ status: 'claimed', assigneeId: 'a', assigneeName: '官员a', version: 1 });
    await new ClaimTask(m.store).execute('task-1', officer('a'), {});
    expect(m.task.version).toBe(1);
    expect(m.audits).toEqual([]);
    expect(m.events).toEqual([]);
  });

  it('refuses a task another officer holds (409 TASK_CLAIMED)', async () => {
    const m = inMemoryTaskActions({ status: 'claimed', assigneeId: 'b', assigneeName: '官员b' });
    await expect(new ClaimTask(m.store).execute('task-1', officer('a'), {})).rejects.toMatchObject({
      code: 'TASK_CLAIMED',
      status: 409,
    });
  });

  it('keeps whoever accepted the application at the window out of its examination (受审分离)', async () => {
    const m = inMemoryTaskActions({}, { acceptedBy: 'a' });
    await expect(new ClaimTask(m.store).execute('task-1', officer('a'), {})).rejects.toMatchObject({
      code: 'SEPARATION_OF_DUTIES',
    });
    expect(m.task.status).toBe('pending');
  });

  it('refuses a stale expected version and a decided case', async () => {
    const stale = inMemoryTaskActions({ version: 3 });
    await expect(
      new ClaimTask(stale.store).execute('task-1', officer('a'), { version: 2 }),
    ).rejects.toMatchObject({
      code: 'STALE_VERSION',
    });
    const decided = inMemoryTaskActions({}, { status: 'decided' });
    await expect(new ClaimTask(decided.store).execute('task-1', officer('a'), {})).rejects.toMatchObject({
      code: 'CASE_DECIDED',
    });
  });

  it('refuses a completed task (409 TASK_NOT_CLAIMABLE)', async () => {
    const m = inMemoryTaskActions({ status: 'completed' });
    await expect(new ClaimTask(m.store).execute('task-1', officer('a'), {})).rejects.toMatchObject({
      code: 'TASK_NOT_CLAIMABLE',
    });
  });
});
