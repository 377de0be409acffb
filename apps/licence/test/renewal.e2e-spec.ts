import { randomUUID } from 'node:crypto';
import { Topics, type CaseDecidedPayload } from '@hall/contracts';
import { testDatabaseKinds } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import type { ManualClock } from '@hall/calendar';
import { parseLicenceIdentifier } from '../src/identifier/licence-identifier.js';
import { licenceService } from '../src/index.js';
import { LICENCE_CLOCK } from '../src/licence.clock.js';
import { DAY_MS } from '../src/dates/china-date.js';
import {
  decision,
  eventsOf,
  HOLDERS,
  implementationSnapshot,
  ISSUERS,
  publishDecision,
  publishImplementation,
  until,
} from './factories/licence.factory.js';

const kinds = await testDatabaseKinds();

interface Row {
  identifier: string;
  serial: string;
  version: number;
  previous_identifier: string | null;
  superseded_by: string | null;
  status: string;
  valid_from: Date;
  valid_until: Date | null;
  fields: Array<{ label: string; value: string }>;
  record: Record<string, unknown>;
}

const FIELDS = ['经营场所', '主体业态'];
const licenceOf = (code: string) => [
  { licenceTypeCode: code, name: '食品经营许可证', validityMonths: 60, fields: FIELDS },
];
const FORM = { 经营场所: '杭州市西湖区文三路100号', 主体业态: '餐饮服务经营者' };

