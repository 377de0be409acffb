// Issue 24 — the disclosure service counts its clocks with the working calendar administered in supervision, the same
// source as intake and approval: an administrator loading a year's arrangement (here an adjusted holiday, 2027-01-04)
// moves the answer deadline of running 依申请公开 requests and the publication deadline of unpublished items, over the
// real consumer on one in-process transport.
import { randomUUID } from 'node:crypto';
import { disclosureService } from '@hall/app-disclosure';
import { createSupervisionService } from '@hall/app-supervision';
import { CalendarReplaced, Topics, type PayloadOf } from '@hall/contracts';
import { ManualClock } from '@hall/calendar';
import { InProcessTransport } from '@hall/messaging';
import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import { DISCLOSURE_CLOCK } from '../../apps/disclosure/src/disclosure.clock.js';
import { DisclosureStore } from '../../apps/disclosure/src/disclosure.store.js';
import { settleOutbox } from '../../apps/supervision/test/factories/case-history.factory.js';

const kinds = await testDatabaseKinds();
const kind = kinds.includes('pg') ? 'pg' : 'pglite';

const endOfDay = (day: string): string => new Date(`${day}T23:59:59.999+08:00`).toISOString();
const cst = (local: string): string => new Date(`${local}+08:00`).toISOString();

/** The (hypothetical, for the test) 2027 arrangement: 元旦 01-01..01-04 (Monday 01-04 an extra rest day). */
const ADJUSTED_2027 = {
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'],
  workdays: [],
  source: '测试：2027年放假安排（调整）',
};

