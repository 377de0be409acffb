import { Role, type CurrentUser } from '@hall/auth';
import type { ManualClock } from '@hall/calendar';
import { AnnualReport, AnnualReportList, StaffItem } from '@hall/contracts';
import { inspectPdf, pdftotext } from '@hall/pdf';
import { testDatabaseKinds } from '@hall/persistence';
import { strictDeep } from '@hall/platform';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import ExcelJS from 'exceljs';
import { inflateRawSync } from 'node:zlib';
import request from 'supertest';
import { DISCLOSURE_CLOCK } from '../src/disclosure.clock.js';
import { DisclosureStore } from '../src/disclosure.store.js';
import { disclosureService } from '../src/index.js';
import { ItemsService } from '../src/items/items.service.js';
import { RequestsService } from '../src/requests/requests.service.js';
import { seedDemoRequests } from '../src/seed/demo-requests.js';

const kinds = await testDatabaseKinds();
const api = '/api/disclosure';

/** Row keys of table 三 → counts [自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计]. */
type Table = Record<string, number[]>;
const Z = [0, 0, 0, 0, 0, 0, 0];
const ALL_ROWS = [
  'new',
  'carried-in',
  'granted',
  'partial',
  'refused.state-secret',
  'refused.prohibited-by-law',
  'refused.security-stability',
  'refused.third-party',
  'refused.internal-affairs',
  'refused.process-information',
  'refused.enforcement-file',
  'refused.administrative-query',
  'unavailable.not-held',
  'unavailable.needs-creation',
  'unavailable.unclear',
  'not-processed.petition-complaint',
  'not-processed.repeated',
  'not-processed.publication',
  'not-processed.excessive',
  'not-processed.confirmation',
  'other.no-correction',
  'other.fee-unpaid',
  'other.other',
  'total',
  'carried-over',
];
/** Every row of table 三, hand-counted rows as given and every other row all zero. */
const fullTable = (given: Table): Table => Object.fromEntries(ALL_ROWS.map((k) => [k, given[k] ?? Z]));
const tableOf = (r: AnnualReport): Table =>
  Object.fromEntries(r.requests.rows.map((row) => [row.key, row.counts]));

/** One file of a zip archive (central directory → local header → stored or deflated data). */
function unzipEntry(zip: Buffer, name: string): string | undefined {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) return undefined;
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i += 1) {
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extra = zip.readUInt16LE(p + 30);
    const comment = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    if (zip.toString('utf8', p + 46, p + 46 + nameLen) === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    p += 46 + nameLen + extra + comment;
  }
  return undefined;
}