/** Renewal (延续) and change (变更): a new version linked to the previous one, which becomes 失效（已换发）. */
describe.each(kinds)('licence renewal and change on %s', (kind) => {
  let h: ServiceHarness;
  let market: string;
  beforeAll(async () => {
    h = await startServiceForTest(licenceService, { db: kind });
    market = await h.tokenFor('approver.market');
  }, 60_000);
  afterAll(async () => {
    h?.app.get<ManualClock>(LICENCE_CLOCK).reset();
    await h?.close();
  });

  const row = async (identifier: string) =>
    (await h.database.db.sql.query<Row>('SELECT * FROM licence WHERE identifier = $1', [identifier]))[0];
  const ofApplication = async (appNo: string) =>
    (await h.database.db.sql.query<Row>('SELECT * FROM licence WHERE application_no = $1', [appNo]))[0];
  const issueFirst = async (code: string, holder: CaseDecidedPayload['holder'] = HOLDERS.xihuTech) => {
    const d = decision({ holder, licences: licenceOf(code), formData: FORM });
    await publishDecision(h, d);
    const first = await ofApplication(d.applicationNo);
    if (!first) throw new Error('nothing issued');
    return first;
  };
  const verify = async (identifier: string) =>
    (await request(h.url).get(`/api/licence/verify/${identifier}`)).body as Record<string, unknown>;

  it('a decision naming previousLicenceIdentifier issues version 2 with the same serial and supersedes version 1', async () => {
    const first = await issueFirst('RNA');
    const clock = h.app.get<ManualClock>(LICENCE_CLOCK);
    clock.advance(40 * DAY_MS); // renew later: the new validity period starts at the renewal
    const renewal = decision({
      licences: licenceOf('RNA'),
      formData: { ...FORM, previousLicenceIdentifier: first.identifier },
    });
    const eventId = randomUUID();
    await publishDecision(h, renewal, eventId);
    await publishDecision(h, renewal, eventId); // replay
    await publishDecision(h, renewal); // re-sent under a new event id
    clock.reset();
    const second = await ofApplication(renewal.applicationNo);
    expect(second).toMatchObject({
      serial: first.serial,
      version: 2,
      previous_identifier: first.identifier,
      status: 'valid',
    });
    const parsed = parseLicenceIdentifier(second?.identifier ?? '');
    expect(parsed).toMatchObject({ ok: true, parts: { serial: first.serial, version: 2 } });
    expect(second?.record).toMatchObject({ version: 2, previousIdentifier: first.identifier });
    expect(second?.valid_until?.getTime()).toBeGreaterThan(first.valid_until?.getTime() ?? Infinity);
    expect(await row(first.identifier)).toMatchObject({
      status: 'superseded',
      superseded_by: second?.identifier,
    });
    const versions = await h.database.db.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM licence WHERE serial = $1 AND type_code = 'RNA'",
      [first.serial],
    );
    expect(versions[0]?.n).toBe(2);

    const issued = (await eventsOf(h, Topics.licence, 'licence.issued')).filter(
      (e) => e.key === second?.identifier,
    );
    expect(issued).toHaveLength(1);
    expect(issued[0]?.payload['previousIdentifier']).toBe(first.identifier);
    const expired = (await eventsOf(h, Topics.licence, 'licence.expired')).filter(
      (e) => e.key === first.identifier,
    );
    expect(expired).toHaveLength(1);
    expect(expired[0]?.payload).toMatchObject({ supersededBy: second?.identifier });
  });

  it('verifying the superseded identifier says so and points to the new version; the new one is valid', async () => {
    const first = await issueFirst('RNV');
    const renewal = decision({
      licences: licenceOf('RNV'),
      formData: { ...FORM, previousLicenceIdentifier: first.identifier },
    });
    await publishDecision(h, renewal);
    const second = await ofApplication(renewal.applicationNo);
    const old = await verify(first.identifier);
    expect(old).toMatchObject({
      result: 'genuine',
      valid: false,
      reason: 'SUPERSEDED',
      supersededBy: second?.identifier,
      licence: { status: 'superseded', statusLabel: '失效（已换发）' },
    });
    expect(await verify(second?.identifier ?? '')).toMatchObject({
      result: 'genuine',
      valid: true,
      reason: null,
      supersededBy: null,
    });
    const qr = (
      await request(h.url)
        .get(`/api/licence/licences/${first.identifier}`)
        .set('authorization', `Bearer ${market}`)
    ).body as { qrText: string; supersededBy: string };
    expect(qr.supersededBy).toBe(second?.identifier);
    const byPayload = await request(h.url).post('/api/licence/verify').send({ payload: qr.qrText });
    expect(byPayload.body).toMatchObject({
      result: 'genuine',
      valid: false,
      reason: 'SUPERSEDED',
      supersededBy: second?.identifier,
    });
  });

  it("a change item (handling kind from the catalog) replaces the holder's only valid licence, keeping validity and unchanged fields", async () => {
    const first = await issueFirst('RNC');
    const implementationCode = `${ISSUERS.xihuMarket.uscc}4000140100002`;
    await publishImplementation(
      h,
      implementationSnapshot({
        implementationCode,
        baseItem: {
          code: '000140100002',
          name: '食品经营许可变更',
          type: '01',
          legalBasis: '《食品经营许可和备案管理办法》',
          handlingKind: 'change',
        },
        results: licenceOf('RNC'),
      }),
    );
    const change = decision({
      implementationCode,
      itemName: '食品经营许可变更',
      licences: licenceOf('RNC'),
      formData: { 经营场所: '杭州市西湖区文三路200号' },
    });
    await publishDecision(h, change);
    const second = await ofApplication(change.applicationNo);
    expect(second).toMatchObject({ version: 2, serial: first.serial, previous_identifier: first.identifier });
    expect(second?.fields).toEqual([
      { label: '经营场所', value: '杭州市西湖区文三路200号' },
      { label: '主体业态', value: '餐饮服务经营者' },
    ]);
    expect(second?.valid_until?.toISOString()).toBe(first.valid_until?.toISOString());
    expect(second?.valid_from.toISOString()).toBe(first.valid_from.toISOString());
    expect((await row(first.identifier))?.status).toBe('superseded');
  });

  it("a renew item without a licence to replace, or naming another holder's licence, issues a new licence (version 1)", async () => {
    const implementationCode = `${ISSUERS.xihuMarket.uscc}4000140100003`;
    await publishImplementation(
      h,
      implementationSnapshot({
        implementationCode,
        baseItem: {
          code: '000140100003',
          name: '食品经营许可延续',
          type: '01',
          legalBasis: '《食品经营许可和备案管理办法》',
          handlingKind: 'renew',
        },
        results: licenceOf('RNN'),
      }),
    );
    const none = decision({ implementationCode, licences: licenceOf('RNN'), formData: FORM });
    await publishDecision(h, none);
    expect(await ofApplication(none.applicationNo)).toMatchObject({ version: 1, previous_identifier: null });

    const others = await issueFirst('RNO', HOLDERS.zhangsan);
    const foreign = decision({
      licences: licenceOf('RNO'),
      formData: { ...FORM, previousLicenceIdentifier: others.identifier },
    });
    await publishDecision(h, foreign);
    expect(await ofApplication(foreign.applicationNo)).toMatchObject({
      version: 1,
      previous_identifier: null,
    });
    expect((await row(others.identifier))?.status).toBe('valid');
  });

  it('an officer of the issuing department changes a licence: new version with the changed fields, rendered, chainable', async () => {
    const first = await issueFirst('RNE');
    const res = await request(h.url)
      .post(`/api/licence/licences/${first.identifier}/change`)
      .set('authorization', `Bearer ${market}`)
      .send({
        reason: '经营场所门牌号变更',
        fields: { 经营场所: '杭州市西湖区文三路102号', 备注: '门牌调整' },
        holderName: '杭州西湖示范科技股份有限公司',
      });
    expect(res.status).toBe(201);
    const next = res.body.identifier as string;
    expect(res.body).toMatchObject({ previousIdentifier: first.identifier, status: 'valid' });
    const view = (
      await request(h.url).get(`/api/licence/licences/${next}`).set('authorization', `Bearer ${market}`)
    ).body as Record<string, unknown>;
    expect(view).toMatchObject({
      version: 2,
      previousIdentifier: first.identifier,
      holder: { name: '杭州西湖示范科技股份有限公司', idNumber: HOLDERS.xihuTech.idNumber },
      fields: [
        { label: '经营场所', value: '杭州市西湖区文三路102号' },
        { label: '主体业态', value: '餐饮服务经营者' },
        { label: '备注', value: '门牌调整' },
      ],
      validUntil: expect.any(String),
    });
    expect(await verify(next)).toMatchObject({ valid: true });
    const old = (
      await request(h.url)
        .get(`/api/licence/licences/${first.identifier}`)
        .set('authorization', `Bearer ${market}`)
    ).body as {
      status: string;
      history: Array<{ to: string; reason: string; by: string }>;
    };
    expect(old.status).toBe('superseded');
    expect(old.history.at(-1)).toMatchObject({
      to: 'superseded',
      reason: expect.stringContaining('经营场所门牌号变更'),
      by: '陈明',
    });
    await until(
      async () =>
        ((await row(next)) as unknown as { render_status: string } | undefined)?.render_status === 'done' ||
        undefined,
      'render of the new version',
    );

    const again = await request(h.url)
      .post(`/api/licence/licences/${first.identifier}/change`)
      .set('authorization', `Bearer ${market}`)
      .send({ reason: '再次变更', fields: { 经营场所: 'x' } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('LICENCE_STATUS_CONFLICT');
    const third = await request(h.url)
      .post(`/api/licence/licences/${next}/change`)
      .set('authorization', `Bearer ${market}`)
      .send({ reason: '主体业态变更', fields: { 主体业态: '食品销售经营者' } });
    expect(third.status).toBe(201);
    expect(parseLicenceIdentifier(third.body.identifier as string)).toMatchObject({
      ok: true,
      parts: { serial: first.serial, version: 3 },
    });
  });

  it('a change that changes nothing, or of a suspended licence, or with unknown body fields, is refused and changes nothing', async () => {
    const first = await issueFirst('RNX');
    const post = (body: object) =>
      request(h.url)
        .post(`/api/licence/licences/${first.identifier}/change`)
        .set('authorization', `Bearer ${market}`)
        .send(body);
    const same = await post({ reason: '无变化', fields: { 经营场所: FORM.经营场所 } });
    expect(same.status).toBe(422);
    expect(same.body.code).toBe('LICENCE_NOTHING_CHANGED');
    const unknown = await post({ reason: '未知字段', validUntil: '2099-01-01' });
    expect([400, 422]).toContain(unknown.status);
    expect(JSON.stringify(unknown.body)).toContain('validUntil');
    expect((await post({ fields: { 经营场所: 'y' } })).status).toBeGreaterThanOrEqual(400);
    await request(h.url)
      .post(`/api/licence/licences/${first.identifier}/suspend`)
      .set('authorization', `Bearer ${market}`)
      .send({ reason: '暂扣' })
      .expect(200);
    const suspended = await post({ reason: '变更', fields: { 经营场所: 'z' } });
    expect(suspended.status).toBe(409);
    expect(await row(first.identifier)).toMatchObject({ status: 'suspended', superseded_by: null });
    const versions = await h.database.db.sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM licence WHERE type_code = 'RNX'",
    );
    expect(versions[0]?.n).toBe(1);
  });
});
