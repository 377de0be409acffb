/**
 * Issue 18, finding 9 — a share (证照共享授权, 免提交) is resolved under the material-access rule of its application,
 * as intake serves the application's material files: the window clerk of exactly the application's region, or an
 * approval officer whose department has a task on the application (approval's `case.opened` / `task.assigned`) and
 * whose region covers it. Any other approver of the region gets the same 404 as for a missing share, for the data
 * and the watermarked copy, and nothing is logged.
 */
import { CaseOpened, TaskAssigned, type PayloadOf } from '@hall/contracts';
import type { ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { caseOpenedPayload, foodSnapshot } from '../../apps/intake/test/factories/intake.factory.js';
import {
  decision,
  HOLDERS,
  publish,
  publishDecision,
} from '../../apps/licence/test/factories/licence.factory.js';
import { serviceNamed, startService } from './support/services.js';

describe('share resolution follows the material-access rule (finding 9)', () => {
  let h: ServiceHarness;
  let shareId: string;
  /** The application the holder authorised the licence for (西湖区 330106). */
  const target = '330106202612010000017';
  const accessCount = async () =>
    Number(
      (
        await h.database.db.sql.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM licence_access WHERE action IN ('share-view', 'share-pdf')",
        )
      )[0]?.n,
    );
  const resolve = async (username: string, pdf = false) =>
    request(h.url)
      .get(`/api/licence/shares/${shareId}${pdf ? '/pdf' : ''}`)
      .query({ applicationNo: target })
      .set('authorization', `Bearer ${await h.tokenFor(username)}`);

  beforeAll(async () => {
    h = await startService(serviceNamed('licence'));
    const d = decision({ holder: HOLDERS.xihuTech });
    await publishDecision(h, d);
    const [row] = await h.database.db.sql.query<{ identifier: string }>(
      'SELECT identifier FROM licence WHERE application_no = $1 ORDER BY identifier LIMIT 1',
      [d.applicationNo],
    );
    const share = await request(h.url)
      .post('/api/licence/shares')
      .set('authorization', `Bearer ${await h.tokenFor('xihu-tech')}`)
      .send({ identifier: row?.identifier, applicationNo: target });
    if (share.status !== 201) throw new Error(`share failed: ${share.status} ${JSON.stringify(share.body)}`);
    shareId = (share.body as { shareId: string }).shareId;
    // Approval opened the target's case with a task for the market department only.
    await publish(h, CaseOpened, caseOpenedPayload(target, ['market-regulation'], foodSnapshot()));
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('an approver of the region whose department has no task on the application: 404, as for a missing share, nothing logged', async () => {
    const before = await accessCount();
    const data = await resolve('approver.health');
    const copy = await resolve('approver.health', true);
    const missing = await request(h.url)
      .get('/api/licence/shares/00000000-0000-4000-8000-000000000000')
      .query({ applicationNo: target })
      .set('authorization', `Bearer ${await h.tokenFor('approver.health')}`);
    const codeOf = (res: request.Response) =>
      (res.body as { code?: string }).code ?? JSON.parse(String(res.text)).code;
    expect([data.status, codeOf(data), copy.status, missing.status, codeOf(missing)]).toEqual([
      404,
      'SHARE_NOT_FOUND',
      404,
      404,
      'SHARE_NOT_FOUND',
    ]);
    expect(await accessCount()).toBe(before);
  });

  it('an officer of a department with a task on it and the window of its region resolve it', async () => {
    expect((await resolve('approver.market')).status).toBe(200);
    expect((await resolve('head.market')).status).toBe(200);
    expect((await resolve('clerk.xihu')).status).toBe(200);
    expect((await resolve('clerk.shangcheng')).status).toBe(404);
  });

  it('a task assigned later (task.assigned) opens it to that department; a redelivery changes nothing', async () => {
    const assigned: PayloadOf<typeof TaskAssigned> = {
      caseId: `case-${target}`,
      applicationNo: target,
      occurredAt: '2026-12-02T02:00:00.000Z',
      actor: { userId: 'system', name: '系统', role: 'system' },
      task: {
        taskId: `task-${target}-health`,
        departmentCode: 'health-commission',
        departmentName: '卫生健康委员会',
        role: 'co',
        limitDays: 5,
        dueAt: '2026-12-20T15:59:59.999Z',
      },
    };
    const id = await publish(h, TaskAssigned, assigned);
    await publish(h, TaskAssigned, assigned, id);
    expect((await resolve('approver.health')).status).toBe(200);
    // Another department still has none.
    expect((await resolve('approver.fire')).status).toBe(404);
  });
});
