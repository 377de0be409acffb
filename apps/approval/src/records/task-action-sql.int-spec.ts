import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawExecutor } from '@hall/messaging';
import { createTestDatabase, testDatabaseKinds, type SqlRunner, type TestDatabase } from '@hall/persistence';
import { developmentPiiKeyring, PiiCipher } from '@hall/platform';
import { appendAudit, holdAuditHead, prepareAudit } from '../audit/audit.repository.js';
import { findFiledSnapshot } from '../implementations/implementation-version.repository.js';
import {
  lockCaseOfTask,
  openCaseAudited,
  readCaseVersion,
  setCaseStatus,
  writeTaskAudited,
  type NewCase,
} from './case.repository.js';
import { insertCasePause } from './procedure.repository.js';
import { applicationNo as newApplicationNo, snapshot } from '../../test/factories/approval.factory.js';

const migrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prisma/migrations');
const pii = new PiiCipher(developmentPiiKeyring());
const kinds = await testDatabaseKinds();
const AT = new Date('2026-09-17T02:30:00.000Z');
const ACTOR = { userId: 'u-1', name: '张三', role: 'approver' };
/** The driver's transaction as the service's `rawTransaction` hands it on. */
const rawOf = (sql: SqlRunner): RawExecutor => ({
  $executeRawUnsafe: (q, ...v) => sql.execute(q, v),
  $queryRawUnsafe: async <R>(q: string, ...v: unknown[]) => (await sql.query(q, v)) as R,
});

/**
 * The statements of a task action on the driver's own transaction (issue 22: task actions, decide and case opening run
 * without the ORM), on PostgreSQL and PGlite alike: what they read comes back typed as the ORM typed it, and each
 * write keeps its optimistic rule.
 */
