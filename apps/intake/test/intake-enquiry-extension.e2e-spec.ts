/**
 * 在线咨询与投诉 (issue 25): 延期 with approval. The department handling an enquiry asks once for more working days
 * (at most `ENQUIRY_MAX_EXTENSION_DAYS`, here 3) with a reason; the dispatcher of its region (the service centre)
 * approves — the due date moves in working days and `intake.enquiry.extended` is staged in the same transaction —
 * or rejects with a note (nothing moves). Others get 404; bad input changes nothing.
 */
import { testDatabaseKinds } from '@hall/persistence';
import { startIntake, type IntakeHarness } from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

describe.each(kinds)('intake 诉求延期 on %s', (kind) => {
  let h: IntakeHarness;
  const events = (no: string) =>
    h.database.db.sql.query<{ type: string; payload: Record<string, unknown> }>(
      `SELECT type, payload FROM outbox WHERE key = $1 ORDER BY seq`,
      [no],
    );

  beforeAll(async () => {
    process.env.ENQUIRY_MAX_EXTENSION_DAYS = '3';
    // A configured (non-default) limit: supervision reads it from the events' dueBy.
    process.env.ENQUIRY_LIMIT_DAYS = 'suggestion=3';
    // Monday 2 March 2026, 10:00 China time.
    h = await startIntake(kind, '2026-03-02T02:00:00.000Z');
  }, 90_000);
  afterAll(async () => {
    delete process.env.ENQUIRY_MAX_EXTENSION_DAYS;
    delete process.env.ENQUIRY_LIMIT_DAYS;
    await h?.close();
  });

  const routed = async (): Promise<string> => {
    const sent = await h.api.post('lisi', '/enquiries', {
      type: 'complaint',
      subject: '小区噪声扰民',
      text: '夜间施工噪声持续到凌晨。',
      regionCode: '330106',
    });
    expect(sent.status).toBe(201);
    // 10 working days: the end of Monday 16 March.
    expect(sent.body.dueBy).toBe('2026-03-16T15:59:59.999Z');
    const no = sent.body.no as string;
    await h.api.post('clerk.xihu', `/enquiries/${no}/route`, { departmentCode: 'urban-management' });
    return no;
  };

  it('moves the due date by the approved working days and stages intake.enquiry.extended', async () => {
    const no = await routed();
    const asked = await h.api.post('approver.urban', `/enquiries/${no}/extension`, {
      days: 3,
      reason: '需现场监测夜间噪声',
    });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({
      status: 'routed',
      dueBy: '2026-03-16T15:59:59.999Z',
      extension: { status: 'pending', days: 3, reason: '需现场监测夜间噪声', note: null },
    });
    const queue = await h.api.get('clerk.xihu', '/enquiries/work', { queue: 'extension' });
    expect(queue.body.items.map((i: { no: string }) => i.no)).toEqual([no]);
    expect(
      (await h.api.get('clerk.shangcheng', '/enquiries/work', { queue: 'extension' })).body.items,
    ).toEqual([]);
    expect(
      (await h.api.post('clerk.shangcheng', `/enquiries/${no}/extension/decision`, { approve: true })).status,
    ).toBe(404);
    expect(
      (await h.api.post('approver.urban', `/enquiries/${no}/extension/decision`, { approve: true })).status,
    ).toBe(403);
    expect((await events(no)).map((e) => e.type).at(-1)).toBe('intake.enquiry.routed');

    const approved = await h.api.post('clerk.xihu', `/enquiries/${no}/extension/decision`, {
      approve: true,
      note: '同意',
    });
    expect(approved.status).toBe(200);
    // 17, 18, 19 March: the end of Thursday 19 March.
    expect(approved.body).toMatchObject({
      dueBy: '2026-03-19T15:59:59.999Z',
      extension: { status: 'approved', days: 3, note: '同意' },
    });
    expect(approved.body.steps.map((s: { kind: string }) => s.kind).slice(-2)).toEqual([
      'extension-requested',
      'extended',
    ]);
    const last = (await events(no)).at(-1);
    expect(last).toMatchObject({
      type: 'intake.enquiry.extended',
      payload: {
        extensionDays: 3,
        reason: '需现场监测夜间噪声',
        previousDueBy: '2026-03-16T15:59:59.999Z',
        dueBy: '2026-03-19T15:59:59.999Z',
        departmentCode: 'urban-management',
      },
    });
    // One extension per enquiry.
    const again = await h.api.post('approver.urban', `/enquiries/${no}/extension`, {
      days: 1,
      reason: '再延',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ENQUIRY_EXTENSION_USED');
    // Answered on 18 March: within the extended time, on time.
    h.clock.set(new Date('2026-03-18T02:00:00.000Z'));
    const answered = await h.api.post('approver.urban', `/enquiries/${no}/answer`, {
      answer: '已责令停工整改。',
    });
    expect(answered.body.overdue).toBe(false);
    expect((await events(no)).at(-1)?.payload).toMatchObject({ onTime: true });
    h.clock.set(new Date('2026-03-02T02:00:00.000Z'));
  });

  it('computes the due date with the configured limit and puts it on every event', async () => {
    const sent = await h.api.post('lisi', '/enquiries', {
      type: 'suggestion',
      subject: '建议延长周末办事时间',
      text: '建议政务服务中心周六上午开放。',
      regionCode: '330106',
    });
    // 3 working days (ENQUIRY_LIMIT_DAYS), not the default 15: the end of Thursday 5 March.
    expect(sent.body.dueBy).toBe('2026-03-05T15:59:59.999Z');
    const no = sent.body.no as string;
    await h.api.post('clerk.xihu', `/enquiries/${no}/route`, { departmentCode: 'urban-management' });
    expect((await events(no)).map((e) => e.payload.dueBy)).toEqual([
      '2026-03-05T15:59:59.999Z',
      '2026-03-05T15:59:59.999Z',
    ]);
  });

  it('rejects with a note (nothing moves), and refuses too many days or bad input naming the field', async () => {
    const no = await routed();
    const tooLong = await h.api.post('approver.urban', `/enquiries/${no}/extension`, {
      days: 4,
      reason: '原因',
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body).toMatchObject({ code: 'ENQUIRY_EXTENSION_TOO_LONG', details: { field: 'days' } });
    for (const [body, field] of [
      [{ days: 0, reason: '原因' }, 'days'],
      [{ days: 1.5, reason: '原因' }, 'days'],
      [{ days: 2 }, 'reason'],
      [{ days: 2, reason: '原因', extra: 1 }, 'extra'],
    ] as const) {
      const res = await h.api.post('approver.urban', `/enquiries/${no}/extension`, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    // Not the handling department.
    expect(
      (await h.api.post('approver.market', `/enquiries/${no}/extension`, { days: 2, reason: '原因' })).status,
    ).toBe(404);
    expect((await h.api.get('lisi', `/enquiries/${no}`)).body.extension).toBeNull();

    await h.api.post('approver.urban', `/enquiries/${no}/extension`, { days: 2, reason: '需协调多部门' });
    const noNote = await h.api.post('clerk.xihu', `/enquiries/${no}/extension/decision`, { approve: false });
    expect(noNote.status).toBe(422);
    expect(noNote.body).toMatchObject({ code: 'ENQUIRY_EXTENSION_NOTE_MISSING', details: { field: 'note' } });
    const rejected = await h.api.post('clerk.xihu', `/enquiries/${no}/extension/decision`, {
      approve: false,
      note: '事实清楚，请按期答复',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      dueBy: '2026-03-16T15:59:59.999Z',
      extension: { status: 'rejected', days: 2, note: '事实清楚，请按期答复' },
    });
    expect((await events(no)).map((e) => e.type)).not.toContain('intake.enquiry.extended');
    const decideAgain = await h.api.post('clerk.xihu', `/enquiries/${no}/extension/decision`, {
      approve: true,
    });
    expect(decideAgain.status).toBe(409);
  });
});
