import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { licenceService } from '../src/index.js';
import { CaseOpened } from '@hall/contracts';
import { applicationNo, decision, HOLDERS, publish, publishDecision } from './factories/licence.factory.js';

const kinds = await testDatabaseKinds();

/** Who may do what with a licence of xihu-tech issued by the market regulation department. */
describe.each(kinds)('licence authorization on %s', (kind) => {
  let h: ServiceHarness;
  let identifier: string;
  let shareId: string;
  const appNo = applicationNo();
  const target = applicationNo();

  beforeAll(async () => {
    h = await startServiceForTest(licenceService, { db: kind });
    const d = decision({
      applicationNo: appNo,
      holder: HOLDERS.xihuTech,
      licences: [{ licenceTypeCode: 'AUT', name: '授权测试证', validityMonths: 12, fields: [] }],
    });
    await publishDecision(h, d);
    const [row] = await h.database.db.sql.query<{ identifier: string }>(
      'SELECT identifier FROM licence WHERE application_no = $1',
      [appNo],
    );
    identifier = row?.identifier ?? '';
    const share = await request(h.url)
      .post('/api/licence/shares')
      .set('authorization', `Bearer ${await h.tokenFor('xihu-tech')}`)
      .send({ identifier, applicationNo: target });
    shareId = share.body.shareId as string;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const as = async (user: string) => ({ authorization: `Bearer ${await h.tokenFor(user)}` });
  const statusOf = async () =>
    (
      await h.database.db.sql.query<{ status: string }>('SELECT status FROM licence WHERE identifier = $1', [
        identifier,
      ])
    )[0]?.status;

  it.each([['lisi'], ['zhangsan'], ['approver.health'], ['approver.fire']])(
    '%s cannot read the licence or its PDF (404: its existence is not revealed)',
    async (user) => {
      const headers = await as(user);
      const read = await request(h.url).get(`/api/licence/licences/${identifier}`).set(headers);
      expect(read.status).toBe(404);
      expect(read.body.code).toBe('LICENCE_NOT_FOUND');
      expect((await request(h.url).get(`/api/licence/licences/${identifier}/pdf`).set(headers)).status).toBe(
        404,
      );
      expect(
        (await request(h.url).get(`/api/licence/licences/${identifier}/access-log`).set(headers)).status,
      ).toBe(404);
    },
  );

  it.each([['clerk.xihu'], ['supervisor'], ['admin']])(
    '%s (no holder, no issuing approver) cannot read it',
    async (user) => {
      expect(
        (
          await request(h.url)
            .get(`/api/licence/licences/${identifier}`)
            .set(await as(user))
        ).status,
      ).toBe(403);
    },
  );

  it('the holder and an approver of the issuing department can read it', async () => {
    expect(
      (
        await request(h.url)
          .get(`/api/licence/licences/${identifier}`)
          .set(await as('xihu-tech'))
      ).status,
    ).toBe(200);
    expect(
      (
        await request(h.url)
          .get(`/api/licence/licences/${identifier}`)
          .set(await as('approver.market'))
      ).status,
    ).toBe(200);
    expect(
      (
        await request(h.url)
          .get(`/api/licence/licences/${identifier}`)
          .set(await as('head.market'))
      ).status,
    ).toBe(200);
  });

  it('anonymous callers get 401 on licences but may verify and read the keys', async () => {
    expect((await request(h.url).get(`/api/licence/licences/${identifier}`)).status).toBe(401);
    expect((await request(h.url).get('/api/licence/licences').query({ mine: 1 })).status).toBe(401);
    expect(
      (await request(h.url).post('/api/licence/shares').send({ identifier, applicationNo: target })).status,
    ).toBe(401);
    expect((await request(h.url).get(`/api/licence/verify/${identifier}`)).status).toBe(200);
    expect((await request(h.url).get('/api/licence/keys')).status).toBe(200);
  });

  it.each([
    ['approver.health', 'revoke', 404, 'LICENCE_NOT_FOUND'],
    ['approver.fire', 'suspend', 404, 'LICENCE_NOT_FOUND'],
    ['approver.health', 'cancel', 404, 'LICENCE_NOT_FOUND'],
    ['clerk.xihu', 'revoke', 403, undefined],
    ['xihu-tech', 'cancel', 403, undefined],
    ['admin', 'revoke', 403, undefined],
  ])('%s cannot %s it, and nothing changes', async (user, action, status, code) => {
    const res = await request(h.url)
      .post(`/api/licence/licences/${identifier}/${action}`)
      .set(await as(user))
      .send({ reason: '越权测试' });
    expect(res.status).toBe(status);
    if (code) expect(res.body.code).toBe(code);
    expect(await statusOf()).toBe('valid');
  });

  it.each([
    ['approver.health', 404, 'LICENCE_NOT_FOUND'],
    ['approver.fire', 404, 'LICENCE_NOT_FOUND'],
    ['clerk.xihu', 403, undefined],
    ['xihu-tech', 403, undefined],
    ['admin', 403, undefined],
  ])('%s cannot change it (变更), and no new version appears', async (user, status, code) => {
    const res = await request(h.url)
      .post(`/api/licence/licences/${identifier}/change`)
      .set(await as(user))
      .send({ reason: '越权变更', fields: { 地址: '越权' } });
    expect(res.status).toBe(status);
    if (code) expect(res.body.code).toBe(code);
    expect(await statusOf()).toBe('valid');
    const versions = await h.database.db.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM licence WHERE type_code = 'AUT'",
    );
    expect(versions[0]?.n).toBe(1);
  });

  it('another holder cannot share it; only clerks and approvers resolve a share', async () => {
    const other = await request(h.url)
      .post('/api/licence/shares')
      .set(await as('lisi'))
      .send({ identifier, applicationNo: applicationNo() });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('LICENCE_NOT_FOUND');
    expect(
      (
        await request(h.url)
          .get(`/api/licence/shares/${shareId}`)
          .query({ applicationNo: target })
          .set(await as('lisi'))
      ).status,
    ).toBe(403);
    expect(
      (
        await request(h.url)
          .get(`/api/licence/shares/${shareId}`)
          .query({ applicationNo: target })
          .set(await as('xihu-tech'))
      ).status,
    ).toBe(403);
    // The window of the application's region (its number starts with 330106), not another district's.
    expect(
      (
        await request(h.url)
          .get(`/api/licence/shares/${shareId}`)
          .query({ applicationNo: target })
          .set(await as('clerk.xihu'))
      ).status,
    ).toBe(200);
    expect(
      (
        await request(h.url)
          .get(`/api/licence/shares/${shareId}`)
          .query({ applicationNo: target })
          .set(await as('clerk.shangcheng'))
      ).status,
    ).toBe(404);
    // An approver only with a task of their department on the application (approval's case.opened), as for its files.
    expect(
      (
        await request(h.url)
          .get(`/api/licence/shares/${shareId}`)
          .query({ applicationNo: target })
          .set(await as('approver.health'))
      ).status,
    ).toBe(404);
    const d = decision({ applicationNo: target });
    await publish(h, CaseOpened, {
      caseId: d.caseId,
      applicationNo: target,
      occurredAt: d.occurredAt,
      actor: d.actor,
      implementationCode: d.implementationCode,
      implementationVersion: 1,
      itemName: d.itemName,
      regionCode: '330106',
      jointKind: 'single',
      acceptedAt: d.occurredAt,
      acceptedBy: 'clerk-xihu',
      promisedLimitDays: 7,
      legalLimitDays: 20,
      promisedDueAt: d.occurredAt,
      legalDueAt: d.occurredAt,
      tasks: [
        {
          taskId: `task-${target}`,
          departmentCode: 'health-commission',
          departmentName: '卫生健康委员会',
          role: 'lead',
          limitDays: 5,
          dueAt: d.occurredAt,
        },
      ],
    });
    expect(
      (
        await request(h.url)
          .get(`/api/licence/shares/${shareId}`)
          .query({ applicationNo: target })
          .set(await as('approver.health'))
      ).status,
    ).toBe(200);
    expect(
      (
        await request(h.url)
          .delete(`/api/licence/shares/${shareId}`)
          .set(await as('lisi'))
      ).status,
    ).toBe(404);
  });

  it('an approver of the issuing department can revoke it', async () => {
    const res = await request(h.url)
      .post(`/api/licence/licences/${identifier}/revoke`)
      .set(await as('approver.market'))
      .send({ reason: '以欺骗手段取得许可' });
    expect(res.status).toBe(200);
    expect(await statusOf()).toBe('revoked');
  });
});