describe.each(kinds)('task action statements on the raw driver on %s', (kind) => {
  let db: TestDatabase;
  const tx = <T>(fn: (tx: RawExecutor) => Promise<T>) => db.db.sql.transaction((t) => fn(rawOf(t)));

  beforeAll(async () => {
    db = await createTestDatabase(kind, { label: 'approval_raw', migrationsDir });
  });
  afterAll(async () => db.dispose());

  async function openCase(): Promise<{ caseId: string; taskId: string; applicationNo: string }> {
    const caseId = randomUUID();
    const taskId = randomUUID();
    const applicationNo = newApplicationNo();
    const kase: NewCase = {
      id: caseId,
      applicationNo,
      status: 'open',
      jointKind: 'general',
      implementationCode: 'impl-1',
      implementationVersion: 1,
      itemName: '食品经营许可',
      regionCode: '330106',
      leadDepartmentCode: 'market-regulation',
      decidingDepartmentCode: 'market-regulation',
      departmentCodes: ['market-regulation'],
      applicant: { kind: 'person', name: '张三', idNumber: '110101199003070011', phone: '13800000000' },
      formData: { entityName: '小馆' },
      materials: [],
      acceptanceMode: 'window',
      acceptedAt: AT,
      acceptedBy: 'clerk',
      acceptedByName: '窗口',
      promisedLimitDays: 10,
      legalLimitDays: 20,
      promisedDueAt: AT,
      legalDueAt: AT,
    };
    await tx(async (t) => {
      holdAuditHead(t, caseId, { auditSeq: 0, auditHead: '' });
      const audit = await prepareAudit(t, caseId, { action: 'case.opened', actor: ACTOR, at: AT });
      const task = {
        id: taskId,
        caseId,
        applicationNo,
        itemName: '食品经营许可',
        regionCode: '330106',
        departmentCode: 'market-regulation',
        departmentName: '市场监督管理局',
        role: 'lead',
        status: 'pending',
        limitDays: 5,
        dueAt: AT,
        twoOfficials: false,
      };
      await openCaseAudited(t, kase, [task], audit, pii);
    });
    return { caseId, taskId, applicationNo };
  }

  it('locks the case of a task and returns both typed (dates, arrays, JSON, personal data revealed)', async () => {
    const { caseId, taskId } = await openCase();
    const locked = await tx((t) => lockCaseOfTask(t, taskId, pii));
    expect(locked?.c.id).toBe(caseId);
    expect(locked?.c.acceptedAt).toEqual(AT);
    expect(locked?.c.departmentCodes).toEqual(['market-regulation']);
    expect(locked?.c.applicant).toMatchObject({ idNumber: '110101199003070011', phone: '13800000000' });
    expect(locked?.c.auditSeq).toBe(1);
    expect(locked?.t).toMatchObject({ id: taskId, status: 'pending', version: 0, dueAt: AT, limitDays: 5 });
    expect(await tx((t) => lockCaseOfTask(t, randomUUID(), pii))).toBeNull();
  });

  it('writes a task and its audit entry in one statement, only at the version read', async () => {
    const { caseId, taskId } = await openCase();
    const written = await tx(async (t) => {
      const locked = await lockCaseOfTask(t, taskId, pii);
      if (!locked) throw new Error('no task');
      const audit = await prepareAudit(t, caseId, { action: 'task.claimed', actor: ACTOR, at: AT });
      return writeTaskAudited(
        t,
        locked.t,
        { status: 'claimed', assigneeId: 'u-1', claimedAt: AT },
        audit,
        null,
      );
    });
    expect(written).toMatchObject({ status: 'claimed', assigneeId: 'u-1', claimedAt: AT, version: 1 });
    await expect(
      tx(async (t) => {
        const audit = await prepareAudit(t, caseId, { action: 'task.claimed', actor: ACTOR, at: AT });
        return writeTaskAudited(t, { ...written, version: 0 }, { status: 'pending' }, audit, null);
      }),
    ).rejects.toMatchObject({ status: 409 });
    const [head] = await db.db.sql.query<{ audit_seq: number; n: string }>(
      `SELECT c.audit_seq, (SELECT count(*) FROM audit_entry e WHERE e.case_id = c.id)::text AS n
         FROM approval_case c WHERE c.id = $1`,
      [caseId],
    );
    expect(head).toEqual({ audit_seq: 2, n: '2' });
  });

  it('returns a case (退回补正): version, status and its pause, the audit head read when none is held', async () => {
    const { caseId } = await openCase();
    await tx(async (t) => {
      const current = await readCaseVersion(t, caseId);
      expect(current).toEqual({ id: caseId, version: 0 });
      await setCaseStatus(t, current, 'returned');
      await insertCasePause(t, {
        id: randomUUID(),
        caseId,
        kind: 'supplement',
        reason: '材料不全',
        departmentCode: 'market-regulation',
        startedAt: AT,
        startedBy: ACTOR,
        notice: '退回补正：材料不全。补正期间不计入审批时限。',
      });
      // No head held by this transaction: appendAudit reads it (seq 1 from the opening).
      await appendAudit(t, caseId, { action: 'case.returned', actor: ACTOR, at: AT });
    });
    await expect(tx((t) => setCaseStatus(t, { id: caseId, version: 0 }, 'open'))).rejects.toMatchObject({
      status: 409,
    });
    const [c] = await db.db.sql.query<{ status: string; version: number; audit_seq: number }>(
      'SELECT status, version, audit_seq FROM approval_case WHERE id = $1',
      [caseId],
    );
    expect(c).toEqual({ status: 'returned', version: 1, audit_seq: 2 });
    const [p] = await db.db.sql.query<Record<string, unknown>>(
      'SELECT kind, task_id, days, ended_at, started_at, started_by FROM special_procedure WHERE case_id = $1',
      [caseId],
    );
    expect(p).toEqual({
      kind: 'supplement',
      task_id: null,
      days: null,
      ended_at: null,
      started_at: AT,
      started_by: ACTOR,
    });
  });

  it('reads a filed implementation version on the driver, parsed, and caches it', async () => {
    const filed = snapshot({ version: 3 });
    await db.db.sql.execute(
      `INSERT INTO implementation_version_view (code, version, name, region_code, body_name, body_uscc,
         body_department_code, legal_limit_days, promised_limit_days, snapshot, published_at)
       VALUES ($1, 3, '食品经营许可', '330100', '杭州市市场监督管理局', '11330100MB0000000X', 'market-regulation',
         20, 15, $2::jsonb, now())`,
      [filed.implementationCode, JSON.stringify(filed)],
    );
    const cache = new Map();
    const under = (v: number) => ({ implementationCode: filed.implementationCode, implementationVersion: v });
    expect(await tx((t) => findFiledSnapshot(t, under(4), cache))).toBeNull();
    expect(await tx((t) => findFiledSnapshot(t, under(3), cache))).toEqual(filed);
    expect([...cache.keys()]).toEqual([`${filed.implementationCode}@3`]);
  });
});
