import { randomUUID } from 'node:crypto';
import {
  ApplicationCompleted,
  ApplicationDelivered,
  CaseClosed,
  CaseCloseRefused,
  CaseDecided,
  LicenceIssued,
} from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import request from 'supertest';
import {
  decidedPayload,
  foodSnapshot,
  intakeEvents,
  issuedPayload,
  publishEvent,
  publishImplementation,
  startIntake,
  submitApplication,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

/** Approval's answer to a close request (撤回), as approval would publish it. */
function closeAnswer<T extends object>(no: string, extra: T) {
  return {
    caseId: randomUUID(),
    applicationNo: no,
    occurredAt: new Date().toISOString(),
    actor: { userId: 'system', name: '系统', role: 'system' },
    closing: 'withdraw' as const,
    ...extra,
  };
}

describe.each(kinds)('intake completion, delivery, openness and inbox on %s', (kind) => {
  let h: IntakeHarness;
  const snapshot = foodSnapshot();
  const results = snapshot.results;
  const statusOf = async (no: string) =>
    (
      await h.database.db.sql.query<{ status: string }>('SELECT status FROM application WHERE no = $1', [no])
    )[0]?.status;

  beforeAll(async () => {
    h = await startIntake(kind);
    await publishImplementation(h, snapshot);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  async function accepted(user = 'zhangsan', extra?: Record<string, unknown>): Promise<string> {
    const no = await submitApplication(h, user, extra ? { extra } : {});
    const res = await h.api.post('clerk.xihu', `/applications/${no}/accept`, {});
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return no;
  }

  it('approved: completes once every licence named is issued; window pickup with the code checked', async () => {
    const no = await accepted();
    const decisionId = await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', results));
    expect(await statusOf(no)).toBe('decided');
    const decided = await h.api.get('zhangsan', `/applications/${no}`);
    // The applicant reads licence names in the timeline, never type codes.
    expect(decided.body.timeline.find((t: { to: string }) => t.to === 'decided')?.note).toBe(
      '准予许可，待制证：食品经营许可证、公共场所卫生许可证',
    );
    await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', results), decisionId); // redelivery: no second effect
    await publishEvent(h, LicenceIssued, issuedPayload(no, 'FBL', '1001'));
    expect(await statusOf(no)).toBe('decided');
    await publishEvent(h, LicenceIssued, issuedPayload(no, 'PHL', '1002'));
    const app = await h.api.get('zhangsan', `/applications/${no}`);
    expect(app.body).toMatchObject({
      status: 'completed',
      decision: { outcome: 'approved', expectedLicenceTypes: ['FBL', 'PHL'] },
      delivery: { method: 'window', pickupCode: expect.stringMatching(/^\d{6}$/) },
    });
    const clerkView = await h.api.get('clerk.xihu', `/applications/${no}`);
    expect(clerkView.body.delivery.pickupCode).toBeUndefined();
    const [completed] = (await intakeEvents(h, ApplicationCompleted.type)).filter((e) => e.key === no);
    expect(ApplicationCompleted.payload.parse(completed?.payload)).toMatchObject({
      outcome: 'approved',
      delivery: 'window',
    });
    expect((completed?.payload.licenceIdentifiers as string[]).length).toBe(2);
    const wrong = await h.api.post('clerk.xihu', `/applications/${no}/deliver`, {
      method: 'window',
      pickupCode: app.body.delivery.pickupCode === '000000' ? '111111' : '000000',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('PICKUP_CODE_MISMATCH');
    const post = await h.api.post('clerk.xihu', `/applications/${no}/deliver`, {
      method: 'post',
      trackingNo: 'SF1234567890',
    });
    expect(post.body.code).toBe('DELIVERY_METHOD_MISMATCH');
    const ok = await h.api.post('clerk.xihu', `/applications/${no}/deliver`, {
      method: 'window',
      pickupCode: app.body.delivery.pickupCode as string,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('delivered');
    expect(
      (await intakeEvents(h, ApplicationDelivered.type))
        .filter((e) => e.key === no)
        .map((e) => e.payload.method),
    ).toEqual(['window']);
    expect((await intakeEvents(h, ApplicationCompleted.type)).filter((e) => e.key === no)).toHaveLength(1);
  });

  it('licences consumed at the same moment still complete the application, once', async () => {
    const no = await accepted();
    await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', results));
    await Promise.all([
      publishEvent(h, LicenceIssued, issuedPayload(no, 'FBL', '4001')),
      publishEvent(h, LicenceIssued, issuedPayload(no, 'PHL', '4002')),
    ]);
    expect(await statusOf(no)).toBe('completed');
    expect((await intakeEvents(h, ApplicationCompleted.type)).filter((e) => e.key === no)).toHaveLength(1);
  });

  it('a licence issued before the decision arrives still counts (any order)', async () => {
    const no = await accepted();
    await publishEvent(h, LicenceIssued, issuedPayload(no, 'FBL', '2001'));
    await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', results.slice(0, 1)));
    expect(await statusOf(no)).toBe('completed');
  });

  it('denied: completed at once; by post with a tracking number', async () => {
    const no = await accepted();
    const choose = await h.api.post('zhangsan', `/applications/${no}/delivery`, {
      method: 'post',
      address: { recipient: '张三', phone: '13800000001', address: '杭州市上城区某路1号' },
    });
    expect(choose.status).toBe(200);
    expect(choose.body.delivery).toMatchObject({ method: 'post', address: { recipient: '张三' } });
    await publishEvent(h, CaseDecided, decidedPayload(no, 'denied', []));
    expect(await statusOf(no)).toBe('completed');
    const [completed] = (await intakeEvents(h, ApplicationCompleted.type)).filter((e) => e.key === no);
    expect(completed?.payload).toMatchObject({ outcome: 'denied', delivery: 'post', licenceIdentifiers: [] });
    const res = await h.api.post('clerk.xihu', `/applications/${no}/deliver`, {
      method: 'post',
      trackingNo: 'SF1234567890',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'delivered', delivery: { trackingNo: 'SF1234567890' } });
  });

  it('e-licence only (电子证照): delivered on issue; with no licences named it completes on the decision', async () => {
    const no = await accepted('zhangsan', { delivery: { method: 'electronic' } });
    await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', results.slice(1)));
    await publishEvent(h, LicenceIssued, issuedPayload(no, 'PHL', '3001'));
    expect(await statusOf(no)).toBe('delivered');
    expect(
      (await intakeEvents(h))
        .filter((e) => e.key === no)
        .map((e) => e.type)
        .slice(-2),
    ).toEqual(['intake.application.completed', 'intake.application.delivered']);
    const none = await accepted();
    await publishEvent(h, CaseDecided, decidedPayload(none, 'approved', []));
    expect(await statusOf(none)).toBe('completed');
  });

  it('a withdrawal after acceptance waits for approval: a decision that committed first stands', async () => {
    const no = await submitApplication(h, 'zhangsan');
    await h.api.post('clerk.xihu', `/applications/${no}/accept`, {});
    const res = await h.api.post('zhangsan', `/applications/${no}/withdraw`, { reason: '不办了' });
    expect(res.status).toBe(202);
    expect(await statusOf(no)).toBe('closing');
    expect((await intakeEvents(h)).filter((e) => e.key === no).map((e) => e.type)).toContain(
      'intake.application.close-requested',
    );
    await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', []));
    expect(await statusOf(no)).toBe('completed');
    await publishEvent(
      h,
      CaseCloseRefused,
      closeAnswer(no, { outcome: 'approved', decidedAt: new Date().toISOString() }),
    );
    expect(await statusOf(no)).toBe('completed');
  });

  it('a withdrawal approval confirmed: withdrawn, and a replayed decision changes nothing', async () => {
    const no = await submitApplication(h, 'zhangsan');
    await h.api.post('clerk.xihu', `/applications/${no}/accept`, {});
    await h.api.post('zhangsan', `/applications/${no}/withdraw`, {});
    await publishEvent(
      h,
      CaseClosed,
      closeAnswer(no, { reason: '申请人撤回', closedAt: new Date().toISOString(), closedTaskIds: [] }),
    );
    expect(await statusOf(no)).toBe('withdrawn');
    expect(
      (await intakeEvents(h))
        .filter((e) => e.key === no)
        .map((e) => e.type)
        .slice(-1),
    ).toEqual(['intake.application.withdrawn']);
    await publishEvent(h, CaseDecided, decidedPayload(no, 'approved', []));
    expect(await statusOf(no)).toBe('withdrawn');
  });

  it('a close request refused before the decision arrived: back under approval, then completed by the decision', async () => {
    const no = await submitApplication(h, 'zhangsan');
    await h.api.post('clerk.xihu', `/applications/${no}/accept`, {});
    await h.api.post('zhangsan', `/applications/${no}/withdraw`, {});
    await publishEvent(
      h,
      CaseCloseRefused,
      closeAnswer(no, { outcome: 'denied', decidedAt: new Date().toISOString() }),
    );
    expect(await statusOf(no)).toBe('accepted');
    await publishEvent(h, CaseDecided, decidedPayload(no, 'denied', []));
    expect(await statusOf(no)).toBe('completed');
  });

  it("public progress: number + the applicant's 查询码, personal data masked; anything else 404", async () => {
    const no = await submitApplication(h, 'zhangsan');
    const code = (await h.api.get('zhangsan', `/applications/${no}`)).body.queryCode as string;
    const res = await request(h.url).get('/api/intake/public/progress').query({ no, code });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      no,
      status: 'submitted',
      applicant: { name: '张*', idNumber: '330102********1230', phone: '138****0001' },
    });
    expect(JSON.stringify(res.body)).not.toContain('张三');
    expect(JSON.stringify(res.body)).not.toContain('330102199003071230');
    const wrong = await request(h.url)
      .get('/api/intake/public/progress')
      .query({ no, code: code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}` });
    expect(wrong.status).toBe(404);
    const unknown = await request(h.url)
      .get('/api/intake/public/progress')
      .query({ no: `${no.slice(0, 20)}Z`, code });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe(wrong.body.message.replace(no, `${no.slice(0, 20)}Z`));
  });

  it('public decisions (双公示): decisions only, persons masked, businesses named', async () => {
    const person = await accepted();
    await publishEvent(h, CaseDecided, decidedPayload(person, 'denied', []));
    const business = await accepted('xihu-tech');
    await publishEvent(h, CaseDecided, decidedPayload(business, 'approved', []));
    const undecided = await accepted();
    const res = await request(h.url)
      .get('/api/intake/public/decisions')
      .query({ region: '330106', pageSize: '100' });
    expect(res.status).toBe(200);
    const byNo = new Map((res.body.items as { applicationNo: string }[]).map((i) => [i.applicationNo, i]));
    expect(byNo.get(person)).toMatchObject({
      outcome: 'denied',
      applicant: { kind: 'person', name: '张*', idNumber: '330102********1230' },
      publishBy: expect.any(String),
    });
    expect(byNo.get(business)).toMatchObject({
      outcome: 'approved',
      applicant: { kind: 'business', name: '杭州西湖示范科技有限公司', idNumber: '91330106MA27U8Q168' },
    });
    expect(byNo.has(undecided)).toBe(false);
    expect(JSON.stringify(res.body)).not.toContain('张三');
  });

  it('inbox: a message per status change for the applicant only; sending happens after commit and a failing sender breaks nothing', async () => {
    await h.dispatcher.drain();
    const no = await submitApplication(h, 'lisi');
    h.clock.advance(60_000);
    h.sender.failing = true;
    const accept = await h.api.post('clerk.xihu', `/applications/${no}/accept`, {});
    expect(accept.status).toBe(200);
    await h.dispatcher.drain();
    expect(await statusOf(no)).toBe('accepted');
    const errors = await h.database.db.sql.query<{ send_error: string }>(
      'SELECT send_error FROM notification WHERE application_no = $1 AND sent_at IS NULL',
      [no],
    );
    expect(errors.map((e) => e.send_error)).toEqual(['mail server down', 'mail server down']);
    h.sender.failing = false;
    await h.dispatcher.drain();
    expect(h.sender.sent.filter((n) => n.applicationNo === no).map((n) => n.title)).toEqual([
      '办件已申报（待受理）',
      '办件已受理（审批中）',
    ]);
    const inbox = await h.api.get('lisi', '/notifications');
    expect(inbox.status).toBe(200);
    const mine = (inbox.body.items as { applicationNo: string; kind: string; id: string }[]).filter(
      (n) => n.applicationNo === no,
    );
    expect(mine.map((n) => n.kind)).toEqual(['accepted', 'submitted']);
    const others = await h.api.get('zhangsan', '/notifications', { pageSize: '100' });
    expect((others.body.items as { applicationNo: string }[]).some((n) => n.applicationNo === no)).toBe(
      false,
    );
    const first = mine[0];
    if (!first) throw new Error('no message');
    expect((await h.api.post('zhangsan', `/notifications/${first.id}/read`)).status).toBe(404);
    expect((await h.api.post('lisi', `/notifications/${first.id}/read`)).status).toBe(200);
    expect(
      (await h.api.get('lisi', '/notifications', { unread: '1', pageSize: '100' })).body.items.map(
        (n: { id: string }) => n.id,
      ),
    ).not.toContain(first.id);
  });
});
