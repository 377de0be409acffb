import { ApplicationAccepted } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import type { ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { prepareAudit } from '../src/audit/audit.repository.js';
import { ApprovalStore } from '../src/approval.store.js';
import { lockCaseOfTask, writeTaskAudited } from '../src/records/case.repository.js';
import {
  accepted,
  publish,
  publishSnapshot,
  snapshot,
  startApproval,
  userId,
} from './factories/approval.factory.js';

const kinds = await testDatabaseKinds();

describe.each(kinds)('approval audit chain on %s', (kind) => {
  let h: ServiceHarness;
  const s = snapshot();

  beforeAll(async () => {
    h = await startApproval(kind);
    await publishSnapshot(h, s);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const get = async (path: string, user = 'approver.market') =>
    request(h.url)
      .get(`/api/approval${path}`)
      .set('authorization', `Bearer ${await h.tokenFor(user)}`);
  const post = async (path: string, user: string, body: object = {}) =>
    request(h.url)
      .post(`/api/approval${path}`)
      .set('authorization', `Bearer ${await h.tokenFor(user)}`)
      .send(body);

  /** A case with a few recorded actions: opened, claimed, completed (health), claimed + released (market). */
  async function caseWithHistory(): Promise<{ applicationNo: string; caseId: string }> {
    const p = accepted(s);
    await publish(h, ApplicationAccepted, p);
    const c = (await get(`/cases/${p.applicationNo}`)).body as {
      id: string;
      tasks: Array<{ id: string; departmentCode: string }>;
    };
    const task = (dept: string) => c.tasks.find((t) => t.departmentCode === dept)?.id ?? '';
    await post(`/tasks/${task('health-commission')}/claim`, 'approver.health');
    await post(`/tasks/${task('health-commission')}/complete`, 'approver.health', {
      verdict: 'deny',
      opinion: '从业人员健康证明缺失',
    });
    await post(`/tasks/${task('market-regulation')}/claim`, 'approver.market');
    await post(`/tasks/${task('market-regulation')}/release`, 'approver.market');
    return { applicationNo: p.applicationNo, caseId: c.id };
  }

  it('records every action with actor, role, department, time, opinion and before/after, and verifies intact', async () => {
    const { applicationNo } = await caseWithHistory();
    const audit = await get(`/cases/${applicationNo}/audit`);
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'case.opened',
      'task.claimed',
      'task.completed',
      'task.claimed',
      'task.released',
    ]);
    expect(audit.body.entries[2]).toMatchObject({
      seq: 3,
      actor: {
        userId: userId('approver.health'),
        name: '孙丽',
        role: 'approver',
        department: 'health-commission',
        region: '330100',
      },
      opinion: '从业人员健康证明缺失',
      before: { status: 'claimed' },
      after: { status: 'completed', verdict: 'deny' },
    });
    expect(audit.body.entries[2].at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const verify = await get(`/cases/${applicationNo}/audit/verify`);
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ intact: true, entries: 5, head: { seq: 5 } });
  });

  it('the table refuses UPDATE and DELETE (append-only trigger)', async () => {
    const { caseId } = await caseWithHistory();
    await expect(
      h.database.db.sql.execute(`UPDATE audit_entry SET opinion = 'x' WHERE case_id = $1`, [caseId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      h.database.db.sql.execute(`DELETE FROM audit_entry WHERE case_id = $1`, [caseId]),
    ).rejects.toThrow(/append-only/);
  });

  it('an audit row edited directly in the database (trigger bypassed) is reported as the first broken entry', async () => {
    const { applicationNo, caseId } = await caseWithHistory();
    await h.database.db.sql.exec('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
    try {
      await h.database.db.sql.execute(
        `UPDATE audit_entry SET opinion = '同意' WHERE case_id = $1 AND seq = 3`,
        [caseId],
      );
    } finally {
      await h.database.db.sql.exec('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
    }
    const verify = await get(`/cases/${applicationNo}/audit/verify`);
    expect(verify.body).toMatchObject({
      intact: false,
      entries: 5,
      firstBroken: { seq: 3, reason: 'hash-mismatch' },
    });
  });

  it('a deleted last entry is reported against the head the case row holds', async () => {
    const { applicationNo, caseId } = await caseWithHistory();
    await h.database.db.sql.exec('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
    try {
      await h.database.db.sql.execute(`DELETE FROM audit_entry WHERE case_id = $1 AND seq = 5`, [caseId]);
    } finally {
      await h.database.db.sql.exec('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
    }
    const verify = await get(`/cases/${applicationNo}/audit/verify`);
    expect(verify.body).toMatchObject({
      intact: false,
      entries: 4,
      firstBroken: { seq: 5, reason: 'head-mismatch' },
    });
  });

  it('a task write at a stale version writes neither its opinion nor its audit entry (one statement: all or nothing)', async () => {
    const { applicationNo, caseId } = await caseWithHistory();
    const store = h.app.get(ApprovalStore);
    const c = (await get(`/cases/${applicationNo}`)).body as {
      tasks: Array<{ id: string; departmentCode: string }>;
    };
    const taskId = c.tasks.find((t) => t.departmentCode === 'market-regulation')?.id ?? '';
    const count = async () => {
      const [row] = await h.database.db.sql.query<{ entries: number; opinions: number }>(
        `SELECT (SELECT count(*)::int FROM audit_entry WHERE case_id = $1::uuid) AS entries,
                (SELECT count(*)::int FROM opinion WHERE case_id = $1::uuid) AS opinions`,
        [caseId],
      );
      return row;
    };
    const before = await count();
    const now = new Date();
    await expect(
      store.messaging.transaction(async (tx) => {
        const locked = await lockCaseOfTask(tx, taskId, store.pii);
        if (!locked) throw new Error('task not found');
        const stale = { ...locked.t, version: locked.t.version - 1 };
        const audit = await prepareAudit(tx, caseId, {
          action: 'task.completed',
          actor: { userId: 'x', name: 'x' } as never,
          at: now,
        });
        return writeTaskAudited(
          tx,
          stale,
          { status: 'completed', verdict: 'approve', completedAt: now },
          audit,
          {
            id: '00000000-0000-4000-8000-000000000001',
            verdict: 'approve',
            text: '同意',
            officials: [],
            createdAt: now,
          },
        );
      }),
    ).rejects.toMatchObject({ code: 'CONCURRENT_MODIFICATION' });
    expect(await count()).toEqual(before);
    expect((await get(`/cases/${applicationNo}/audit/verify`)).body).toMatchObject({ intact: true });
  });
});
