import type { ManualClock } from '@hall/calendar';
import { DisclosureRequestPage, DisclosureRequestView } from '@hall/contracts';
import { hasCjkFont, inspectPdf } from '@hall/pdf';
import { samplePdf } from '@hall/storage';
import { testDatabaseKinds } from '@hall/persistence';
import { strictDeep } from '@hall/platform';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { DISCLOSURE_CLOCK } from '../src/disclosure.clock.js';
import { disclosureService } from '../src/index.js';
import { RequestsService } from '../src/requests/requests.service.js';

const kinds = await testDatabaseKinds();

const online = (over: Record<string, unknown> = {}) => ({
  agency: 'market-regulation',
  description: '2026年第三季度本市食品安全监督抽检不合格产品的处置情况',
  purpose: '学术研究',
  deliveryForm: 'electronic',
  deliveryWay: 'online',
  ...over,
});

const window = (over: Record<string, unknown> = {}) => ({
  channel: 'window',
  applicant: { kind: 'person', name: '王五', idNumber: '330106198805123013' },
  description: '某菜市场2026年度食品安全检查记录',
  deliveryForm: 'paper',
  deliveryWay: 'collection',
  ...over,
});

/** 依申请公开 over HTTP on a real database: the full path, the deemed withdrawal, every answer type and access. */
describe.each(kinds)('disclosure requests on %s', (kind) => {
  let h: ServiceHarness;
  let clock: ManualClock;
  const api = '/api/disclosure';
  const as = async (user: string) => ({ authorization: `Bearer ${await h.tokenFor(user)}` });
  const post = async (user: string, path: string, body: Record<string, unknown> = {}) =>
    request(h.url)
      .post(`${api}${path}`)
      .set(await as(user))
      .send(body);
  const get = async (user: string, path: string) =>
    request(h.url)
      .get(`${api}${path}`)
      .set(await as(user));
  const pdfOf = async (user: string, path: string) =>
    request(h.url)
      .get(`${api}${path}`)
      .set(await as(user))
      .buffer(true);
  const events = async (key: string) =>
    h.database.db.sql.query<{ type: string; payload: Record<string, unknown> }>(
      'SELECT type, payload FROM outbox WHERE key = $1 ORDER BY seq',
      [key],
    );
  const count = async (table: string) =>
    Number((await h.database.db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`))[0]?.n);

  beforeAll(async () => {
    h = await startServiceForTest(disclosureService, { db: kind });
    clock = h.app.get<ManualClock>(DISCLOSURE_CLOCK);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('takes a request from filing through 补正, consultation (paused) and extension to a 部分公开 答复书', async () => {
    clock.set('2026-09-28T02:00:00Z'); // Monday 10:00
    const filed = await post('zhangsan', '/requests', online());
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    expect(filed.body).toMatchObject({
      channel: 'online',
      status: 'processing',
      receivedOn: '2026-09-28',
      dueAt: '2026-10-30T15:59:59.999Z', // 20 working days across 国庆
      applicant: { kind: 'person', name: '张三', idType: 'ID_CARD', idNumber: '330***********1230' },
    });
    expect(filed.body.requestNo).toMatch(/^330100-SCJG\/2026-YSQ-\d{5}$/);
    // the ID number is encrypted at rest
    const stored = await h.database.db.sql.query<{ applicant_id_number: string }>(
      'SELECT applicant_id_number FROM disclosure_request WHERE id = $1',
      [id],
    );
    expect(stored[0]?.applicant_id_number).toMatch(/^pii:/);

    clock.set('2026-09-29T02:00:00Z');
    const corr = await post('approver.market', `/requests/${id}/correction`, {
      items: ['请明确所需信息的时间范围', '请说明抽检的具体产品类别'],
    });
    expect(corr.status).toBe(200);
    expect(corr.body.status).toBe('awaiting-correction');
    expect(corr.body.correction.dueAt).toBe('2026-10-26T15:59:59.999Z'); // 15 working days
    const again = await post('approver.market', `/requests/${id}/correction`, { items: ['再次补正'] });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DISCLOSURE_CORRECTION_ALREADY_SENT');

    clock.set('2026-10-09T02:00:00Z'); // Friday after 国庆
    const fixed = await post('zhangsan', `/requests/${id}/corrected`, {
      description: '2026年7月至9月本市食品安全监督抽检中不合格乳制品的处置情况',
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body).toMatchObject({
      status: 'processing',
      receivedOn: '2026-10-09', // the clock restarts (art. 30)
      dueAt: '2026-11-05T15:59:59.999Z',
    });

    clock.set('2026-10-12T02:00:00Z');
    const consult = await post('approver.market', `/requests/${id}/consultations`, {
      thirdParty: '杭州某乳业有限公司',
      matter: '抽检不合格信息涉及企业商业秘密，征求是否同意公开的意见',
    });
    expect(consult.status).toBe(200);
    expect(consult.body.status).toBe('consulting');
    expect(consult.body.pauses.at(-1)).toMatchObject({
      kind: 'consultation',
      endedAt: null,
      dueAt: '2026-11-02T15:59:59.999Z', // the third party's 15 working days
    });
    const early = await post('approver.market', `/requests/${id}/answer`, {
      type: 'not-exist',
      reason: '经检索未找到',
    });
    expect(early.status).toBe(409); // not while the third party is consulted
    clock.set('2026-10-16T02:00:00Z');
    const ended = await post('approver.market', `/requests/${id}/consultations/end`, { outcome: 'objected' });
    expect(ended.status).toBe(200);
    // 10-12 … 10-16 (five working days) are not counted (art. 33 ¶3)
    expect(ended.body).toMatchObject({ status: 'processing', dueAt: '2026-11-12T15:59:59.999Z' });

    clock.set('2026-10-19T02:00:00Z');
    expect(
      (
        await post('approver.market', `/requests/${id}/extension`, {
          days: 10,
          reason: '需要对大量信息进行区分处理',
        })
      ).status,
    ).toBe(200);
    const officer = await post('approver.market', `/requests/${id}/extension/decision`, {
      decision: 'approve',
    });
    expect(officer.status).toBe(403);
    expect(officer.body.code).toBe('DISCLOSURE_EXTENSION_NOT_HEAD');
    const pending = await get('head.market', `/requests/${id}`);
    expect(pending.body.mayDecideExtension).toBe(true);
    const approved = await post('head.market', `/requests/${id}/extension/decision`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body.extension).toMatchObject({ status: 'approved', days: 10 });
    expect(approved.body.dueAt).toBe('2026-11-26T15:59:59.999Z');
    expect(approved.body.notices.map((n: { kind: string }) => n.kind)).toEqual(['correction', 'extension']);
    const twice = await post('approver.market', `/requests/${id}/extension`, { days: 5, reason: '再延' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('DISCLOSURE_EXTENSION_ALREADY_USED');

    clock.set('2026-10-20T02:00:00Z');
    const noticed = await post('approver.market', `/requests/${id}/answer`, {
      type: 'partial',
      informationProvided: '乳制品抽检不合格产品的名称、批次及处置措施',
      withheldParts: '生产企业的配方及工艺参数',
      reason: '涉及商业秘密，第三方不同意公开',
      legalBasis: '《中华人民共和国政府信息公开条例》第十五条',
      fee: { method: 'per-page', pages: 45 },
    });
    // a 信息处理费 arises: the 收费通知 goes out first, the answer period pauses until payment (国办函〔2020〕109号)
    expect(noticed.status).toBe(200);
    expect(noticed.body).toMatchObject({
      status: 'awaiting-payment',
      answer: null,
      feeNotice: {
        yuan: 150,
        method: 'per-page',
        notifiedAt: '2026-10-20T02:00:00.000Z',
        dueAt: '2026-11-17T15:59:59.999Z', // 20 working days after the notice
        paidAt: null,
      },
    });
    const feeNotice = noticed.body.notices.find((n: { kind: string }) => n.kind === 'fee');
    expect(feeNotice.number).toBe(`${filed.body.requestNo}-SF`);
    const feePdf = await pdfOf('zhangsan', `/requests/${id}/notices/${feeNotice.id}/pdf`);
    expect(feePdf.status).toBe(200);
    if (hasCjkFont()) {
      const text = inspectPdf(feePdf.body as Buffer)
        .pages.join('')
        .replace(/\n/g, '');
      for (const phrase of ['收费通知', '150元', '2026年11月17日', '视为您放弃申请'])
        expect(text).toContain(phrase);
    }
    // another applicant cannot pay it; the staff's route is not the applicant's
    expect((await post('lisi', `/requests/${id}/fee/pay`)).status).toBe(404);
    expect((await post('approver.market', `/requests/${id}/fee/pay`)).status).toBe(403);
    clock.set('2026-10-22T02:00:00Z');
    const answered = await post('zhangsan', `/requests/${id}/fee/pay`);
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', overdue: false });
    expect(answered.body.answer).toMatchObject({ type: 'partial', feeYuan: 150, feeMethod: 'per-page' });
    expect(answered.body.feeNotice).toMatchObject({ paidVia: 'online', paidOn: '2026-10-22' });
    expect(answered.body.feeNotice.receiptNo).toMatch(/^WS20261022[0-9A-F]{8}$/);
    // 10-20 … 10-22 (three working days touched by the fee pause) are not counted
    expect(answered.body.dueAt).toBe('2026-12-01T15:59:59.999Z');
    expect((await post('zhangsan', `/requests/${id}/fee/pay`)).body.code).toBe(
      'DISCLOSURE_REQUEST_STATUS_CONFLICT',
    );
    const answerNotice = answered.body.notices.find((n: { kind: string }) => n.kind === 'answer');
    expect(answerNotice.number).toBe(`${filed.body.requestNo}-DF`);

    // the 答复书: rendered on the first download, stored, the same bytes afterwards (the applicant reads it too)
    const pdfPath = `/requests/${id}/notices/${answerNotice.id}/pdf`;
    const first = await pdfOf('zhangsan', pdfPath);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/pdf');
    const pdf = first.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = await h.database.db.sql.query<{ key: string | null; size: number | null }>(
      'SELECT key, size FROM disclosure_request_notice WHERE id = $1',
      [answerNotice.id],
    );
    expect(file[0]?.key).toMatch(/^disclosure\/requests\//);
    expect(file[0]?.size).toBe(pdf.length);
    const second = await pdfOf('approver.market', pdfPath);
    expect(Buffer.compare(second.body as Buffer, pdf)).toBe(0);
    if (hasCjkFont()) {
      const text = inspectPdf(pdf).pages.join('').replace(/\n/g, '');
      for (const phrase of ['政府信息公开申请答复书', '第三十七条', '商业秘密', '行政复议', '6个月', '150元'])
        expect(text).toContain(phrase);
    }

    const log = await events(id);
    expect(log.map((e) => e.type)).toEqual([
      'disclosure.request.received',
      'disclosure.request.correction-requested',
      'disclosure.request.corrected',
      'disclosure.request.consultation-started',
      'disclosure.request.consultation-ended',
      'disclosure.request.extended',
      'disclosure.request.fee-notified',
      'disclosure.request.fee-paid',
      'disclosure.request.answered',
    ]);
    expect(log[6]?.payload).toMatchObject({
      feeYuan: 150,
      paymentDueBy: '2026-11-17T15:59:59.999Z',
      pause: { kind: 'fee', startedAt: '2026-10-20T02:00:00.000Z', endedAt: null },
    });
    const last = log.at(-1)?.payload;
    expect(last).toMatchObject({
      requestNo: filed.body.requestNo,
      departmentCode: 'market-regulation',
      regionCode: '330100',
      receivedOn: '2026-10-09',
      receivedAt: '2026-10-08T16:00:00.000Z',
      limitWorkingDays: 30,
      dueBy: '2026-12-01T15:59:59.999Z',
      answerType: 'partial',
      overdue: false,
      feeYuan: 150,
      pauses: [
        { kind: 'consultation', startedAt: '2026-10-12T02:00:00.000Z', endedAt: '2026-10-16T02:00:00.000Z' },
        { kind: 'fee', startedAt: '2026-10-20T02:00:00.000Z', endedAt: '2026-10-22T02:00:00.000Z' },
      ],
    });
    expect(log[1]?.payload).toMatchObject({
      pause: { kind: 'correction', startedAt: '2026-09-29T02:00:00.000Z', endedAt: null },
      correctionDueBy: '2026-10-26T15:59:59.999Z',
    });
    expect(JSON.stringify(log)).not.toContain('330102199003071230');
    strictDeep(DisclosureRequestView).parse((await get('zhangsan', `/requests/${id}`)).body);

    // remedies against the answer (行政复议 维持 later)
    const remedy = await post('approver.market', `/requests/${id}/remedies`, {
      kind: 'review',
      filedOn: '2026-11-02',
      outcome: 'pending',
    });
    expect(remedy.status).toBe(201);
    const remedyId = remedy.body.remedies[0].id as string;
    const bad = await request(h.url)
      .put(`${api}/requests/${id}/remedies/${remedyId}`)
      .set(await as('approver.market'))
      .send({ kind: 'review', filedOn: '2026-11-02', outcome: 'upheld' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.field).toBe('decidedOn');
    const decided = await request(h.url)
      .put(`${api}/requests/${id}/remedies/${remedyId}`)
      .set(await as('approver.market'))
      .send({ kind: 'review', filedOn: '2026-11-02', outcome: 'upheld', decidedOn: '2026-12-20' });
    expect(decided.body.remedies).toEqual([
      {
        id: remedyId,
        kind: 'review',
        filedOn: '2026-11-02',
        outcome: 'upheld',
        decidedOn: '2026-12-20',
        note: null,
      },
    ]);
  });

  it('keeps the 补正 once, within 7 working days, and closes unanswered ones as deemed withdrawn (art. 30)', async () => {
    clock.set('2026-09-28T02:00:00Z');
    const late = await post('approver.market', '/requests/register', window());
    expect(late.status).toBe(201);
    clock.set('2026-10-14T02:00:00Z'); // past 2026-10-13, the 7th working day
    const tooLate = await post('approver.market', `/requests/${late.body.id}/correction`, {
      items: ['补充'],
    });
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.code).toBe('DISCLOSURE_CORRECTION_TOO_LATE');

    clock.set('2026-10-14T02:00:00Z');
    const filed = await post('lisi', '/requests', online({ description: '某路段占道施工许可信息' }));
    const id = filed.body.id as string;
    const corr = await post('approver.market', `/requests/${id}/correction`, {
      items: ['请写明路段名称'],
      replyWithinWorkingDays: 5,
    });
    expect(corr.body.correction.dueAt).toBe('2026-10-21T15:59:59.999Z');
    const service = h.app.get(RequestsService);
    clock.set('2026-10-21T10:00:00Z'); // the last day, 18:00 China time: still open
    await service.sweepExpiredCorrections();
    expect((await get('lisi', `/requests/${id}`)).body.status).toBe('awaiting-correction');
    clock.set('2026-10-21T16:00:00Z'); // the next China day
    await service.sweepExpiredCorrections();
    const gone = await get('lisi', `/requests/${id}`);
    expect(gone.body).toMatchObject({ status: 'withdrawn', withdrawReason: 'deemed' });
    expect(gone.body.pauses[0]).toMatchObject({ kind: 'correction', outcome: 'deemed-withdrawn' });
    const tooLateReply = await post('lisi', `/requests/${id}/corrected`, { description: '文三路' });
    expect(tooLateReply.status).toBe(409);
    await service.sweepExpiredCorrections(); // idempotent: no second event
    const log = await events(id);
    expect(log.map((e) => e.type)).toEqual([
      'disclosure.request.received',
      'disclosure.request.correction-requested',
      'disclosure.request.withdrawn',
    ]);
    expect(log[2]?.payload).toMatchObject({ reason: 'deemed', actor: { userId: 'system' } });
  });

  it('requires each answer type’s fields (400 naming the field, nothing changed) and accepts every type', async () => {
    clock.set('2026-11-02T02:00:00Z');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'already-public', publishedWhere: '本机关门户网站“政府信息公开”栏目' }, 'publishedWhere'],
      [{ type: 'granted', informationProvided: '检查记录扫描件' }, 'informationProvided'],
      [
        {
          type: 'partial',
          informationProvided: '检查结论',
          withheldParts: '个人信息',
          reason: '涉及个人隐私',
          legalBasis: '《中华人民共和国政府信息公开条例》第十五条',
        },
        'legalBasis',
      ],
      [
        { type: 'refused', reason: '属于国家秘密', legalBasis: '《中华人民共和国政府信息公开条例》第十四条' },
        'reason',
      ],
      [{ type: 'not-exist', reason: '经检索本机关未制作该信息' }, 'reason'],
      [{ type: 'not-responsible', responsibleAgency: '杭州市上城区市场监督管理局' }, 'responsibleAgency'],
      [
        { type: 'special-rules', channel: '企业登记档案查询', legalBasis: '《市场主体登记管理条例》' },
        'channel',
      ],
      [
        { type: 'not-disclosure-request', redirectKind: 'complaint', redirectTo: '12345政务服务便民热线' },
        'redirectTo',
      ],
    ];
    const answered: string[] = [];
    for (const [good, field] of cases) {
      const req = await post('approver.market', '/requests/register', window());
      const id = req.body.id as string;
      const beforeEvents = await count('outbox');
      const beforeNotices = await count('disclosure_request_notice');
      const missing = Object.fromEntries(Object.entries(good).filter(([k]) => k !== field));
      const refused = await post('approver.market', `/requests/${id}/answer`, missing);
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(refused.body)).toContain(field);
      const extra = await post('approver.market', `/requests/${id}/answer`, {
        ...good,
        previousRequestNo: 'x',
      });
      expect(extra.status).toBe(400);
      expect(await count('outbox')).toBe(beforeEvents);
      expect(await count('disclosure_request_notice')).toBe(beforeNotices);
      expect((await get('approver.market', `/requests/${id}`)).body.status).toBe('processing');
      const ok = await post('approver.market', `/requests/${id}/answer`, good);
      expect(ok.status).toBe(200);
      expect(ok.body.answer.type).toBe(good.type);
      answered.push(req.body.requestNo as string);
    }
    // 已主动公开 naming an item that is not a published one; 重复申请 naming an answered request of the same applicant
    const req = await post('approver.market', '/requests/register', window());
    const id = req.body.id as string;
    const ghost = await post('approver.market', `/requests/${id}/answer`, {
      type: 'already-public',
      publishedWhere: '门户网站',
      itemId: '00000000-0000-4000-8000-000000000000',
    });
    expect(ghost.status).toBe(400);
    expect(ghost.body).toMatchObject({
      code: 'DISCLOSURE_ANSWER_REFERENCE_INVALID',
      details: { field: 'itemId' },
    });
    const noPrev = await post('approver.market', `/requests/${id}/answer`, { type: 'repeated' });
    expect(noPrev.status).toBe(400);
    const wrongPrev = await post('approver.market', `/requests/${id}/answer`, {
      type: 'repeated',
      previousRequestNo: '330100-SCJG/2026-YSQ-99999',
    });
    expect(wrongPrev.body.code).toBe('DISCLOSURE_ANSWER_REFERENCE_INVALID');
    const repeated = await post('approver.market', `/requests/${id}/answer`, {
      type: 'repeated',
      previousRequestNo: answered[0],
    });
    expect(repeated.status).toBe(200);
    expect(repeated.body.answer).toMatchObject({
      type: 'repeated',
      fields: { previousRequestNo: answered[0] },
    });
  });

  it('charges 按件 from the 11th request of an applicant in a month (国办函〔2020〕109号)', async () => {
    clock.set('2026-12-01T02:00:00Z');
    const applicant = { kind: 'business', name: '杭州西湖示范科技有限公司', idNumber: '91330106MA27U8Q168' };
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) {
      clock.set(new Date(Date.parse('2026-12-01T02:00:00Z') + i * 60_000)); // receipt order = filing order
      const r = await post('approver.market', '/requests/register', window({ applicant, channel: 'email' }));
      expect(r.status).toBe(201);
      ids.push(r.body.id as string);
    }
    const tenth = await post('approver.market', `/requests/${ids[9]}/answer`, {
      type: 'granted',
      informationProvided: '信息一份',
      fee: { method: 'per-request' },
    });
    expect(tenth.body.answer).toMatchObject({ feeYuan: 0, feeMethod: 'per-request' });
    const eleventh = await post('approver.market', `/requests/${ids[10]}/answer`, {
      type: 'granted',
      informationProvided: '信息一份',
      fee: { method: 'per-request' },
    });
    expect(eleventh.body).toMatchObject({
      status: 'awaiting-payment',
      feeNotice: { yuan: 100, method: 'per-request', dueAt: '2026-12-29T15:59:59.999Z' },
    });
    // the officer records a payment made at the counter: checked day and receipt number, then the answer is given
    const pay = (body: Record<string, unknown>) =>
      post('approver.market', `/requests/${ids[10]}/fee/payment`, body);
    const early = await pay({ paidOn: '2026-11-30', receiptNo: 'FS2026-0001' });
    expect([early.status, early.body.details?.field]).toEqual([400, 'paidOn']);
    const future = await pay({ paidOn: '2026-12-02', receiptNo: 'FS2026-0001' });
    expect([future.status, future.body.details?.field]).toEqual([400, 'paidOn']);
    const noReceipt = await pay({ paidOn: '2026-12-01', receiptNo: '票据' });
    expect([noReceipt.status, noReceipt.body.details?.field]).toEqual([400, 'receiptNo']);
    expect((await get('approver.market', `/requests/${ids[10]}`)).body.status).toBe('awaiting-payment');
    const other = await post('approver.health', `/requests/${ids[10]}/fee/payment`, {
      paidOn: '2026-12-01',
      receiptNo: 'FS2026-0001',
    });
    expect(other.status).toBe(404);
    const paid = await pay({ paidOn: '2026-12-01', receiptNo: 'FS2026-0001' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      status: 'answered',
      answer: { type: 'granted', feeYuan: 100, feeMethod: 'per-request' },
      feeNotice: { paidVia: 'recorded', paidOn: '2026-12-01', receiptNo: 'FS2026-0001' },
    });
    expect(paid.body.notices.map((n: { kind: string }) => n.kind)).toEqual(['fee', 'answer']);
    // a request without a 收费通知 has no payment to record
    const none = await pay({ paidOn: '2026-12-01', receiptNo: 'FS2026-0002' });
    expect(none.body.code).toBe('DISCLOSURE_REQUEST_STATUS_CONFLICT');
    const tenthPay = await post('approver.market', `/requests/${ids[9]}/fee/payment`, {
      paidOn: '2026-12-01',
      receiptNo: 'FS2026-0003',
    });
    expect([tenthPay.status, tenthPay.body.code]).toEqual([409, 'DISCLOSURE_REQUEST_STATUS_CONFLICT']);
  });

  it('closes a request whose 收费通知 went unpaid in time as deemed withdrawn (视为放弃申请)', async () => {
    clock.set('2026-11-02T02:00:00Z'); // Monday
    const filed = await post('lisi', '/requests', online({ description: '2026年全市食品抽检原始记录' }));
    const id = filed.body.id as string;
    const noticed = await post('approver.market', `/requests/${id}/answer`, {
      type: 'granted',
      informationProvided: '抽检原始记录复印件',
      fee: { method: 'per-page', pages: 31 },
    });
    expect(noticed.body).toMatchObject({
      status: 'awaiting-payment',
      feeNotice: { yuan: 10, dueAt: '2026-11-30T15:59:59.999Z' },
    });
    const service = h.app.get(RequestsService);
    clock.set('2026-11-30T15:00:00Z'); // 23:00 China time on the last day: still payable
    expect(await service.sweepUnpaidFees()).toBe(0);
    clock.set('2026-11-30T16:00:01Z'); // the next China day, before the sweep ran
    const late = await post('lisi', `/requests/${id}/fee/pay`);
    expect([late.status, late.body.code]).toEqual([409, 'DISCLOSURE_FEE_PAYMENT_PERIOD_OVER']);
    expect(await service.sweepUnpaidFees()).toBe(1);
    expect(await service.sweepUnpaidFees()).toBe(0); // idempotent
    const gone = await get('lisi', `/requests/${id}`);
    expect(gone.body).toMatchObject({ status: 'withdrawn', withdrawReason: 'fee-unpaid', answer: null });
    expect(gone.body.pauses.at(-1)).toMatchObject({ kind: 'fee', outcome: 'unpaid' });
    const after = await post('approver.market', `/requests/${id}/fee/payment`, {
      paidOn: '2026-11-30',
      receiptNo: 'FS2026-0009',
    });
    expect([after.status, after.body.code]).toEqual([409, 'DISCLOSURE_REQUEST_STATUS_CONFLICT']);
    const log = await events(id);
    expect(log.map((e) => e.type)).toEqual([
      'disclosure.request.received',
      'disclosure.request.fee-notified',
      'disclosure.request.withdrawn',
    ]);
    expect(log[2]?.payload).toMatchObject({ reason: 'fee-unpaid', actor: { userId: 'system' } });
  });

  it('registers a withdrawal the applicant sent on paper (书面撤回), with its day and an optional scan', async () => {
    clock.set('2026-11-03T02:00:00Z');
    const a = (await post('approver.market', '/requests/register', window())).body as { id: string };
    clock.set('2026-11-05T02:00:00Z');
    const wd = (body: Record<string, unknown>, user = 'approver.market') =>
      post(user, `/requests/${a.id}/withdrawal`, body);
    const before = await wd({ receivedOn: '2026-11-02' });
    expect([before.status, before.body.details?.field]).toEqual([400, 'receivedOn']);
    const future = await wd({ receivedOn: '2026-11-06' });
    expect([future.status, future.body.details?.field]).toEqual([400, 'receivedOn']);
    expect((await wd({ receivedOn: '2026-11-04' }, 'zhangsan')).status).toBe(403);
    expect((await wd({ receivedOn: '2026-11-04' }, 'approver.health')).status).toBe(404);
    expect((await get('approver.market', `/requests/${a.id}`)).body.status).toBe('processing');
    // no scan before the withdrawal is registered
    const pdf = samplePdf('书面撤回申请');
    const early = await request(h.url)
      .post(`${api}/requests/${a.id}/withdrawal/scan`)
      .set(await as('approver.market'))
      .attach('file', pdf, { filename: '撤回申请.pdf', contentType: 'application/pdf' });
    expect([early.status, early.body.code]).toEqual([409, 'DISCLOSURE_REQUEST_STATUS_CONFLICT']);
    const done = await wd({ receivedOn: '2026-11-04', note: '申请人来信撤回' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'withdrawn',
      withdrawReason: 'applicant',
      withdrawal: { via: 'paper', receivedOn: '2026-11-04', note: '申请人来信撤回', scan: null },
    });
    expect((await wd({ receivedOn: '2026-11-04' })).body.code).toBe('DISCLOSURE_REQUEST_STATUS_CONFLICT');
    const noScan = await get('approver.market', `/requests/${a.id}/withdrawal/scan`);
    expect([noScan.status, noScan.body.code]).toEqual([404, 'DISCLOSURE_WITHDRAWAL_SCAN_NOT_FOUND']);
    const bad = await request(h.url)
      .post(`${api}/requests/${a.id}/withdrawal/scan`)
      .set(await as('approver.market'))
      .attach('file', Buffer.from('not a pdf'), { filename: 'x.pdf', contentType: 'application/pdf' });
    expect([bad.status, bad.body.code]).toEqual([415, expect.stringMatching(/^UPLOAD_TYPE_/)]);
    expect((await get('approver.market', `/requests/${a.id}`)).body.withdrawal.scan).toBeNull();
    const up = await request(h.url)
      .post(`${api}/requests/${a.id}/withdrawal/scan`)
      .set(await as('approver.market'))
      .attach('file', pdf, { filename: '撤回申请.pdf', contentType: 'application/pdf' });
    expect(up.status).toBe(200);
    expect(up.body.withdrawal.scan).toEqual({ name: '撤回申请.pdf', size: pdf.length });
    const back = await request(h.url)
      .get(`${api}/requests/${a.id}/withdrawal/scan`)
      .set(await as('approver.market'))
      .buffer(true);
    expect(back.status).toBe(200);
    expect(Buffer.compare(back.body as Buffer, pdf)).toBe(0);
    const log = await events(a.id);
    expect(log.map((e) => e.type)).toEqual(['disclosure.request.received', 'disclosure.request.withdrawn']);
    expect(log[1]?.payload).toMatchObject({ reason: 'applicant', actor: { role: 'approver' } });
  });

  it('registers paper requests by the art. 31 receipt day and refuses bad identities', async () => {
    clock.set('2026-10-12T02:00:00Z');
    const posted = await post(
      'approver.market',
      '/requests/register',
      window({ channel: 'post', receivedOn: '2026-10-09' }),
    );
    expect(posted.status).toBe(201);
    expect(posted.body).toMatchObject({ receivedOn: '2026-10-09', dueAt: '2026-11-05T15:59:59.999Z' });
    const before = await count('disclosure_request');
    for (const [body, field] of [
      [window({ channel: 'post' }), 'receivedOn'],
      [window({ receivedOn: '2026-10-09' }), 'receivedOn'],
      [window({ channel: 'fax', receivedOn: '2026-10-13' }), 'receivedOn'],
      [
        window({ applicant: { kind: 'person', name: '王五', idNumber: '330102199003071231' } }),
        'applicant.idNumber',
      ],
      [
        window({ applicant: { kind: 'business', name: '某公司', idNumber: '91330106MA27U8Q169' } }),
        'applicant.idNumber',
      ],
      [window({ deliveryWay: 'post' }), 'postalAddress'],
      [window({ channel: 'online' }), 'channel'],
    ] as const) {
      const res = await post('approver.market', '/requests/register', body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    const business = await post('xihu-tech', '/requests', online({ agency: 'health-commission' }));
    expect(business.status).toBe(201);
    expect(business.body.applicant).toMatchObject({
      kind: 'business',
      idType: 'USCC',
      idNumber: '91330106MA27U8Q168',
    });
    const nowhere = await post('zhangsan', '/requests', online({ agency: 'nowhere' }));
    expect(nowhere.status).toBe(400);
    expect(nowhere.body).toMatchObject({ code: 'DISCLOSURE_AGENCY_UNKNOWN', details: { field: 'agency' } });
    expect(await count('disclosure_request')).toBe(before + 1);
  });

  it('shows a request only to its applicant and its agency (others: 404)', async () => {
    clock.set('2026-10-12T02:00:00Z');
    const filed = await post('zhangsan', '/requests', online());
    const id = filed.body.id as string;
    expect((await get('lisi', `/requests/${id}`)).status).toBe(404);
    const other = await get('approver.health', `/requests/${id}`);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('DISCLOSURE_REQUEST_NOT_FOUND');
    expect((await post('approver.health', `/requests/${id}/correction`, { items: ['x'] })).status).toBe(404);
    expect((await post('lisi', `/requests/${id}/corrected`, { description: 'x' })).status).toBe(404);
    expect((await post('zhangsan', `/requests/${id}/correction`, { items: ['x'] })).status).toBe(403);
    const mine = DisclosureRequestPage.parse((await get('zhangsan', '/requests')).body);
    expect(mine.items.map((r) => r.id)).toContain(id);
    expect(mine.items.every((r) => r.applicant.name === '张三')).toBe(true);
    const theirs = (await get('lisi', '/requests')).body as DisclosureRequestPage;
    expect(theirs.items.map((r) => r.id)).not.toContain(id);
    const health = (await get('approver.health', '/requests')).body as DisclosureRequestPage;
    expect(health.items.map((r) => r.id)).not.toContain(id);
    // a request registered at the window for 张三's identity is his too
    const walkIn = await post(
      'approver.market',
      '/requests/register',
      window({ applicant: { kind: 'person', name: '张三', idNumber: '330102199003071230' } }),
    );
    expect((await get('zhangsan', `/requests/${walkIn.body.id}`)).status).toBe(200);
    expect((await get('lisi', `/requests/${walkIn.body.id}`)).status).toBe(404);
    const withWalkIn = (await get('zhangsan', '/requests')).body as DisclosureRequestPage;
    expect(withWalkIn.items.map((r) => r.id)).toEqual(expect.arrayContaining([id, walkIn.body.id]));
    expect((await get('lisi', '/requests')).body.items.map((r: { id: string }) => r.id)).not.toContain(
      walkIn.body.id,
    );
    const agency = strictDeep(DisclosureRequestPage).parse((await get('approver.market', '/requests')).body);
    expect(agency.items.map((r) => r.id)).toContain(id);
    expect((await request(h.url).get(`${api}/requests/${id}`)).status).toBe(401);
  });
  it('lets the applicant withdraw their own request before the answer (撤回): the clock stops, nothing else may', async () => {
    clock.set('2026-10-12T02:00:00Z');
    // 1. a request in a third-party consultation: withdrawn, the consultation ends with it
    const a = (await post('zhangsan', '/requests', online())).body as { id: string };
    expect(
      (
        await post('approver.market', `/requests/${a.id}/consultations`, {
          thirdParty: '杭州某食品有限公司',
          matter: '涉及企业商业秘密，征求意见',
        })
      ).status,
    ).toBe(200);
    const before = await count('disclosure_request_notice');
    // another applicant, another agency's staff and the agency's own staff cannot withdraw it
    expect((await post('lisi', `/requests/${a.id}/withdraw`)).body.code).toBe('DISCLOSURE_REQUEST_NOT_FOUND');
    expect((await post('approver.market', `/requests/${a.id}/withdraw`)).status).toBe(403);
    expect((await get('zhangsan', `/requests/${a.id}`)).body.status).toBe('consulting');
    clock.set('2026-10-14T02:00:00Z');
    const done = await post('zhangsan', `/requests/${a.id}/withdraw`);
    expect(done.status).toBe(200);
    const view = strictDeep(DisclosureRequestView).parse(done.body);
    expect(view).toMatchObject({ status: 'withdrawn', withdrawReason: 'applicant', overdue: false });
    expect(view.pauses.map((p) => [p.kind, p.endedAt])).toEqual([
      ['consultation', '2026-10-14T02:00:00.000Z'],
    ]);
    expect(await count('disclosure_request_notice')).toBe(before);
    const ev = await events(a.id);
    expect(ev.map((e) => e.type)).toEqual([
      'disclosure.request.received',
      'disclosure.request.consultation-started',
      'disclosure.request.withdrawn',
    ]);
    expect(ev.at(-1)?.payload).toMatchObject({
      reason: 'applicant',
      occurredAt: '2026-10-14T02:00:00.000Z',
      actor: { role: 'applicant' },
      pauses: [{ kind: 'consultation', endedAt: '2026-10-14T02:00:00.000Z' }],
    });
    // twice: 409, no second event; the officer can no longer answer it
    const again = await post('zhangsan', `/requests/${a.id}/withdraw`);
    expect([again.status, again.body.code]).toEqual([409, 'DISCLOSURE_REQUEST_STATUS_CONFLICT']);
    expect((await events(a.id)).length).toBe(3);
    const answer = await post('approver.market', `/requests/${a.id}/answer`, {
      type: 'granted',
      informationProvided: '见附件',
    });
    expect(answer.status).toBe(409);

    // 2. a request waiting for its 补正: the 补正 pause ends; 3. an answered one cannot be withdrawn
    const b = (await post('zhangsan', '/requests', online())).body as { id: string };
    await post('approver.market', `/requests/${b.id}/correction`, { items: ['请明确时间范围'] });
    const bw = await post('zhangsan', `/requests/${b.id}/withdraw`);
    expect(bw.body).toMatchObject({ status: 'withdrawn', withdrawReason: 'applicant' });
    expect(bw.body.pauses.map((p: { kind: string; endedAt: string | null }) => [p.kind, p.endedAt])).toEqual([
      ['correction', '2026-10-14T02:00:00.000Z'],
    ]);
    const c = (await post('zhangsan', '/requests', online())).body as { id: string };
    await post('approver.market', `/requests/${c.id}/answer`, {
      type: 'granted',
      informationProvided: '见附件',
    });
    const cw = await post('zhangsan', `/requests/${c.id}/withdraw`);
    expect([cw.status, cw.body.code]).toEqual([409, 'DISCLOSURE_REQUEST_STATUS_CONFLICT']);
    expect((await get('zhangsan', `/requests/${c.id}`)).body.status).toBe('answered');
  });
  it('records the delivery of a paper answer: posted with its tracking number, or collected and by whom (寄送/领取)', async () => {
    clock.set('2026-10-19T02:00:00Z'); // Mon 10:00
    const grant = {
      type: 'granted',
      informationProvided: '2026年第三季度抽检不合格产品处置情况表（纸质，共3页）',
    };
    const posted = (
      await post(
        'zhangsan',
        '/requests',
        online({ deliveryForm: 'paper', deliveryWay: 'post', postalAddress: '杭州市西湖区文三路100号' }),
      )
    ).body as { id: string };
    // not before the answer
    const early = await post('approver.market', `/requests/${posted.id}/delivery`, {
      kind: 'posted',
      deliveredOn: '2026-10-19',
      carrier: '中国邮政EMS',
      trackingNo: 'EA123456789CN',
    });
    expect([early.status, early.body.code]).toEqual([409, 'DISCLOSURE_REQUEST_STATUS_CONFLICT']);
    expect((await post('approver.market', `/requests/${posted.id}/answer`, grant)).status).toBe(200);
    const body = {
      kind: 'posted',
      deliveredOn: '2026-10-20',
      carrier: '中国邮政EMS',
      trackingNo: 'EA123456789CN',
    };
    // bad input: 400 naming the field, nothing stored
    for (const [bad, field] of [
      [{ ...body, trackingNo: '单号' }, 'trackingNo'],
      [{ ...body, deliveredOn: '2026-10-18' }, 'deliveredOn'], // before the answer day
      [{ ...body, deliveredOn: '2026-10-21' }, 'deliveredOn'], // in the future
      [{ kind: 'posted', deliveredOn: '2026-10-19', trackingNo: 'EA123456789CN' }, 'carrier'],
    ] as const) {
      clock.set('2026-10-20T08:00:00Z');
      const res = await post('approver.market', `/requests/${posted.id}/delivery`, bad);
      expect([
        res.status,
        res.body.code,
        res.body.details?.field ?? res.body.details?.issues?.[0]?.path,
      ]).toEqual([400, 'VALIDATION_FAILED', expect.stringContaining(field)]);
    }
    expect((await get('zhangsan', `/requests/${posted.id}`)).body.delivery).toBeNull();
    // the way must be the applicant's: a collection record on a posted answer is refused
    const wrongWay = await post('approver.market', `/requests/${posted.id}/delivery`, {
      kind: 'collected',
      deliveredOn: '2026-10-20',
      collectedBy: '张三',
    });
    expect([wrongWay.status, wrongWay.body.code]).toEqual([409, 'DISCLOSURE_DELIVERY_WAY_MISMATCH']);
    // the applicant cannot record it, another agency cannot see it
    expect((await post('zhangsan', `/requests/${posted.id}/delivery`, body)).status).toBe(403);
    expect((await post('approver.health', `/requests/${posted.id}/delivery`, body)).status).toBe(404);
    const ok = await post('approver.market', `/requests/${posted.id}/delivery`, body);
    expect(ok.status).toBe(200);
    expect(strictDeep(DisclosureRequestView).parse(ok.body).delivery).toEqual({
      kind: 'posted',
      deliveredOn: '2026-10-20',
      carrier: '中国邮政EMS',
      trackingNo: 'EA123456789CN',
      collectedBy: null,
      recordedAt: '2026-10-20T08:00:00.000Z',
    });
    // a corrected tracking number replaces the record; the applicant sees it
    await post('approver.market', `/requests/${posted.id}/delivery`, {
      ...body,
      trackingNo: 'EA123456790CN',
    });
    const seen = strictDeep(DisclosureRequestView).parse(
      (await get('zhangsan', `/requests/${posted.id}`)).body,
    );
    expect(seen.delivery).toMatchObject({ kind: 'posted', trackingNo: 'EA123456790CN' });

    // collection at the office (a window request asks for it)
    const walkIn = (await post('approver.market', '/requests/register', window())).body as { id: string };
    await post('approver.market', `/requests/${walkIn.id}/answer`, grant);
    const collected = await post('approver.market', `/requests/${walkIn.id}/delivery`, {
      kind: 'collected',
      deliveredOn: '2026-10-20',
      collectedBy: '王五',
    });
    expect(collected.status).toBe(200);
    expect(collected.body.delivery).toMatchObject({
      kind: 'collected',
      collectedBy: '王五',
      carrier: null,
      trackingNo: null,
    });
    // an answer given online needs no delivery record
    const onlineReq = (await post('zhangsan', '/requests', online())).body as { id: string };
    await post('approver.market', `/requests/${onlineReq.id}/answer`, grant);
    const none = await post('approver.market', `/requests/${onlineReq.id}/delivery`, body);
    expect([none.status, none.body.code]).toEqual([409, 'DISCLOSURE_DELIVERY_WAY_MISMATCH']);
  });
});
