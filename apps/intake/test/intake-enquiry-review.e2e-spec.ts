/**
 * 在线咨询与投诉 (issue 25): the service centre's 复核 of an unsatisfied complaint. The asker rates the answer to a
 * complaint 不满意 → it waits in the review queue of its region's dispatcher (a window clerk of the service centre,
 * who routed it) → the reviewer upholds the answer (closed, a note to the citizen) or sends it back to the department
 * with a reason (routed again, a new answer clock); the rating of the re-answer closes it. Each change stages its
 * event in the same transaction; others get 404; bad input is a 400 naming the field and changes nothing.
 */
import { testDatabaseKinds } from '@hall/persistence';
import { startIntake, type IntakeHarness } from './factories/intake.factory.js';

const kinds = await testDatabaseKinds();

describe.each(kinds)('intake 投诉复核 on %s', (kind) => {
  let h: IntakeHarness;
  const events = (no: string) =>
    h.database.db.sql.query<{ type: string; payload: Record<string, unknown> }>(
      `SELECT type, payload FROM outbox WHERE key = $1 ORDER BY seq`,
      [no],
    );

  beforeAll(async () => {
    // Monday 2 March 2026, 10:00 China time.
    h = await startIntake(kind, '2026-03-02T02:00:00.000Z');
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  const complaint = {
    type: 'complaint',
    subject: '窗口办理营业执照排队过久',
    text: '上周在区政务服务中心办理营业执照，排队两个小时。',
    regionCode: '330106',
    public: false,
  };

  /** A complaint by lisi, routed to 市场监管 and answered, rated 不满意. */
  const unsatisfied = async (): Promise<string> => {
    const sent = await h.api.post('lisi', '/enquiries', complaint);
    expect(sent.status).toBe(201);
    const no = sent.body.no as string;
    await h.api.post('clerk.xihu', `/enquiries/${no}/route`, { departmentCode: 'market-regulation' });
    expect(
      (await h.api.post('approver.market', `/enquiries/${no}/answer`, { answer: '已加派窗口人员。' })).status,
    ).toBe(200);
    const rated = await h.api.post('lisi', `/enquiries/${no}/rating`, {
      rating: 'unsatisfied',
      comment: '没有说明何时改进',
    });
    expect(rated.status).toBe(200);
    expect(rated.body.status).toBe('review');
    return no;
  };

  it('upholds the answer: closed, with the note to the citizen; the rating event says it went to review', async () => {
    const no = await unsatisfied();
    const queue = await h.api.get('clerk.xihu', '/enquiries/work', { queue: 'review' });
    expect(queue.status).toBe(200);
    expect(queue.body.items).toEqual([expect.objectContaining({ no, status: 'review', overdue: false })]);
    // Another region's service centre, the department and the asker cannot review it.
    expect((await h.api.get('clerk.shangcheng', '/enquiries/work', { queue: 'review' })).body.items).toEqual(
      [],
    );
    const decision = { decision: 'uphold', note: '答复已说明加派人员，处理得当。' };
    expect((await h.api.post('clerk.shangcheng', `/enquiries/${no}/review`, decision)).status).toBe(404);
    expect((await h.api.post('approver.market', `/enquiries/${no}/review`, decision)).status).toBe(403);
    expect((await h.api.post('lisi', `/enquiries/${no}/review`, decision)).status).toBe(403);

    const upheld = await h.api.post('clerk.xihu', `/enquiries/${no}/review`, decision);
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({
      status: 'closed',
      rating: 'unsatisfied',
      reviewDecision: 'upheld',
      reviewNote: decision.note,
      reAnswer: null,
    });
    const seen = await h.api.get('lisi', `/enquiries/${no}`);
    expect(seen.body.reviewNote).toBe(decision.note);
    expect(seen.body.steps.map((s: { kind: string }) => s.kind)).toEqual([
      'submitted',
      'routed',
      'answered',
      'rated',
      'upheld',
    ]);
    const evs = await events(no);
    expect(evs.map((e) => e.type)).toEqual([
      'intake.enquiry.received',
      'intake.enquiry.routed',
      'intake.enquiry.answered',
      'intake.enquiry.rated',
      'intake.enquiry.reviewed',
    ]);
    expect(evs[3]?.payload).toMatchObject({ rating: 'unsatisfied', review: true });
    expect(evs[4]?.payload).toMatchObject({ decision: 'upheld', note: decision.note });
    // Reviewed once: a second review is refused.
    const again = await h.api.post('clerk.xihu', `/enquiries/${no}/review`, decision);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ILLEGAL_TRANSITION');
  });

  it('sends it back for a re-answer with a new clock; the rating of the re-answer closes it', async () => {
    const no = await unsatisfied();
    h.clock.set(new Date('2026-03-04T02:00:00.000Z')); // Wednesday 4 March, 10:00
    const back = await h.api.post('clerk.xihu', `/enquiries/${no}/review`, {
      decision: 'reanswer',
      note: '请说明整改措施和完成时间。',
    });
    expect(back.status).toBe(200);
    // A new round of 10 working days from Wednesday 4 March: the end of Wednesday 18 March.
    expect(back.body).toMatchObject({
      status: 'routed',
      reviewDecision: 'reanswer',
      rating: null,
      dueBy: '2026-03-18T15:59:59.999Z',
    });
    const dept = await h.api.get('approver.market', '/enquiries/work', { queue: 'department' });
    expect(dept.body.items.map((i: { no: string }) => i.no)).toContain(no);
    const re = await h.api.post('approver.market', `/enquiries/${no}/answer`, {
      answer: '已增设两个综合窗口，3月底前完成。',
    });
    expect(re.status).toBe(200);
    expect(re.body).toMatchObject({
      status: 'answered',
      answer: '已加派窗口人员。',
      reAnswer: '已增设两个综合窗口，3月底前完成。',
      followUpAnswer: null,
    });
    // Reviewed once: the second 不满意 closes it.
    const rated = await h.api.post('lisi', `/enquiries/${no}/rating`, { rating: 'unsatisfied' });
    expect(rated.body.status).toBe('closed');
    const evs = await events(no);
    expect(evs.map((e) => e.type).slice(3)).toEqual([
      'intake.enquiry.rated',
      'intake.enquiry.reviewed',
      'intake.enquiry.answered',
      'intake.enquiry.rated',
    ]);
    expect(evs[4]?.payload).toMatchObject({ decision: 'reanswer', dueBy: '2026-03-18T15:59:59.999Z' });
    expect(evs[6]?.payload).toMatchObject({ review: false });
  });

  it('sends only complaints to review, and refuses bad input naming the field', async () => {
    const sent = await h.api.post('lisi', '/enquiries', { ...complaint, type: 'consultation' });
    const no = sent.body.no as string;
    await h.api.post('clerk.xihu', `/enquiries/${no}/route`, { departmentCode: 'market-regulation' });
    await h.api.post('approver.market', `/enquiries/${no}/answer`, { answer: '请参阅办事指南。' });
    const rated = await h.api.post('lisi', `/enquiries/${no}/rating`, { rating: 'unsatisfied' });
    expect(rated.body.status).toBe('closed');

    const open = await unsatisfied();
    for (const [body, field] of [
      [{ decision: 'maybe', note: '说明' }, 'decision'],
      [{ decision: 'uphold', note: '  ' }, 'note'],
      [{ decision: 'uphold' }, 'note'],
      [{ decision: 'uphold', note: '说明', extra: 1 }, 'extra'],
    ] as const) {
      const res = await h.api.post('clerk.xihu', `/enquiries/${open}/review`, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    expect((await h.api.get('lisi', `/enquiries/${open}`)).body.status).toBe('review');
    expect((await events(open)).map((e) => e.type).at(-1)).toBe('intake.enquiry.rated');
  });
});