describe(`a year's calendar loaded in supervision moves disclosure's deadlines (${kind})`, () => {
  const clock = new ManualClock(new Date(cst('2026-12-24T10:00:00')));
  const transport = new InProcessTransport({ redeliveryDelayMs: 10 });
  let supervision: ServiceHarness;
  let disclosure: ServiceHarness;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    [supervision, disclosure] = await Promise.all([
      startServiceForTest(createSupervisionService({ clock, settings: { evaluateEveryMs: 0 } }), {
        db: kind,
        transport,
      }),
      startServiceForTest(disclosureService, { db: kind, transport }),
    ]);
    disclosure.app.get<ManualClock>(DISCLOSURE_CLOCK).set(cst('2026-12-24T10:00:00'));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([supervision?.close(), disclosure?.close()]);
  });

  const officer = async () => ({
    authorization: `Bearer ${await disclosure.tokenFor('approver.market')}`,
  });
  const register = async (description: string, receivedOn?: string) => {
    const res = await request(disclosure.url)
      .post('/api/disclosure/requests/register')
      .set(await officer())
      .send({
        channel: receivedOn ? 'post' : 'window',
        applicant: { kind: 'person', name: '测试申请人', idNumber: '330102198001010018' },
        description,
        ...(receivedOn && { receivedOn }),
        deliveryForm: 'electronic',
        deliveryWay: 'online',
      });
    expect([res.status, res.body.code]).toEqual([201, undefined]);
    return res.body as { id: string; dueAt: string; receivedOn: string };
  };
  const dueOf = async (id: string) =>
    (
      (await request(disclosure.url)
        .get(`/api/disclosure/requests/${id}`)
        .set(await officer())) as { body: { dueAt: string } }
    ).body.dueAt;
  const itemDue = async (id: string) =>
    (
      (await request(disclosure.url)
        .get(`/api/disclosure/items/${id}`)
        .set(await officer())) as { body: { dueAt: string } }
    ).body.dueAt;

  it('before: the answer deadline counts 2027 by the statutory rules (元旦 01-01 only)', async () => {
    // Thu 2026-12-24 + 20 working days: 12-25, 12-28…12-31, [01-01], 01-04…01-22.
    const a = await register('申请一', undefined);
    expect(a.receivedOn).toBe('2026-12-24');
    expect(a.dueAt).toBe(endOfDay('2027-01-22'));
    ids['a'] = a.id;
    // received by post on Thu 12-10: 20 working days end on Fri 2027-01-08
    const b = await register('申请二', '2026-12-10');
    expect(b.dueAt).toBe(endOfDay('2027-01-08'));
    ids['b'] = b.id;
    // answered: its clock stopped, nothing to move
    const c = await register('申请三', '2026-12-11');
    const answered = await request(disclosure.url)
      .post(`/api/disclosure/requests/${c.id}/answer`)
      .set(await officer())
      .send({ type: 'granted', informationProvided: '所申请的信息' });
    expect(answered.status).toBe(200);
    ids['c'] = c.id;
    ids['cDue'] = (answered.body as { dueAt: string }).dueAt;
    // an item written today, in 保密审查 — its 20-working-day publication deadline is 2027-01-22 as well
    const item = await request(disclosure.url)
      .post('/api/disclosure/items')
      .set(await officer())
      .send({
        title: '关于2027年元旦期间市场监管值班安排的通知',
        body: '现将元旦期间值班安排公布如下。',
        writtenOn: '2026-12-24',
        topic: '市场监管',
        openCategory: 'execution',
        keyArea: null,
      });
    expect(item.status).toBe(201);
    expect(item.body.dueAt).toBe(endOfDay('2027-01-22'));
    ids['item'] = item.body.id as string;
  });

  it('after the admin loads 2027 with 01-04 as a rest day: running deadlines move a day, the answered one does not', async () => {
    const put = await request(supervision.url)
      .put('/api/supervision/calendar/2027')
      .set('authorization', `Bearer ${await supervision.tokenFor('admin')}`)
      .send(ADJUSTED_2027);
    expect(put.status).toBe(200);
    await settleOutbox(supervision); // resolves once the event was handed over
    for (let i = 0; i < 100 && (await dueOf(ids['a'] ?? '')) !== endOfDay('2027-01-25'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await dueOf(ids['a'] ?? '')).toBe(endOfDay('2027-01-25'));
    expect(await dueOf(ids['b'] ?? '')).toBe(endOfDay('2027-01-11'));
    expect(await dueOf(ids['c'] ?? '')).toBe(ids['cDue']);
    expect(await itemDue(ids['item'] ?? '')).toBe(endOfDay('2027-01-25'));
    // from now on new requests count with it too; the stored year is what a restarted instance reads
    const d = await register('申请四', undefined);
    expect(d.dueAt).toBe(endOfDay('2027-01-25'));
    const reread = await disclosure.app.get(DisclosureStore).refreshCalendar();
    expect(reread.isWorkingDay(new Date(cst('2027-01-04T10:00:00')))).toBe(false);
  });

  it('ignores an arrangement older than the one it holds (e.g. redelivered after a newer one)', async () => {
    const stale: PayloadOf<typeof CalendarReplaced> = {
      year: 2027,
      holidays: ['2027-01-01'],
      workdays: [],
      source: '旧安排',
      replacedAt: cst('2026-01-01T00:00:00'),
      actor: { userId: 'admin', name: '管理员', role: 'admin' },
    };
    const id = randomUUID();
    await transport.publish([
      {
        topic: Topics.supervisionCalendar,
        key: '2027',
        headers: {
          'event-id': id,
          'event-type': CalendarReplaced.type,
          'event-version': '1',
          'event-source': 'supervision',
        },
        value: JSON.stringify({
          id,
          type: CalendarReplaced.type,
          version: 1,
          key: '2027',
          occurredAt: stale.replacedAt,
          source: 'supervision',
          payload: stale,
        }),
      },
    ]);
    // processed (recorded in disclosure's inbox), and nothing moved back
    const seen = async () =>
      Number(
        (
          await disclosure.database.db.sql.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM inbox WHERE event_id = $1::uuid',
            [id],
          )
        )[0]?.n,
      );
    for (let i = 0; i < 100 && (await seen()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await seen()).toBe(1);
    expect(await dueOf(ids['a'] ?? '')).toBe(endOfDay('2027-01-25'));
  });
});
