import { ApplicationAccepted, SupplementNoticeRejected, SupplementRequested } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { hasCjkFont, inspectPdf } from '@hall/pdf';
import {
  foodSnapshot,
  intakeEvents,
  publishImplementation,
  startIntake,
  submitApplication,
  type IntakeHarness,
} from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();
if (!hasCjkFont())
  throw new Error('notice PDFs need a CJK font: run npm ci (the packaged font) or set HALL_CJK_FONT');

describe.each(kinds)('intake window (一窗受理) on %s', (kind) => {
  let h: IntakeHarness;
  const snapshot = foodSnapshot();
  const sql = <T>(q: string, v: unknown[] = []) => h.database.db.sql.query<T>(q, v);
  const statusOf = async (no: string) =>
    (await sql<{ status: string }>('SELECT status FROM application WHERE no = $1', [no]))[0]?.status;

  beforeAll(async () => {
    h = await startIntake(kind);
    await publishImplementation(h, snapshot);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('accepts a complete application: 受理通知书 as a Chinese PDF, accepted event with everything approval needs', async () => {
    const no = await submitApplication(h, 'zhangsan');
    const res = await h.api.post('clerk.xihu', `/applications/${no}/accept`, { mode: 'normal' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'accepted',
      acceptance: { mode: 'normal', acceptedAt: '2026-03-02T02:00:00.000Z', acceptedBy: { role: 'clerk' } },
    });
    const notice = res.body.notices[0] as { id: string; kind: string; url: string; sha256: string };
    expect(notice.kind).toBe('acceptance');
    const pdf = await h.api.pdf('zhangsan', `/applications/${no}/notices/${notice.id}.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = inspectPdf(pdf.body as Buffer).pages.join('\n');
    expect(text).toContain('受理通知书');
    expect(text).toContain('食品经营许可');
    expect(text).toContain('第三十二条');
    const [event] = (await intakeEvents(h, ApplicationAccepted.type)).filter((e) => e.key === no);
    const payload = ApplicationAccepted.payload.parse(event?.payload);
    expect(payload).toMatchObject({
      applicationNo: no,
      mode: 'normal',
      applicant: { name: '张三', idNumber: '330102199003071230', userId: expect.any(String) },
      actor: { role: 'clerk', region: '330106' },
      formData: { shopName: '西湖小吃店' },
      promisedLimitDays: 7,
      legalLimitDays: 20,
      noticeId: notice.id,
    });
    expect(payload.materials.map((m) => m.materialId)).toEqual([
      'application',
      'business-licence',
      'layout',
      'health',
    ]);
    expect(payload.materials[0]?.files[0]).toMatchObject({
      bucket: 'hall-materials',
      key: expect.stringContaining('intake/uploads/'),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(payload.materials[2]).toMatchObject({ source: 'promise' });
  });

  it('accepts an application from before 查询码: its code is issued in the acceptance and shown in the view', async () => {
    const no = await submitApplication(h, 'zhangsan');
    await sql('DELETE FROM application_query_code WHERE application_no = $1', [no]);
    const res = await h.api.post('clerk.xihu', `/applications/${no}/accept`, { mode: 'normal' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'accepted',
      queryCode: expect.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/),
    });
    const stored = await sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM application_query_code WHERE application_no = $1',
      [no],
    );
    expect(stored).toEqual([{ n: 1 }]);
    // The same code from now on (the first one stored stays).
    expect((await h.api.get('zhangsan', `/applications/${no}`)).body.queryCode).toBe(res.body.queryCode);
  });

  it('refuses with reasons, rights to review/litigation and where to apply instead', async () => {
    const no = await submitApplication(h, 'zhangsan');
    const res = await h.api.post('clerk.xihu', `/applications/${no}/refuse`, {
      reasons: '申请事项不属于本机关职权范围',
      redirectTo: '杭州市市场监督管理局',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'refused',
      refusal: { reasons: '申请事项不属于本机关职权范围', redirectTo: '杭州市市场监督管理局' },
    });
    const pdf = await h.api.pdf(
      'clerk.xihu',
      `/applications/${no}/notices/${res.body.notices[0].id as string}.pdf`,
    );
    const text = inspectPdf(pdf.body as Buffer).pages.join('');
    for (const phrase of ['不予受理决定书', '行政复议', '行政诉讼', '杭州市市场监督管理局'])
      expect(text).toContain(phrase);
  });

  it('one-time supplement notice lists every missing material; a second one is 409; the applicant answers it; then accept', async () => {
    const no = await submitApplication(h, 'zhangsan', { complete: false });
    const incomplete = await h.api.post('clerk.xihu', `/applications/${no}/supplement-notice`, {
      items: [{ materialId: 'layout', problem: '未提交' }],
    });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body).toMatchObject({ code: 'NOTICE_INCOMPLETE', details: { missing: ['health'] } });
    const normal = await h.api.post('clerk.xihu', `/applications/${no}/accept`, { mode: 'normal' });
    expect(normal.status).toBe(422);
    expect(normal.body.code).toBe('MATERIALS_INCOMPLETE');
    const noNotice = await h.api.post('zhangsan', `/applications/${no}/supplement`, {
      materials: [{ materialId: 'health', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] }],
    });
    expect(noNotice.status).toBe(409);
    expect(noNotice.body.code).toBe('NO_SUPPLEMENT_NOTICE');

    const items = [
      { materialId: 'layout', problem: '未提交平面布局图' },
      { materialId: 'health', problem: '未提交健康证明' },
      { materialId: 'application', problem: '申请书缺少签字' },
    ];
    const notice = await h.api.post('clerk.xihu', `/applications/${no}/supplement-notice`, { items });
    expect(notice.status).toBe(200);
    expect(notice.body.status).toBe('supplement-requested');
    const text = inspectPdf(
      (await h.api.pdf('zhangsan', `/applications/${no}/notices/${notice.body.notices[0].id as string}.pdf`))
        .body as Buffer,
    ).pages.join('');
    expect(text).toContain('一次性告知');
    expect(text).toContain('申请书缺少签字');

    const second = await h.api.post('clerk.xihu', `/applications/${no}/supplement-notice`, {
      items: [{ materialId: 'layout', problem: '再次' }],
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('SUPPLEMENT_NOTICE_EXISTS');
    expect(await statusOf(no)).toBe('supplement-requested');

    const partial = await h.api.post('zhangsan', `/applications/${no}/supplement`, {
      materials: [{ materialId: 'health', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] }],
    });
    expect(partial.status).toBe(422);
    expect(partial.body).toMatchObject({
      code: 'SUPPLEMENT_INCOMPLETE',
      details: { missing: ['layout', 'application'] },
    });
    const answered = await h.api.post('zhangsan', `/applications/${no}/supplement`, {
      materials: [
        { materialId: 'layout', source: 'promise', promise: '承诺布局符合要求' },
        { materialId: 'health', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] },
        { materialId: 'application', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] },
      ],
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'supplemented', missingMaterialIds: [] });
    expect(
      answered.body.materials
        .filter((m: { current: boolean }) => m.current)
        .map((m: { materialId: string; round: number }) => [m.materialId, m.round]),
    ).toEqual([
      ['business-licence', 0],
      ['application', 1],
      ['layout', 1],
      ['health', 1],
    ]);
    const afterAnswer = await h.api.post('clerk.xihu', `/applications/${no}/supplement-notice`, { items });
    expect(afterAnswer.status).toBe(409);
    expect(afterAnswer.body.code).toBe('SUPPLEMENT_NOTICE_EXISTS');
    const accepted = await h.api.post('clerk.xihu', `/applications/${no}/accept`, {});
    expect(accepted.status).toBe(200);
    const [req] = (await intakeEvents(h, SupplementRequested.type)).filter((e) => e.key === no);
    expect(SupplementRequested.payload.parse(req?.payload).items.map((i) => i.materialId)).toEqual([
      'layout',
      'health',
      'application',
    ]);
  });

  it('a second supplement notice → 409 with the application unchanged, but the attempt is recorded with its event for supervision', async () => {
    const no = await submitApplication(h, 'zhangsan', { complete: false });
    const items = [
      { materialId: 'layout', problem: '未提交平面布局图' },
      { materialId: 'health', problem: '未提交健康证明' },
    ];
    const first = await h.api.post('clerk.xihu', `/applications/${no}/supplement-notice`, { items });
    expect(first.status).toBe(200);
    const noticeId = first.body.notices[0].id as string;
    const rowBefore = await sql('SELECT * FROM application WHERE no = $1', [no]);
    const historyBefore = await sql('SELECT id FROM status_history WHERE application_no = $1 ORDER BY id', [
      no,
    ]);
    const inboxBefore = await sql('SELECT id FROM notification WHERE application_no = $1', [no]);

    const second = await h.api.post('clerk.xihu', `/applications/${no}/supplement-notice`, {
      items: [{ materialId: 'application', problem: '再次告知' }],
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'SUPPLEMENT_NOTICE_EXISTS', details: { noticeId } });

    expect(await sql('SELECT * FROM application WHERE no = $1', [no])).toEqual(rowBefore);
    expect(await sql('SELECT id FROM status_history WHERE application_no = $1 ORDER BY id', [no])).toEqual(
      historyBefore,
    );
    expect(await sql('SELECT id FROM notification WHERE application_no = $1', [no])).toEqual(inboxBefore);
    expect(
      (await sql<{ kind: string }>('SELECT kind FROM notice WHERE application_no = $1', [no])).map(
        (n) => n.kind,
      ),
    ).toEqual(['supplement']);
    const attempts = await sql<{
      existing_notice_id: string;
      status_at_attempt: string;
      actor: { role: string };
    }>(
      'SELECT existing_notice_id, status_at_attempt, actor FROM supplement_notice_attempt WHERE application_no = $1',
      [no],
    );
    expect(attempts).toEqual([
      expect.objectContaining({
        existing_notice_id: noticeId,
        status_at_attempt: 'supplement-requested',
        actor: expect.objectContaining({ role: 'clerk' }),
      }),
    ]);
    const events = (await intakeEvents(h)).filter((e) => e.key === no);
    expect(events.map((e) => e.type)).toEqual([
      'intake.application.submitted',
      'intake.application.supplement-requested',
      'intake.application.supplement-notice-rejected',
    ]);
    const rejected = SupplementNoticeRejected.payload.parse(events[2]?.payload);
    expect(rejected).toMatchObject({
      applicationNo: no,
      noticeId,
      regionCode: '330106',
      actor: { role: 'clerk', region: '330106' },
    });

    // Not an attempt: a clerk outside the region (404, as for a missing application: no existence probing) and a
    // malformed body (4xx) record nothing.
    expect(
      (await h.api.post('clerk.shangcheng', `/applications/${no}/supplement-notice`, { items })).status,
    ).toBe(404);
    expect(
      (await h.api.post('clerk.xihu', `/applications/${no}/supplement-notice`, { items: [] })).status,
    ).toBeGreaterThanOrEqual(400);
    expect(
      await sql('SELECT id FROM supplement_notice_attempt WHERE application_no = $1', [no]),
    ).toHaveLength(1);
  });

  it('容缺受理: accepts with minor materials missing, promise and deadline ≤ promised limit; the applicant supplies them', async () => {
    const no = await submitApplication(h, 'zhangsan', { complete: false });
    const main = await h.api.post('clerk.xihu', `/applications/${no}/accept`, {
      mode: 'tolerance',
      missingMaterialIds: ['layout', 'health', 'application'],
      promise: '承诺',
      supplyWithinDays: 5,
    });
    expect(main.status).toBe(422);
    expect(main.body.code).toBe('TOLERANCE_MAIN_MATERIAL');
    const late = await h.api.post('clerk.xihu', `/applications/${no}/accept`, {
      mode: 'tolerance',
      missingMaterialIds: ['layout', 'health'],
      promise: '承诺',
      supplyWithinDays: 8,
    });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('TOLERANCE_DEADLINE_TOO_LATE');
    const partialList = await h.api.post('clerk.xihu', `/applications/${no}/accept`, {
      mode: 'tolerance',
      missingMaterialIds: ['layout'],
      promise: '承诺',
      supplyWithinDays: 5,
    });
    expect(partialList.body.code).toBe('MATERIALS_INCOMPLETE');
    const ok = await h.api.post('clerk.xihu', `/applications/${no}/accept`, {
      mode: 'tolerance',
      missingMaterialIds: ['layout', 'health'],
      promise: '本人承诺在规定期限内补齐材料',
      supplyWithinDays: 5,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.acceptance).toMatchObject({
      mode: 'tolerance',
      tolerance: { missingMaterialIds: ['layout', 'health'], supplyBy: '2026-03-09T15:59:59.999Z' },
    });
    const [event] = (await intakeEvents(h, ApplicationAccepted.type)).filter((e) => e.key === no);
    expect(event?.payload).toMatchObject({
      mode: 'tolerance',
      tolerance: { missingMaterialIds: ['layout', 'health'], supplyBy: '2026-03-09T15:59:59.999Z' },
    });
    const supplied = await h.api.post('zhangsan', `/applications/${no}/supplement`, {
      materials: [
        { materialId: 'layout', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] },
        { materialId: 'health', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] },
      ],
    });
    expect(supplied.status).toBe(200);
    expect(supplied.body).toMatchObject({
      status: 'accepted',
      acceptance: { tolerance: { satisfiedAt: expect.any(String) } },
    });
    const again = await h.api.post('zhangsan', `/applications/${no}/supplement`, {
      materials: [{ materialId: 'other', source: 'upload', fileIds: [await h.api.fileId('zhangsan')] }],
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NO_SUPPLEMENT_NOTICE');
  });

  it('withdraw before the decision; illegal transitions are 409 with a code and change nothing', async () => {
    const no = await submitApplication(h, 'zhangsan');
    const withdrawn = await h.api.post('zhangsan', `/applications/${no}/withdraw`, { reason: '暂不办理' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawReason: '暂不办理' });
    const before = await sql<Record<string, unknown>>('SELECT * FROM application WHERE no = $1', [no]);
    const eventsBefore = (await intakeEvents(h)).length;
    const attempts: [string, string, unknown, string][] = [
      ['clerk.xihu', 'accept', {}, 'ILLEGAL_TRANSITION'],
      ['clerk.xihu', 'refuse', { reasons: '不符合' }, 'ILLEGAL_TRANSITION'],
      [
        'clerk.xihu',
        'supplement-notice',
        { items: [{ materialId: 'layout', problem: 'x' }] },
        'ILLEGAL_TRANSITION',
      ],
      ['zhangsan', 'withdraw', {}, 'ILLEGAL_TRANSITION'],
      [
        'zhangsan',
        'supplement',
        { materials: [{ materialId: 'layout', source: 'promise', promise: 'x' }] },
        'NO_SUPPLEMENT_NOTICE',
      ],
      ['clerk.xihu', 'deliver', { method: 'window', pickupCode: '123456' }, 'NOT_COMPLETED'],
    ];
    for (const [user, action, body, code] of attempts) {
      const res = await h.api.post(user, `/applications/${no}/${action}`, body);
      expect([action, res.status, res.body.code]).toEqual([action, 409, code]);
    }
    expect(await sql('SELECT * FROM application WHERE no = $1', [no])).toEqual(before);
    expect((await intakeEvents(h)).length).toBe(eventsBefore);
    expect(
      Number(
        (await sql<{ n: number }>('SELECT count(*)::int AS n FROM notice WHERE application_no = $1', [no]))[0]
          ?.n,
      ),
    ).toBe(0);
  });

  it('deliver before completion is 409 NOT_COMPLETED', async () => {
    const no = await submitApplication(h, 'zhangsan');
    await h.api.post('clerk.xihu', `/applications/${no}/accept`, {});
    const res = await h.api.post('clerk.xihu', `/applications/${no}/deliver`, {
      method: 'window',
      pickupCode: '000000',
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('NOT_COMPLETED');
    expect(await statusOf(no)).toBe('accepted');
  });

  it('outbox atomicity: when the event cannot be written, the state change does not happen either', async () => {
    const no = await submitApplication(h, 'zhangsan');
    await intakeEvents(h);
    await sql('ALTER TABLE outbox RENAME TO outbox_unavailable');
    let res;
    try {
      res = await h.api.post('clerk.xihu', `/applications/${no}/accept`, {});
    } finally {
      await sql('ALTER TABLE outbox_unavailable RENAME TO outbox');
    }
    expect(res.status).toBe(500);
    expect(await statusOf(no)).toBe('submitted');
    expect(
      Number(
        (await sql<{ n: number }>('SELECT count(*)::int AS n FROM notice WHERE application_no = $1', [no]))[0]
          ?.n,
      ),
    ).toBe(0);
    expect(
      Number(
        (
          await sql<{ n: number }>(
            'SELECT count(*)::int AS n FROM status_history WHERE application_no = $1',
            [no],
          )
        )[0]?.n,
      ),
    ).toBe(1);
    // ... and every committed state change has exactly its event: timeline entries (besides delivery choices) = events.
    const ok = await h.api.post('clerk.xihu', `/applications/${no}/accept`, {});
    expect(ok.status).toBe(200);
    const events = (await intakeEvents(h)).filter((e) => e.key === no).map((e) => e.type);
    expect(events).toEqual(['intake.application.submitted', 'intake.application.accepted']);
  });

  it("the clerk queue lists the region's waiting applications only", async () => {
    const no = await submitApplication(h, 'lisi');
    const xihu = await h.api.get('clerk.xihu', '/applications', { queue: '1', pageSize: '100' });
    expect(xihu.status).toBe(200);
    expect(xihu.body.items.map((i: { no: string }) => i.no)).toContain(no);
    expect(xihu.body.items.every((i: { regionCode: string }) => i.regionCode === '330106')).toBe(true);
    const shangcheng = await h.api.get('clerk.shangcheng', '/applications', { queue: '1' });
    expect(shangcheng.body.items.map((i: { no: string }) => i.no)).not.toContain(no);
    const mine = await h.api.get('lisi', '/applications', { mine: '1' });
    expect(mine.body.items.map((i: { no: string }) => i.no)).toContain(no);
    expect(
      (await h.api.get('zhangsan', '/applications', { mine: '1' })).body.items.map(
        (i: { no: string }) => i.no,
      ),
    ).not.toContain(no);
  });
});
