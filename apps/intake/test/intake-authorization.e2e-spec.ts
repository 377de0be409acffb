import { createHash } from 'node:crypto';
import { testDatabaseKinds } from '@hall/persistence';
import request from 'supertest';
import {
  foodSnapshot,
  publishImplementation,
  startIntake,
  submitApplication,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

/**
 * Authorization matrix: an applicant can neither read nor act on another applicant's application (404, the
 * application is not revealed), a clerk of another region neither (the same 404: issue 18 finding 14), applicants
 * cannot use window actions (403), and nothing changes on any refused call.
 */
describe.each(kinds)('intake authorization on %s', (kind) => {
  let h: IntakeHarness;
  let submitted: string;
  let supplementRequested: string;
  let noticeId: string;
  const snapshot = foodSnapshot();
  const rowOf = async (no: string) =>
    (
      await h.database.db.sql.query<{ status: string; row_version: number }>(
        'SELECT status, row_version FROM application WHERE no = $1',
        [no],
      )
    )[0];

  beforeAll(async () => {
    h = await startIntake(kind);
    await publishImplementation(h, snapshot);
    submitted = await submitApplication(h, 'zhangsan');
    supplementRequested = await submitApplication(h, 'zhangsan', { complete: false });
    const res = await h.api.post('clerk.xihu', `/applications/${supplementRequested}/supplement-notice`, {
      items: [
        { materialId: 'layout', problem: '未提交' },
        { materialId: 'health', problem: '未提交' },
      ],
    });
    noticeId = (res.body as { notices: { id: string }[] }).notices[0]?.id ?? '';
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const supplementBody = async (user: string) => ({
    materials: [
      { materialId: 'layout', source: 'promise', promise: '承诺' },
      { materialId: 'health', source: 'upload', fileIds: [await h.api.fileId(user)] },
    ],
  });

  it('another applicant gets 404 on every route of the application, and nothing changes', async () => {
    for (const no of [submitted, supplementRequested]) {
      const before = await rowOf(no);
      expect((await h.api.get('lisi', `/applications/${no}`)).status).toBe(404);
      expect(
        (await h.api.pdf('lisi', `/applications/${supplementRequested}/notices/${noticeId}.pdf`)).status,
      ).toBe(404);
      const supplement = await h.api.post(
        'lisi',
        `/applications/${no}/supplement`,
        await supplementBody('lisi'),
      );
      expect([supplement.status, supplement.body.code]).toEqual([404, 'NOT_FOUND']);
      expect((await h.api.post('lisi', `/applications/${no}/withdraw`, {})).status).toBe(404);
      expect(
        (await h.api.post('lisi', `/applications/${no}/delivery`, { method: 'electronic' })).status,
      ).toBe(404);
      expect((await h.api.post('xihu-tech', `/applications/${no}/withdraw`, {})).status).toBe(404);
      expect(await rowOf(no)).toEqual(before);
    }
    const mine = await h.api.get('lisi', '/applications', { mine: '1', pageSize: '100' });
    expect(mine.body.items.map((i: { no: string }) => i.no)).not.toContain(submitted);
  });

  it('applicants (even the owner) cannot use window actions; clerks act on their own region only', async () => {
    const before = await rowOf(submitted);
    const actions: [string, unknown][] = [
      ['accept', {}],
      ['refuse', { reasons: '不符合' }],
      ['supplement-notice', { items: [{ materialId: 'layout', problem: 'x' }] }],
      ['deliver', { method: 'window', pickupCode: '123456' }],
    ];
    for (const [action, body] of actions) {
      for (const user of ['zhangsan', 'lisi', 'approver.market', 'supervisor']) {
        const res = await h.api.post(user, `/applications/${submitted}/${action}`, body);
        expect([user, action, res.status]).toEqual([user, action, 403]);
      }
      const other = await h.api.post('clerk.shangcheng', `/applications/${submitted}/${action}`, body);
      expect([action, other.status, other.body.code]).toEqual([action, 404, 'NOT_FOUND']);
    }
    for (const action of ['supplement', 'withdraw', 'delivery']) {
      const res = await h.api.post(
        'clerk.shangcheng',
        `/applications/${supplementRequested}/${action}`,
        action === 'supplement'
          ? await supplementBody('clerk.shangcheng')
          : action === 'delivery'
            ? { method: 'electronic' }
            : {},
      );
      expect([action, res.status, res.body.code]).toEqual([action, 404, 'NOT_FOUND']);
    }
    // The region's own clerk does not act for an applicant who has an account.
    const ownClerk = await h.api.post('clerk.xihu', `/applications/${submitted}/withdraw`, {});
    expect(ownClerk.status).toBe(403);
    expect(await rowOf(submitted)).toEqual(before);
  });

  it('reading: the clerk of the region and supervisors may, clerks of other regions and other staff may not', async () => {
    expect((await h.api.get('clerk.xihu', `/applications/${submitted}`)).status).toBe(200);
    expect((await h.api.get('supervisor', `/applications/${submitted}`)).status).toBe(200);
    const other = await h.api.get('clerk.shangcheng', `/applications/${submitted}`);
    expect([other.status, other.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await h.api.get('approver.market', `/applications/${submitted}`)).status).toBe(404);
    expect(
      (await h.api.pdf('clerk.shangcheng', `/applications/${supplementRequested}/notices/${noticeId}.pdf`))
        .status,
    ).toBe(404);
    expect(
      (await h.api.pdf('supervisor', `/applications/${supplementRequested}/notices/${noticeId}.pdf`)).status,
    ).toBe(403);
    expect(
      (await h.api.pdf('clerk.xihu', `/applications/${supplementRequested}/notices/${noticeId}.pdf`)).status,
    ).toBe(200);
    expect(
      (await h.api.pdf('zhangsan', `/applications/${supplementRequested}/notices/${noticeId}.pdf`)).status,
    ).toBe(200);
    expect((await h.api.pdf('zhangsan', `/applications/${submitted}/notices/${noticeId}.pdf`)).status).toBe(
      404,
    ); // notice of another application
  });

  it("material files: the owner and the region's clerk read them inline byte for byte; nobody else", async () => {
    const app = await h.api.get('zhangsan', `/applications/${submitted}`);
    const file = (
      app.body as { materials: { files: { fileId: string; sha256: string }[] }[] }
    ).materials.flatMap((m) => m.files)[0];
    if (!file) throw new Error('no uploaded file');
    const path = `/applications/${submitted}/files/${file.fileId}`;
    for (const user of ['zhangsan', 'clerk.xihu']) {
      const res = await h.api.pdf(user, path);
      expect([
        user,
        res.status,
        res.headers['content-type'],
        String(res.headers['content-disposition']).startsWith('attachment'),
      ]).toEqual([user, 200, 'application/pdf', true]);
      expect(
        createHash('sha256')
          .update(res.body as Buffer)
          .digest('hex'),
      ).toBe(file.sha256);
    }
    expect((await h.api.pdf('lisi', path)).status).toBe(404);
    expect((await h.api.pdf('clerk.shangcheng', path)).status).toBe(404);
    expect((await h.api.pdf('approver.market', path)).status).toBe(404);
    expect(
      (await h.api.pdf('zhangsan', `/applications/${submitted}/files/00000000-0000-4000-8000-000000000000`))
        .status,
    ).toBe(404);
    // A file of another application of the same owner is not served under this one.
    const other = await h.api.get('zhangsan', `/applications/${supplementRequested}`);
    const foreign = (other.body as { materials: { files: { fileId: string }[] }[] }).materials.flatMap(
      (m) => m.files,
    )[0];
    if (foreign)
      expect((await h.api.pdf('zhangsan', `/applications/${submitted}/files/${foreign.fileId}`)).status).toBe(
        404,
      );
  });

  it('queues are for clerks and scoped to their region', async () => {
    expect((await h.api.get('zhangsan', '/applications', { queue: '1' })).status).toBe(403);
    const other = await h.api.get('clerk.shangcheng', '/applications', { queue: '1', pageSize: '100' });
    expect(other.body.items.map((i: { no: string }) => i.no)).not.toContain(submitted);
    const own = await h.api.get('clerk.xihu', '/applications', { queue: '1', pageSize: '100' });
    expect(own.body.items.map((i: { no: string }) => i.no)).toEqual(
      expect.arrayContaining([submitted, supplementRequested]),
    );
  });

  it('tokens and roles: no token 401; staff without the role 403; a file of another user cannot be attached', async () => {
    expect((await request(h.url).post('/api/intake/applications').send({})).status).toBe(401);
    expect((await request(h.url).get(`/api/intake/applications/${submitted}`)).status).toBe(401);
    expect((await request(h.url).get('/api/intake/notifications')).status).toBe(401);
    expect(
      (
        await h.api.post('approver.market', '/applications', {
          implementationCode: snapshot.implementationCode,
        })
      ).status,
    ).toBe(403);
    expect((await h.api.upload('supervisor')).status).toBe(403);
    expect((await h.api.post('clerk.xihu', '/jobs/run')).status).toBe(403);
    const foreign = await h.api.fileId('zhangsan');
    const res = await h.api.post('lisi', '/applications', {
      implementationCode: snapshot.implementationCode,
      materials: [
        { materialId: 'application', source: 'upload', fileIds: [foreign] },
        { materialId: 'business-licence', source: 'upload', fileIds: [await h.api.fileId('lisi')] },
      ],
    });
    expect([res.status, res.body.code]).toEqual([422, 'FILE_UNKNOWN']);
  });
});
