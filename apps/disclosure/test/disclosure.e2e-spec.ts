import type { ManualClock } from '@hall/calendar';
import { testDatabaseKinds } from '@hall/persistence';
import {
  AgencyCatalogue,
  ItemHistory,
  OverdueItems,
  PublicItemDetail,
  PublicItemPage,
  StaffItem,
  StaffItemPage,
} from '@hall/contracts';
import { strictDeep } from '@hall/platform';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import { samplePdf } from '@hall/storage';
import request from 'supertest';
import { DISCLOSURE_CLOCK } from '../src/disclosure.clock.js';
import { disclosureService } from '../src/index.js';
import { ItemsService } from '../src/items/items.service.js';

const kinds = await testDatabaseKinds();

const draft = (over: Record<string, unknown> = {}) => ({
  title: '关于2026年市场监管领域随机抽查计划的通知',
  body: '为规范事中事后监管，现将本年度双随机一公开抽查计划公布如下。',
  writtenOn: '2026-09-28',
  topic: '市场监管',
  openCategory: 'execution',
  keyArea: 'food-drug',
  ...over,
});

/** 主动公开 items over HTTP on a real database: drafting, 保密审查 by a second person, publication and history. */
describe.each(kinds)('disclosure items on %s', (kind) => {
  let h: ServiceHarness;
  const as = async (user: string) => ({ authorization: `Bearer ${await h.tokenFor(user)}` });
  const api = '/api/disclosure';

  beforeAll(async () => {
    h = await startServiceForTest(disclosureService, { db: kind });
    h.app.get<ManualClock>(DISCLOSURE_CLOCK).set('2026-10-12T02:00:00Z');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const create = async (user: string, body: Record<string, unknown> = draft()) =>
    request(h.url)
      .post(`${api}/items`)
      .set(await as(user))
      .send(body);
  const post = async (user: string, path: string, body: Record<string, unknown> = {}) =>
    request(h.url)
      .post(`${api}${path}`)
      .set(await as(user))
      .send(body);
  const count = async (table: string) =>
    Number((await h.database.db.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`))[0]?.n);

  it('assigns 索引号 per agency, year and category, unique and in sequence, with the 20-working-day deadline', async () => {
    const a = await create('approver.market');
    const b = await create('approver.market');
    const c = await create('approver.market', draft({ openCategory: 'decision', writtenOn: '2025-12-30' }));
    const d = await create('approver.health');
    expect([a.status, b.status, c.status, d.status]).toEqual([201, 201, 201, 201]);
    const serial = (no: string) => Number(no.slice(-5));
    expect(a.body.indexNo).toMatch(/^330100-SCJG\/2026-ZX-\d{5}$/);
    expect(serial(b.body.indexNo as string)).toBe(serial(a.body.indexNo as string) + 1);
    expect(c.body.indexNo).toBe('330100-SCJG/2025-JC-00001');
    expect(d.body.indexNo).toMatch(/^330100-WSJK\/2026-ZX-\d{5}$/);
    expect(a.body.departmentName).toBe('市场监督管理局');
    // 2026-09-28 + 20 working days across 国庆 (10-01…10-07 off, 09-27 and 10-10 worked): 2026-10-30, China time.
    expect(a.body.dueAt).toBe('2026-10-30T15:59:59.999Z');
    expect(a.body.status).toBe('draft');
  });

  it('refuses bad input with a structured error naming the field, and stores nothing', async () => {
    const before = await count('disclosure_item');
    for (const [body, field] of [
      [draft({ title: '' }), 'title'],
      [draft({ writtenOn: '2026-13-01' }), 'writtenOn'],
      [draft({ openCategory: 'secret' }), 'openCategory'],
      [draft({ keyArea: 'lottery' }), 'keyArea'],
      [draft({ extra: 1 }), 'extra'],
    ] as const) {
      const res = await create('approver.market', body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body)).toContain(field);
    }
    const orphan = await create('approver.market', draft({ kind: 'interpretation' }));
    expect(orphan.status).toBe(400);
    expect(orphan.body.details.field).toBe('interpretsId');
    expect(await count('disclosure_item')).toBe(before);
  });

  it('publishes only after 保密审查 by a second person who heads the department', async () => {
    const own = await create('head.market');
    expect((await post('head.market', `/items/${own.body.id}/submit`)).status).toBe(200);
    const self = await post('head.market', `/items/${own.body.id}/review`, { decision: 'approve' });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('DISCLOSURE_REVIEWER_IS_AUTHOR');

    const item = await create('approver.market');
    const id = item.body.id as string;
    const early = await post('head.market', `/items/${id}/review`, { decision: 'approve' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('DISCLOSURE_STATUS_CONFLICT');
    await post('approver.market', `/items/${id}/submit`);
    const officer = await post('approver.market', `/items/${id}/review`, { decision: 'approve' });
    expect(officer.status).toBe(403);
    expect(officer.body.code).toBe('DISCLOSURE_NOT_REVIEWER');
    const noNote = await post('head.market', `/items/${id}/review`, { decision: 'reject' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.details.field).toBe('note');
    const back = await post('head.market', `/items/${id}/review`, {
      decision: 'reject',
      note: '删去联系人手机号',
    });
    expect(back.body).toMatchObject({
      status: 'draft',
      reviewNote: '删去联系人手机号',
      reviewerName: '周建国',
    });
    await post('approver.market', `/items/${id}/submit`);
    const ok = await post('head.market', `/items/${id}/review`, { decision: 'approve' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'published', publishedOn: '2026-10-12', overdue: false });
    const events = await h.database.db.sql.query<{ type: string }>(
      'SELECT type FROM outbox WHERE key = $1 ORDER BY seq',
      [id],
    );
    // Each step for supervision's publication clock; the one publication after the second 保密审查.
    expect(events.map((e) => e.type)).toEqual([
      'disclosure.item.drafted',
      'disclosure.item.submitted',
      'disclosure.item.returned',
      'disclosure.item.submitted',
      'disclosure.item.published',
    ]);
  });

  it('holds a policy until its 政策解读 is drafted and submitted, then lists them together', async () => {
    const policy = await create(
      'approver.market',
      draft({ kind: 'policy', title: '市场主体登记便利化若干措施' }),
    );
    const id = policy.body.id as string;
    await post('approver.market', `/items/${id}/submit`);
    const alone = await post('head.market', `/items/${id}/review`, { decision: 'approve' });
    expect(alone.status).toBe(409);
    expect(alone.body.code).toBe('DISCLOSURE_INTERPRETATION_MISSING');
    expect(
      (
        await request(h.url)
          .get(`${api}/items/${id}`)
          .set(await as('approver.market'))
      ).body.status,
    ).toBe('in-review');
    const foreign = await create('approver.health', draft({ kind: 'interpretation', interpretsId: id }));
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('DISCLOSURE_INTERPRETATION_LINK_INVALID');
    const reading = await create(
      'approver.market',
      draft({ kind: 'interpretation', interpretsId: id, title: '《市场主体登记便利化若干措施》政策解读' }),
    );
    await post('approver.market', `/items/${reading.body.id}/submit`);
    expect((await post('head.market', `/items/${id}/review`, { decision: 'approve' })).status).toBe(200);
    await post('head.market', `/items/${reading.body.id}/review`, { decision: 'approve' });
    const pub = await request(h.url).get(`${api}/public/items/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.body.interpretations).toEqual([
      { id: reading.body.id, title: '《市场主体登记便利化若干措施》政策解读' },
    ]);
  });

  it('keeps every text through correction and withdrawal, and the public sees only the current one', async () => {
    const item = await create(
      'approver.market',
      draft({ title: '食品安全抽检结果公告（第1期）', openCategory: 'result' }),
    );
    const id = item.body.id as string;
    await post('approver.market', `/items/${id}/submit`);
    await post('head.market', `/items/${id}/review`, { decision: 'approve' });
    const byOfficer = await post('approver.market', `/items/${id}/correct`, { ...draft(), note: '更正' });
    expect(byOfficer.status).toBe(403);
    const fixed = await post('head.market', `/items/${id}/correct`, {
      ...draft({ title: '食品安全抽检结果公告（第1期，更正）', openCategory: 'result' }),
      note: '更正一处批号',
    });
    expect(fixed.body).toMatchObject({ status: 'published', version: 2, indexNo: item.body.indexNo });
    const search = await request(h.url).get(`${api}/public/items`).query({ q: '抽检结果' });
    expect(search.body.items.map((i: { title: string }) => i.title)).toEqual([
      '食品安全抽检结果公告（第1期，更正）',
    ]);
    const gone = await post('approver.market', `/items/${id}/withdraw`, { reason: '内容已过时' });
    expect(gone.body.status).toBe('withdrawn');
    expect((await request(h.url).get(`${api}/public/items/${id}`)).status).toBe(404);
    expect((await request(h.url).get(`${api}/public/items`).query({ q: '抽检结果' })).body.total).toBe(0);
    const history = await request(h.url)
      .get(`${api}/items/${id}/history`)
      .set(await as('approver.market'));
    expect(
      history.body.versions.map((v: { action: string; version: number; title: string }) => [
        v.action,
        v.version,
        v.title,
      ]),
    ).toEqual([
      ['published', 1, '食品安全抽检结果公告（第1期）'],
      ['corrected', 2, '食品安全抽检结果公告（第1期，更正）'],
      ['withdrawn', 2, '食品安全抽检结果公告（第1期，更正）'],
    ]);
    const events = await h.database.db.sql.query<{ type: string }>(
      'SELECT type FROM outbox WHERE key = $1 ORDER BY seq',
      [id],
    );
    expect(events.map((e) => e.type)).toEqual([
      'disclosure.item.drafted',
      'disclosure.item.submitted',
      'disclosure.item.published',
      'disclosure.item.published',
      'disclosure.item.withdrawn',
    ]);
  });

  it('hides a department’s items from another department, which can neither read, edit nor review them', async () => {
    const item = await create('approver.market');
    const id = item.body.id as string;
    await post('approver.market', `/items/${id}/submit`);
    const health = await as('approver.health');
    expect((await request(h.url).get(`${api}/items/${id}`).set(health)).status).toBe(404);
    const edit = await request(h.url).put(`${api}/items/${id}`).set(health).send(draft());
    expect(edit.status).toBe(404);
    expect(edit.body.code).toBe('DISCLOSURE_ITEM_NOT_FOUND');
    expect((await post('approver.health', `/items/${id}/review`, { decision: 'approve' })).status).toBe(404);
    const list = await request(h.url).get(`${api}/items`).set(health);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(id);
    expect(
      (
        await request(h.url)
          .get(`${api}/items`)
          .set(await as('zhangsan'))
      ).status,
    ).toBe(403);
    expect((await request(h.url).get(`${api}/items`)).status).toBe(401);
  });

  it('lists published items publicly by agency, category and key area, with a 目录 per agency', async () => {
    const all = await request(h.url).get(`${api}/public/items`).query({ agency: 'market-regulation' });
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    expect(
      all.body.items.every((i: { departmentCode: string }) => i.departmentCode === 'market-regulation'),
    ).toBe(true);
    const food = await request(h.url)
      .get(`${api}/public/items`)
      .query({ keyArea: 'food-drug', category: 'execution' });
    expect(food.body.items.length).toBeGreaterThan(0);
    expect((await request(h.url).get(`${api}/public/items`).query({ keyArea: 'lottery' })).status).toBe(400);
    const cat = await request(h.url).get(`${api}/public/agencies/market-regulation`);
    expect(cat.body.agencyCode).toBe('330100-SCJG');
    const execution = cat.body.categories.find((c: { category: string }) => c.category === 'execution');
    expect(execution.count).toBe(
      all.body.items.filter((i: { openCategory: string }) => i.openCategory === 'execution').length,
    );
  });

  it('shows supervisors what is past its deadline and not published', async () => {
    const late = await create(
      'approver.market',
      draft({ writtenOn: '2026-08-03', title: '逾期未公开的测试信息' }),
    );
    const res = await request(h.url)
      .get(`${api}/overdue`)
      .set(await as('supervisor'));
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toContain(late.body.id);
    expect(res.body.items.map((i: { id: string }) => i.id)).not.toContain(
      (await create('approver.market')).body.id,
    );
    const mine = await request(h.url)
      .get(`${api}/items`)
      .query({ overdue: '1' })
      .set(await as('approver.market'));
    // the drafted 2025-12-30 item of the first test is overdue too; everything listed is overdue
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(late.body.id);
    expect(
      mine.body.items.every(
        (i: { overdue: boolean; status: string }) => i.overdue && i.status !== 'published',
      ),
    ).toBe(true);
  });

  it('attaches files to a draft with intake’s upload checks and serves them once published', async () => {
    const item = await create('approver.market', draft({ title: '附件测试信息' }));
    const id = item.body.id as string;
    const pdf = samplePdf('disclosure attachment');
    const ok = await request(h.url)
      .post(`${api}/items/${id}/attachments`)
      .set(await as('approver.market'))
      .attach('file', pdf, { filename: '抽查计划.pdf', contentType: 'application/pdf' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ name: '抽查计划.pdf', contentType: 'application/pdf', size: pdf.length });
    const fake = await request(h.url)
      .post(`${api}/items/${id}/attachments`)
      .set(await as('approver.market'))
      .attach('file', Buffer.from('not a pdf at all'), { filename: 'x.pdf', contentType: 'application/pdf' });
    expect(fake.status).toBe(415);
    expect(fake.body.code).toMatch(/^UPLOAD_TYPE_/);
    const foreign = await request(h.url)
      .post(`${api}/items/${id}/attachments`)
      .set(await as('approver.health'))
      .attach('file', pdf, { filename: 'a.pdf', contentType: 'application/pdf' });
    expect(foreign.status).toBe(404);
    expect(await count('disclosure_attachment')).toBe(1);
    const file = `${api}/public/items/${id}/attachments/${ok.body.id}`;
    expect((await request(h.url).get(file)).status).toBe(404); // not published yet
    await post('approver.market', `/items/${id}/submit`);
    await post('head.market', `/items/${id}/review`, { decision: 'approve' });
    const down = await request(h.url).get(file).buffer(true);
    expect(down.status).toBe(200);
    expect(Buffer.compare(down.body as Buffer, pdf)).toBe(0);
  });

  it('stages the clock events once for unpublished items written before item drafts were published', async () => {
    // Two items as written before disclosure staged `disclosure.item.drafted`: a draft and one in 保密审查.
    const a = (await create('approver.market', draft({ title: '旧草稿（补发计时事件）' }))).body as {
      id: string;
    };
    const b = (await create('approver.market', draft({ title: '旧送审件（补发计时事件）' }))).body as {
      id: string;
    };
    await post('approver.market', `/items/${b.id}/submit`);
    const old = [a.id, b.id];
    await h.database.db.sql.query(`DELETE FROM outbox WHERE key = ANY($1::text[])`, [old]);
    const service = h.app.get(ItemsService);
    expect(await service.backfillClockEvents()).toBe(2);
    const staged = await h.database.db.sql.query<{
      key: string;
      type: string;
      payload: Record<string, unknown>;
    }>('SELECT key, type, payload FROM outbox WHERE key = ANY($1::text[]) ORDER BY seq', [old]);
    expect(staged.map((e) => [e.key, e.type])).toEqual([
      [a.id, 'disclosure.item.drafted'],
      [b.id, 'disclosure.item.drafted'],
      [b.id, 'disclosure.item.submitted'],
    ]);
    expect(staged[0]?.payload).toMatchObject({
      itemId: a.id,
      writtenOn: draft().writtenOn,
      edited: false,
      actor: { userId: 'system' },
    });
    expect(await service.backfillClockEvents()).toBe(0); // once only
  });

  it('answers in the shapes of its HTTP contract (no field more, none missing)', async () => {
    const staff = await as('approver.market');
    const page = await request(h.url).get(`${api}/items`).set(staff);
    expect(strictDeep(StaffItemPage).parse(page.body).total).toBeGreaterThan(0);
    const first = (page.body as StaffItemPage).items[0];
    const id = first?.id ?? '';
    strictDeep(StaffItem).parse((await request(h.url).get(`${api}/items/${id}`).set(staff)).body);
    strictDeep(ItemHistory).parse((await request(h.url).get(`${api}/items/${id}/history`).set(staff)).body);
    strictDeep(OverdueItems).parse(
      (
        await request(h.url)
          .get(`${api}/overdue`)
          .set(await as('admin'))
      ).body,
    );
    const pub = strictDeep(PublicItemPage).parse((await request(h.url).get(`${api}/public/items`)).body);
    const one = pub.items[0]?.id ?? '';
    strictDeep(PublicItemDetail).parse((await request(h.url).get(`${api}/public/items/${one}`)).body);
    strictDeep(AgencyCatalogue).parse(
      (await request(h.url).get(`${api}/public/agencies/health-commission`)).body,
    );
    expect((await request(h.url).get(`${api}/public/agencies/nowhere`)).status).toBe(404);
  });
});