/** The text of each table row of a Word document.xml: `<w:tr>` → its `<w:t>` runs joined by `|`. */
const docxTableRows = (xml: string): string[] =>
  [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((m) =>
    [...m[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)]
      .map((c) => [...c[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
      .join('|'),
  );

const at = (day: string, hourUtc = 2) => `${day}T${String(hourUtc).padStart(2, '0')}:00:00Z`;

describe.each(kinds)('annual report (政府信息公开工作年度报告) on %s', (kind) => {
  let h: ServiceHarness;
  let clock: ManualClock;
  const as = async (user: string) => ({ authorization: `Bearer ${await h.tokenFor(user)}` });
  const post = async (user: string, path: string, body: Record<string, unknown> = {}) =>
    request(h.url)
      .post(`${api}${path}`)
      .set(await as(user))
      .send(body);
  const put = async (user: string, path: string, body: Record<string, unknown>) =>
    request(h.url)
      .put(`${api}${path}`)
      .set(await as(user))
      .send(body);
  const get = async (user: string, path: string) =>
    request(h.url)
      .get(`${api}${path}`)
      .set(await as(user));
  const binary = async (user: string, path: string) =>
    request(h.url)
      .get(`${api}${path}`)
      .set(await as(user))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  const OFFICER = 'approver.market';
  /** Registers a paper request at `day` and returns its id and number. */
  const register = async (day: string, applicant: Record<string, unknown>, channel = 'window') => {
    clock.set(at(day));
    const res = await post(OFFICER, '/requests/register', {
      channel,
      applicant,
      description: `申请 ${day}`,
      ...(channel === 'post' && { receivedOn: day }),
      deliveryForm: 'electronic',
      deliveryWay: 'online',
    });
    expect([res.status, res.body.code]).toEqual([201, undefined]);
    return { id: res.body.id as string, no: res.body.requestNo as string };
  };
  const answer = async (day: string, id: string, body: Record<string, unknown>) => {
    clock.set(at(day));
    const res = await post(OFFICER, `/requests/${id}/answer`, body);
    expect(res.status).toBe(200);
  };
  /** The officer records the payment of a 收费通知's 信息处理费 on `day`: the answer is given then. */
  const payFee = async (day: string, id: string) => {
    clock.set(at(day));
    const res = await post(OFFICER, `/requests/${id}/fee/payment`, { paidOn: day, receiptNo: `FS-${day}` });
    expect([res.status, res.body.status]).toEqual([200, 'answered']);
  };
  const remedy = async (recordedDay: string, id: string, body: Record<string, unknown>) => {
    clock.set(at(recordedDay));
    const res = await post(OFFICER, `/requests/${id}/remedies`, body);
    expect(res.status).toBe(201);
  };
  const person = (name: string, idNumber: string) => ({ kind: 'person', name, idNumber });
  const org = (name: string, idNumber: string, organisationType?: string) => ({
    kind: 'business',
    name,
    idNumber,
    ...(organisationType !== undefined && { organisationType }),
  });
  const granted = { type: 'granted', informationProvided: '所申请的信息' };
  const refused = (extra: Record<string, unknown>) => ({
    type: 'refused',
    reason: '依法不予公开',
    legalBasis: '《中华人民共和国政府信息公开条例》第十四条',
    ...extra,
  });

  beforeAll(async () => {
    h = await startServiceForTest(disclosureService, { db: kind });
    clock = h.app.get<ManualClock>(DISCLOSURE_CLOCK);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('counts a year of requests built through the request service: every cell of tables 三 and 四', async () => {
    // ── before the year: concluded in 2025 → not in the 2026 report at all ──
    const p1 = await register('2024-12-20', person('甲一', '330102198001010018'));
    await answer('2025-01-10', p1.id, granted);
    const p2 = await register('2025-11-03', person('甲二', '330106198503150024'));
    await answer('2025-11-20', p2.id, refused({ ground: 'state-secret' }));
    await remedy('2025-12-01', p2.id, { kind: 'review', filedOn: '2025-12-01', outcome: 'pending' }); // filed 2025
    // ── carried in from 2025 ──
    const c1 = await register('2025-12-15', org('杭州示例食品有限公司', '91330100MA2H00001P'), 'email');
    const c2 = await register('2025-12-28', person('甲三', '330105199006200033'));
    await answer('2026-01-07', c1.id, { ...granted, fee: { method: 'per-page', pages: 40 } }); // 收费通知 100 元
    await payFee('2026-01-08', c1.id); // paid and answered in 2026
    await answer('2026-01-22', c2.id, { type: 'not-exist', reason: '经检索不存在' });
    // ── filed in 2026 ──
    clock.set(at('2026-03-02'));
    const online = await post('zhangsan', '/requests', {
      agency: 'market-regulation',
      description: '2026年食品抽检计划',
      deliveryForm: 'electronic',
      deliveryWay: 'online',
    });
    expect(online.status).toBe(201);
    const n1 = online.body.id as string;
    await answer('2026-03-10', n1, {
      type: 'partial',
      informationProvided: '抽检计划',
      withheldParts: '抽检对象名单',
      reason: '过程性信息',
      legalBasis: '《中华人民共和国政府信息公开条例》第十六条第二款',
      fee: { method: 'per-page', pages: 35 }, // 收费通知 50 元
    });
    clock.set(at('2026-03-11'));
    expect((await post('zhangsan', `/requests/${n1}/fee/pay`)).body.status).toBe('answered'); // paid online
    const n2 = await register('2026-03-09', person('乙一', '330104197811080040'));
    await answer('2026-03-20', n2.id, refused({ ground: 'third-party' }));
    await remedy('2026-04-01', n2.id, {
      kind: 'review',
      filedOn: '2026-04-01',
      outcome: 'upheld',
      decidedOn: '2026-05-20',
    });
    await remedy('2026-06-01', n2.id, {
      kind: 'litigation',
      filedOn: '2026-06-01',
      outcome: 'corrected',
      decidedOn: '2026-09-01',
    });
    const n3 = await register('2026-03-16', person('乙二', '330102199502020059'));
    // no ground recorded: read from the legal basis (art. 16 ¶1 → 三类内部事务信息)
    await answer(
      '2026-03-27',
      n3.id,
      refused({ legalBasis: '《中华人民共和国政府信息公开条例》第十六条第一款' }),
    );
    await remedy('2026-04-15', n3.id, {
      kind: 'litigation',
      filedOn: '2026-04-15',
      outcome: 'other',
      decidedOn: '2026-08-01',
    });
    const n4 = await register('2026-04-06', org('浙江示例律师事务所', '31330000MD0100005M'), 'post');
    await answer('2026-04-16', n4.id, refused({ ground: 'enforcement-file' }));
    const n5 = await register('2026-04-13', org('杭州市示例消费者权益保护促进会', '51330100MJ8800004K'));
    await answer('2026-04-24', n5.id, refused({ ground: 'administrative-query' }));
    // no type chosen: read from the USCC (1… a 事业单位 → 其他)
    const n6 = await register('2026-05-06', org('杭州市示例检验检测中心', '12330100MB1600006U'));
    await answer('2026-05-15', n6.id, { type: 'not-exist', reason: '补正后仍不明确', ground: 'unclear' });
    // a 科研机构 registers like any 事业单位 (USCC 1…): only the type chosen at the window tells it
    const r1 = await register('2026-05-07', org('浙江省示例食品研究院', '12330000MB07000076', 'research'));
    expect((await get(OFFICER, `/requests/${r1.id}`)).body.applicant.organisationType).toBe('research');
    await answer('2026-05-18', r1.id, refused({ ground: 'security-stability' }));
    await register('2026-12-21', org('杭州市示例计量科学研究所', '12330100MB1700008L', 'research'));
    // a person has no organisation type: 400 naming the field, nothing stored
    clock.set(at('2026-05-07'));
    const badPerson = await post(OFFICER, '/requests/register', {
      channel: 'window',
      applicant: { ...person('乙八', '330102199903110135'), organisationType: 'research' },
      description: '申请',
      deliveryForm: 'electronic',
      deliveryWay: 'online',
    });
    expect([badPerson.status, badPerson.body.details?.field]).toEqual([400, 'applicant.organisationType']);
    const badOnline = await post('zhangsan', '/requests', {
      agency: 'market-regulation',
      description: '申请',
      organisationType: 'commercial',
      deliveryForm: 'electronic',
      deliveryWay: 'online',
    });
    expect([badOnline.status, badOnline.body.details?.field]).toEqual([400, 'organisationType']);
    const badType = await post(OFFICER, '/requests/register', {
      channel: 'window',
      applicant: org('浙江省示例食品研究院', '12330000MB07000076', 'university'),
      description: '申请',
      deliveryForm: 'electronic',
      deliveryWay: 'online',
    });
    expect(badType.status).toBe(400);
    const n7 = await register('2026-05-11', person('乙三', '330106198812120064'));
    await answer('2026-05-20', n7.id, { type: 'not-responsible', responsibleAgency: '市发展改革委' });
    const n8 = await register('2026-06-01', org('杭州示例餐饮管理有限公司', '91330100MA2H00002T'));
    await answer('2026-06-05', n8.id, {
      type: 'not-disclosure-request',
      redirectKind: 'petition',
      redirectTo: '信访渠道',
    });
    clock.set(at('2026-06-08'));
    const n9 = await post('xihu-tech', '/requests', {
      agency: 'market-regulation',
      description: '企业开办流程咨询',
      organisationType: 'commercial',
      deliveryForm: 'electronic',
      deliveryWay: 'online',
    });
    expect(n9.status).toBe(201);
    expect(n9.body.applicant.organisationType).toBe('commercial');
    await answer('2026-06-10', n9.body.id as string, {
      type: 'not-disclosure-request',
      redirectKind: 'consultation',
      redirectTo: '12345热线',
    });
    const n10 = await register('2026-07-06', person('乙四', '330105197007070075'));
    clock.set(at('2026-07-07'));
    expect(
      (
        await post(OFFICER, `/requests/${n10.id}/correction`, {
          items: ['请写明文件名称'],
          replyWithinWorkingDays: 5,
        })
      ).status,
    ).toBe(200);
    clock.set(at('2026-07-31'));
    expect(await h.app.get(RequestsService).sweepExpiredCorrections()).toBe(1); // 视为放弃申请
    const n11 = await register('2026-08-03', person('乙一', '330104197811080040'));
    await answer('2026-08-07', n11.id, { type: 'repeated', previousRequestNo: n2.no });
    const n12 = await register('2026-09-07', person('乙五', '330102198309190086'));
    await answer('2026-09-14', n12.id, {
      type: 'special-rules',
      channel: '企业登记档案查询',
      legalBasis: '登记条例',
    });
    await remedy('2026-10-10', n12.id, { kind: 'review', filedOn: '2026-10-10', outcome: 'pending' });
    // a 收费通知 left unpaid: deemed withdrawn → （六）2 申请人逾期未按收费通知要求缴纳费用
    const f1 = await register('2026-09-21', person('乙九', '330106199107070123'));
    await answer('2026-09-22', f1.id, { ...granted, fee: { method: 'per-page', pages: 31 } }); // 10 元
    clock.set(at('2026-11-30'));
    expect(await h.app.get(RequestsService).sweepUnpaidFees()).toBe(1);
    expect((await get(OFFICER, `/requests/${f1.id}`)).body.withdrawReason).toBe('fee-unpaid');
    const n13 = await register('2026-11-02', person('乙六', '330104199204300098'));
    await answer('2026-11-06', n13.id, { type: 'already-public', publishedWhere: '本局网站' });
    await remedy('2026-12-01', n13.id, { kind: 'review', filedOn: '2026-12-01', outcome: 'pending' });
    const n14 = await register('2026-12-14', org('杭州示例贸易有限公司', '91330100MA2H00003X'));
    clock.set(at('2026-12-16'));
    expect(
      (
        await post(OFFICER, `/requests/${n14.id}/consultations`, {
          thirdParty: '某公司',
          matter: '是否同意公开',
        })
      ).status,
    ).toBe(200);
    const n15 = await register('2026-12-28', person('乙七', '330102198705210106'));
    // a 收费通知 still unpaid at the year's end: carried over (not concluded); paid and answered in 2027
    const f2 = await register('2026-12-21', org('杭州示例物流有限公司', '91330100MA2H000041'));
    await answer('2026-12-22', f2.id, { ...granted, fee: { method: 'per-page', pages: 31 } }); // 10 元
    // ── after the year ──
    await payFee('2027-01-05', f2.id);
    await answer('2027-01-08', n15.id, granted); // answered in 2027: carried over from 2026
    const x1 = await register('2027-01-04', person('丙一', '330106199308180118'));
    await answer('2027-01-06', x1.id, granted);
    // a review of 2026 decided in 2027: 尚未审结 at the end of 2026
    clock.set(at('2027-01-06'));
    const n12View = await get(OFFICER, `/requests/${n12.id}`);
    const remedyId = (n12View.body.remedies as { id: string }[])[0]?.id ?? '';
    expect(
      (
        await request(h.url)
          .put(`${api}/requests/${n12.id}/remedies/${remedyId}`)
          .set(await as(OFFICER))
          .send({ kind: 'review', filedOn: '2026-10-10', outcome: 'upheld', decidedOn: '2027-01-05' })
      ).status,
    ).toBe(200);

    clock.set(at('2027-01-15'));
    const res = await get(OFFICER, '/reports/2026');
    expect(res.status).toBe(200);
    const report = strictDeep(AnnualReport).parse(res.body);
    expect(report.asOf).toBe('2026-12-31T16:00:00.000Z'); // the end of the China year
    //                                     自然人 商业 科研 公益 法律 其他 总计
    expect(tableOf(report)).toEqual(
      fullTable({
        new: [10, 4, 2, 1, 1, 1, 19],
        'carried-in': [1, 1, 0, 0, 0, 0, 2],
        granted: [1, 1, 0, 0, 0, 0, 2],
        partial: [1, 0, 0, 0, 0, 0, 1],
        'refused.security-stability': [0, 0, 1, 0, 0, 0, 1],
        'refused.third-party': [1, 0, 0, 0, 0, 0, 1],
        'refused.internal-affairs': [1, 0, 0, 0, 0, 0, 1],
        'refused.enforcement-file': [0, 0, 0, 0, 1, 0, 1],
        'refused.administrative-query': [0, 0, 0, 1, 0, 0, 1],
        'unavailable.not-held': [2, 0, 0, 0, 0, 0, 2],
        'unavailable.unclear': [0, 0, 0, 0, 0, 1, 1],
        'not-processed.petition-complaint': [0, 1, 0, 0, 0, 0, 1],
        'not-processed.repeated': [1, 0, 0, 0, 0, 0, 1],
        'other.no-correction': [1, 0, 0, 0, 0, 0, 1],
        'other.fee-unpaid': [1, 0, 0, 0, 0, 0, 1],
        'other.other': [1, 1, 0, 0, 0, 0, 2],
        total: [10, 3, 1, 1, 1, 1, 17],
        'carried-over': [1, 2, 1, 0, 0, 0, 4],
      }),
    );
    expect(report.requests.columns).toEqual([
      '自然人',
      '商业企业',
      '科研机构',
      '社会公益组织',
      '法律服务机构',
      '其他',
      '总计',
    ]);
    expect(report.remedies).toEqual({
      review: { upheld: 1, corrected: 0, other: 0, pending: 2, total: 3 },
      litigationDirect: { upheld: 0, corrected: 0, other: 1, pending: 0, total: 1 },
      litigationAfterReview: { upheld: 0, corrected: 1, other: 0, pending: 0, total: 1 },
    });
    expect(report.fees).toEqual({ requests: 2, totalYuan: 150 });
    expect(report.status).toBe('draft');
    expect(report.missingManual).toHaveLength(7);

    // the 2027 report (running year) sees the carried-over requests come in and one more concluded
    const r2027 = strictDeep(AnnualReport).parse((await get(OFFICER, '/reports/2027')).body);
    expect(tableOf(r2027)['carried-in']).toEqual([1, 2, 1, 0, 0, 0, 4]);
    expect(tableOf(r2027)['new']).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(tableOf(r2027)['granted']).toEqual([2, 1, 0, 0, 0, 0, 3]);
    expect(r2027.fees).toEqual({ requests: 1, totalYuan: 10 }); // f2: the fee counts in the year it was paid
    expect(tableOf(r2027)['carried-over']).toEqual([0, 1, 1, 0, 0, 0, 2]);
    expect(r2027.remedies.review).toEqual({ upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 });
  }, 120_000);

  it('counts 行政规范性文件 from the policy items; the cells it cannot know are manual', async () => {
    const staff = (username: string, id: string, role: 'officer' | 'head'): CurrentUser => ({
      id,
      username,
      name: username,
      roles: [Role.Approver],
      department: 'market-regulation',
      departmentRole: role,
      region: '330100',
      tokenExp: 0,
    });
    const author = staff('approver.market', '5fb651bd-cff7-4011-b685-9d706f1af348', 'officer');
    const head = staff('head.market', '2bb5144e-92f0-4eba-b30e-36bfc63b2083', 'head');
    const item = (
      title: string,
      writtenOn: string,
      kind: 'policy' | 'interpretation',
      interprets?: number,
    ) => ({
      title,
      body: `${title}正文`,
      writtenOn,
      topic: '食品安全',
      openCategory: 'decision' as const,
      keyArea: null,
      kind,
      interpretsId: null,
      lagWorkingDays: 3,
      ...(interprets !== undefined && { interprets }),
    });
    clock.set(at('2026-06-30'));
    const ids = await h.app
      .get(ItemsService)
      .publishSeed(author, head, [
        item('2025年规范性文件', '2025-06-02', 'policy'),
        item('2025年规范性文件解读', '2025-06-02', 'interpretation', 0),
        item('2026年规范性文件一', '2026-02-02', 'policy'),
        item('2026年规范性文件一解读', '2026-02-02', 'interpretation', 2),
        item('2026年规范性文件二', '2026-05-06', 'policy'),
        item('2026年规范性文件二解读', '2026-05-06', 'interpretation', 4),
      ]);
    clock.set(at('2026-10-09'));
    expect(
      (await post(OFFICER, `/items/${ids[4] ?? ''}/withdraw`, { reason: '已被新文件替代' })).status,
    ).toBe(200);
    clock.set(at('2027-01-15'));
    const report = strictDeep(AnnualReport).parse((await get(OFFICER, '/reports/2026')).body);
    const cells = Object.fromEntries(
      report.proactive.flatMap((g) =>
        g.rows.flatMap((r) => r.cells.map((c) => [c.key, [c.value, c.manual]])),
      ),
    );
    expect(cells).toEqual({
      'regulations.issued': [null, true],
      'regulations.repealed': [null, true],
      'regulations.in-force': [null, true],
      'normative-documents.issued': [2, false],
      'normative-documents.repealed': [1, false],
      'normative-documents.in-force': [2, false],
      'licensing.decisions': [null, true],
      'penalty.decisions': [null, true],
      'enforcement.decisions': [null, true],
      'fees.amount': [null, true],
    });
    expect(report.itemsPublished).toBe(4);
  });

  it('keeps the officer’s text and manual cells in the draft, publishes as a 主动公开 item, exports PDF and Excel', async () => {
    clock.set(at('2026-12-20'));
    // a running year cannot be published
    const early = await post(OFFICER, '/reports/2026/publish');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('DISCLOSURE_REPORT_YEAR_OPEN');
    clock.set(at('2027-01-15'));
    const incomplete = await post(OFFICER, '/reports/2026/publish');
    expect(incomplete.status).toBe(409);
    expect(incomplete.body.code).toBe('DISCLOSURE_REPORT_INCOMPLETE');
    // bad input: structured errors, nothing stored
    const bad = await put(OFFICER, '/reports/2026', {
      narrative: { overview: 'x', problems: '', other: '' },
      manual: { 'regulations.issued': -1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const unknownCell = await put(OFFICER, '/reports/2026', {
      narrative: { overview: 'x', problems: '', other: '' },
      manual: { 'normative-documents.issued': 5 },
    });
    expect(unknownCell.status).toBe(400); // a computed cell is never typed
    expect((await get(OFFICER, '/reports')).body).toEqual({ items: [] });
    expect((await get(OFFICER, '/reports/abc')).status).toBe(400);
    expect((await get(OFFICER, '/reports/2030')).status).toBe(400); // not begun

    const saved = await put(OFFICER, '/reports/2026', {
      narrative: {
        overview: '2026年，本局扎实推进政务公开工作。\n主动公开质量持续提升。',
        problems: '依申请公开答复文书规范性有待提高。',
        other: '无其他需要报告的事项。',
      },
      manual: {
        'regulations.issued': 0,
        'regulations.repealed': 0,
        'regulations.in-force': 0,
        'licensing.decisions': 1234,
        'penalty.decisions': 56,
        'enforcement.decisions': 7,
        'fees.amount': 12.5,
      },
    });
    expect(saved.status).toBe(200);
    const draft = strictDeep(AnnualReport).parse(saved.body);
    expect(draft.missingManual).toEqual([]);
    expect(draft.proactive[1]?.rows[0]?.cells[0]).toEqual({
      key: 'licensing.decisions',
      value: 1234,
      manual: true,
    });
    expect(strictDeep(AnnualReportList).parse((await get(OFFICER, '/reports')).body).items).toMatchObject([
      { year: 2026, status: 'draft', publishedAt: null },
    ]);
    // another agency sees its own (empty) report, never this one
    const other = strictDeep(AnnualReport).parse((await get('approver.health', '/reports/2026')).body);
    expect(other.requests.rows.find((r) => r.key === 'new')?.counts.at(-1)).toBe(0);
    expect((await get('zhangsan', '/reports/2026')).status).toBe(403);

    const pdf = await binary(OFFICER, '/reports/2026/pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const body = pdf.body as Buffer;
    // pdftotext (poppler) when installed, else the PDF's own ToUnicode maps
    const text = pdftotext(body) ?? inspectPdf(body).pages.join('\n');
    for (const s of [
      '市场监督管理局2026年政府信息公开工作年度报告',
      '一、总体情况',
      '本局扎实推进政务公开工作',
      '三、收到和处理政府信息公开申请情况',
      '属于行政执法案卷',
      '四、政府信息公开行政复议、行政诉讼情况',
      '复议后起诉',
      '1234*',
      '信息处理费，共计150元',
    ])
      expect(text.replace(/\s+/g, '')).toContain(s.replace(/\s+/g, ''));

    const docx = await binary(OFFICER, '/reports/2026/docx');
    expect(docx.status).toBe(200);
    expect(docx.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(docx.headers['content-disposition']).toContain('.docx');
    const xml = unzipEntry(docx.body as Buffer, 'word/document.xml') ?? '';
    for (const s of [
      '市场监督管理局2026年政府信息公开工作年度报告',
      '一、总体情况',
      '本局扎实推进政务公开工作。',
      '主动公开质量持续提升。',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '依申请公开答复文书规范性有待提高。',
      '六、其他需要报告的事项',
      '信息处理费，共计150元',
      '无其他需要报告的事项。',
    ])
      expect(xml).toContain(s);
    const wordRows = docxTableRows(xml);
    // table 二: computed and manual cells; table 三: the headings and every row's counts; table 四: the figures
    expect(wordRows).toContain('行政规范性文件|2|1|2');
    expect(wordRows).toContain('行政许可|1234*');
    expect(wordRows).toContain('规章|0*|0*|0*');
    expect(wordRows).toContain('||商业企业|科研机构|社会公益组织|法律服务机构|其他|');
    for (const row of draft.requests.rows)
      expect(wordRows).toContain([row.group ?? '', row.label, ...row.counts.map(String)].join('|'));
    expect(wordRows).toContain('|一、本年新收政府信息公开申请数量|10|4|2|1|1|1|19');
    expect(wordRows).toContain('1|0|0|2|3|0|0|1|0|1|0|1|0|0|1');
    expect((await binary('zhangsan', '/reports/2026/docx')).status).toBe(403);
    expect((await binary(OFFICER, '/reports/abc/docx')).status).toBe(400);

    const xlsx = await binary(OFFICER, '/reports/2026/xlsx');
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as Parameters<typeof wb.xlsx.load>[0]); // a Node Buffer at runtime
    const sheet = wb.getWorksheet('三 依申请公开');
    const rows: unknown[][] = [];
    sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toContainEqual(['', '一、本年新收政府信息公开申请数量', 10, 4, 2, 1, 1, 1, 19]);
    expect(rows).toContainEqual(['', '四、结转下年度继续办理', 1, 2, 1, 0, 0, 0, 4]);
    const proactiveRows: ExcelJS.Row[] = [];
    wb.getWorksheet('二 主动公开')?.eachRow((row) => proactiveRows.push(row));
    const licensing = proactiveRows.find((row) => row.getCell(1).value === '行政许可')?.getCell(2);
    expect(licensing?.value).toBe(1234);
    expect(licensing?.note).toBe('人工填报');
    const remedies = wb.getWorksheet('四 复议诉讼')?.getRow(4).values as unknown[];
    expect(remedies.slice(1)).toEqual([1, 0, 0, 2, 3, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1]);

    // publish: figures frozen, an item drafted and sent to 保密审查 through the items' code path
    const pub = await post(OFFICER, '/reports/2026/publish');
    expect(pub.status).toBe(200);
    const published = strictDeep(AnnualReport).parse(pub.body);
    expect(published.status).toBe('published');
    expect(published.item?.status).toBe('in-review');
    expect(tableOf(published)).toEqual(tableOf(draft));
    const itemId = published.item?.id ?? '';
    const item = strictDeep(StaffItem).parse((await get(OFFICER, `/items/${itemId}`)).body);
    expect(item).toMatchObject({
      title: '市场监督管理局2026年政府信息公开工作年度报告',
      openCategory: 'result',
      topic: '政府信息公开年报',
      status: 'in-review',
    });
    expect(item.body).toContain('一、本年新收政府信息公开申请数量：自然人10');
    // the head approves it like any item: it becomes public
    expect((await post('head.market', `/items/${itemId}/review`, { decision: 'approve' })).status).toBe(200);
    expect(strictDeep(AnnualReport).parse((await get(OFFICER, '/reports/2026')).body).item?.status).toBe(
      'published',
    );
    const publicItem = await request(h.url).get(`${api}/public/items/${itemId}`);
    expect(publicItem.status).toBe(200);
    // the report's PDF is the item's attachment, in object storage, downloadable from the public item page
    expect(publicItem.body.attachments).toEqual([
      expect.objectContaining({
        name: '市场监督管理局2026年政府信息公开工作年度报告.pdf',
        contentType: 'application/pdf',
      }),
    ]);
    const attached = await request(h.url)
      .get(`${api}/public/items/${itemId}/attachments/${publicItem.body.attachments[0].id as string}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(attached.status).toBe(200);
    const attachedPdf = attached.body as Buffer;
    expect(attachedPdf.subarray(0, 5).toString()).toBe('%PDF-');
    const objects = await h.database.db.sql.query<{ object_key: string; size: number }>(
      'SELECT object_key, size FROM disclosure_attachment WHERE item_id = $1',
      [itemId],
    );
    expect(objects).toEqual([
      { object_key: expect.stringMatching(/^disclosure\//), size: attachedPdf.length },
    ]);
    const attachedText = pdftotext(attachedPdf) ?? inspectPdf(attachedPdf).pages.join('\n');
    expect(attachedText).toContain('政府信息公开工作年度报告');

    // frozen: a later change of the records does not move the published figures; no more edits
    await register('2027-01-16', person('丁一', '330102199903110135'));
    const after = strictDeep(AnnualReport).parse((await get(OFFICER, '/reports/2026')).body);
    expect(after.asOf).toBe(published.asOf);
    expect(tableOf(after)).toEqual(tableOf(published));
    const edit = await put(OFFICER, '/reports/2026', {
      narrative: { overview: 'x', problems: '', other: '' },
      manual: {},
    });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('DISCLOSURE_REPORT_PUBLISHED');
    expect((await post(OFFICER, '/reports/2026/publish')).status).toBe(409);
  }, 60_000);
});

/** The demo seed (2026, 市场监督管理局): its report against the figures counted by hand from DEMO_REQUESTS. */
describe.each(kinds)('demo annual report 2026 on %s', (kind) => {
  let h: ServiceHarness;
  beforeAll(async () => {
    h = await startServiceForTest(disclosureService, { db: kind });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('matches the hand count of the seeded requests, cell by cell', async () => {
    expect(await seedDemoRequests(h.app.get(DisclosureStore))).toBe(25);
    h.app.get<ManualClock>(DISCLOSURE_CLOCK).set('2027-01-10T02:00:00Z');
    const res = await request(h.url)
      .get(`${api}/reports/2026`)
      .set({ authorization: `Bearer ${await h.tokenFor('approver.market')}` });
    expect(res.status).toBe(200);
    const report = strictDeep(AnnualReport).parse(res.body);
    // Hand count (request numbers of DEMO_REQUESTS in filing order, #1 and #2 filed in December 2025):
    //  persons #3–#13, #20–#22 (14 new) + #1 carried in; 商业企业 #14 #15 #19 #23 (4 new) + #2 carried in;
    //  科研机构 #24 #25; 社会公益组织 #16; 法律服务机构 #17; 其他 #18 (a 事业单位 that is no 科研机构).
    //                                     自然人 商业 科研 公益 法律 其他 总计
    expect(tableOf(report)).toEqual(
      fullTable({
        new: [14, 4, 2, 1, 1, 1, 23],
        'carried-in': [1, 1, 0, 0, 0, 0, 2],
        granted: [4, 1, 1, 0, 1, 0, 7], // #1 #3(已主动公开) #4 #21 | #14 | #24 | #17
        partial: [0, 2, 0, 1, 0, 0, 3], // #2 #19 | #16
        'refused.state-secret': [1, 0, 0, 0, 0, 0, 1], // #5
        'refused.third-party': [1, 0, 0, 0, 0, 0, 1], // #6 (from 第十五条)
        'refused.internal-affairs': [1, 0, 0, 0, 0, 0, 1], // #20
        'refused.process-information': [0, 1, 0, 0, 0, 0, 1], // #15
        'unavailable.not-held': [2, 0, 0, 0, 0, 1, 3], // #7 #9(非本机关负责) | #18
        'unavailable.needs-creation': [1, 0, 0, 0, 0, 0, 1], // #8
        'not-processed.petition-complaint': [1, 0, 0, 0, 0, 0, 1], // #10
        'not-processed.repeated': [1, 0, 0, 0, 0, 0, 1], // #11
        'other.no-correction': [1, 0, 0, 0, 0, 0, 1], // #12 (视为放弃)
        'other.other': [1, 0, 0, 0, 0, 0, 1], // #13 (特别规定)
        total: [14, 4, 1, 1, 1, 1, 22],
        'carried-over': [1, 1, 1, 0, 0, 0, 3], // #22 | #23 | #25
      }),
    );
    expect(report.remedies).toEqual({
      review: { upheld: 1, corrected: 1, other: 0, pending: 1, total: 3 }, // #5 #6 #20
      litigationDirect: { upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 }, // #15
      litigationAfterReview: { upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 }, // #5
    });
    expect(report.fees).toEqual({ requests: 2, totalYuan: 300 }); // #4 50 pages 200 元, #19 40 pages 100 元

    // Rows stored before the organisation type was recorded (migration applicant_org_type leaves them NULL) are
    // filled at start from the USCC: a 科研机构 cannot be told from it and falls under 其他.
    const store = h.app.get(DisclosureStore);
    await store.prisma.disclosureRequest.updateMany({
      where: { applicantKind: 'business' },
      data: { applicantOrgType: null },
    });
    expect(await h.app.get(RequestsService).fillOrgTypes()).toBe(10);
    expect(await h.app.get(RequestsService).fillOrgTypes()).toBe(0);
    const refilled = strictDeep(AnnualReport).parse(
      (
        await request(h.url)
          .get(`${api}/reports/2026`)
          .set({ authorization: `Bearer ${await h.tokenFor('approver.market')}` })
      ).body,
    );
    expect(tableOf(refilled)['new']).toEqual([14, 4, 0, 1, 1, 3, 23]);
  }, 120_000);
});
