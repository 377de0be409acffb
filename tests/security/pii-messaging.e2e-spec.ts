/**
 * Personal data in the messaging tables (issue 10, item 13): event payloads carry ID and phone numbers between the
 * services, and the services seal them when an event is staged (`PERSONAL_DATA_FIELDS`, `piiPayloadCodec`). A real
 * case runs through the whole embedded hall (on PostgreSQL, one database per service, and on PGlite): an applicant
 * with an ID number and phones applies, the window accepts, three departments approve, the lead decides, three
 * e-licences are issued and intake completes; plus a poison event with a walk-in applicant's numbers that approval
 * dead-letters. Then every `outbox`, `inbox` and `dead_letter` row of every service database, and every message on
 * the transport (the broker's copy, dead-letter topic included), is scanned for the numbers in clear: none. The
 * effects downstream still see them: the licence holder's code, the approval case's applicant, the wallet found
 * by the holder's blind index. The dead letter is listed and replayed over the operator endpoint, still sealed.
 */
import { exampleFormData, type ApplicationForm } from '@hall/contracts';
import {
  ALL_TOPICS,
  ApplicationAccepted,
  ApplicationSubmitted,
  INTAKE_EVENTS,
  Topics,
  type PayloadOf,
} from '@hall/contracts';
import { stageEvent } from '@hall/messaging';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@hall/persistence';
import { messagingOf, PII_CIPHERTEXT_PATTERN } from '@hall/platform';
import { samplePdf } from '@hall/storage';
import request from 'supertest';
import { startEmbeddedHall, type EmbeddedHall } from '../../apps/hall/src/embedded-hall.js';

/** zhangsan's numbers (the token's claims), the contact and postal phones given at submission, a walk-in's. */
const OWN_ID = '330102199003071230';
const OWN_PHONE = '13800000001';
const CONTACT_PHONE = '13912345678';
const POST_PHONE = '13788889999';
const WALK_IN_ID = '11010519491231002X';
const WALK_IN_PHONE = '15066667777';
const SECRETS = [OWN_ID, OWN_PHONE, CONTACT_PHONE, POST_PHONE, WALK_IN_ID, WALK_IN_PHONE];
const SERVICES = ['catalog', 'intake', 'approval', 'licence', 'supervision', 'disclosure'];

async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`not reached in time: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function expectOk(res: { status: number; body: unknown }): void {
  if (res.status < 200 || res.status > 299)
    throw new Error(`expected success, got ${res.status}: ${JSON.stringify(res.body)}`);
}

/** Where a secret occurs in a text (with context, for the failure message). */
function hits(text: string): string[] {
  return SECRETS.flatMap((s) =>
    [...text.matchAll(new RegExp(s, 'gi'))].map(
      (m) => `${s}: …${text.slice(Math.max(0, m.index - 80), m.index + 40)}…`,
    ),
  );
}

const kinds = await testDatabaseKinds();

describe.each(kinds)('personal data in outbox, inbox, dead letters and on the transport (%s)', (kind) => {
  let hall: EmbeddedHall;
  const databases: TestDatabase[] = [];
  const tokens = new Map<string, string>();
  const as = async (username: string) => {
    let token = tokens.get(username);
    if (!token) {
      const res = await request(hall.url)
        .post('/realms/hall/protocol/openid-connect/token')
        .type('form')
        .send({ grant_type: 'password', client_id: 'hall-cli', username, password: 'demo' });
      expectOk(res);
      token = (res.body as { access_token: string }).access_token;
      tokens.set(username, token);
    }
    return `Bearer ${token}`;
  };
  const messagingOfService = (service: string) => {
    const runtime = hall.services.get(service)?.runtime;
    const messaging = runtime && messagingOf(runtime);
    if (!messaging) throw new Error(`no messaging for ${service}`);
    return messaging;
  };
  const sqlOf = (service: string) => {
    const db = hall.services.get(service)?.runtime.db;
    if (!db) throw new Error(`no service ${service}`);
    return db.sql;
  };
  let applicationNo = '';
  let poisonNo = '';
  /** The application of a row staged in clear as before sealing (published in clear: the broker keeps that copy). */
  let legacyNo = '';

  beforeAll(async () => {
    hall = await startEmbeddedHall({
      port: 0,
      logLevel: 'silent',
      ...(kind === 'pg' && {
        openServiceDatabase: async (service: string) => {
          const t = await createTestDatabase('pg', { label: `pii_messaging_${service}` });
          databases.push(t);
          return { ...t.db, close: async () => undefined };
        },
      }),
    });
  }, 300_000);

  afterAll(async () => {
    await hall?.close();
    for (const d of databases) await d.dispose();
  });

  it('a case from application to licences through sealed events: the services downstream see the numbers in clear', async () => {
    const search = await request(hall.url)
      .get('/api/catalog/implementations')
      .query({ q: '开办餐饮店', region: '330102' });
    const code =
      (search.body as { items: Array<{ implementationCode: string; regionCode: string }> }).items.find(
        (i) => i.regionCode === '330102',
      )?.implementationCode ?? '';
    const view = await eventually('intake knows the implementation', async () => {
      const res = await request(hall.url).get(`/api/intake/implementations/${code}`);
      return res.status === 200
        ? (res.body as {
            snapshot: {
              materials: Array<{ id: string; required: boolean; promiseAllowed: boolean }>;
              applicationForm: ApplicationForm;
            };
          })
        : undefined;
    });
    const applicant = await as('zhangsan');
    const materials = [];
    for (const m of view.snapshot.materials.filter((x) => x.required)) {
      if (m.promiseAllowed) {
        materials.push({ materialId: m.id, source: 'promise', promise: '本人承诺所填信息真实。' });
        continue;
      }
      const up = await request(hall.url)
        .post('/api/intake/files')
        .set('authorization', applicant)
        .attach('file', samplePdf(m.id), { filename: `${m.id}.pdf`, contentType: 'application/pdf' });
      expectOk(up);
      materials.push({ materialId: m.id, source: 'upload', fileIds: [(up.body as { id: string }).id] });
    }
    const submit = await request(hall.url)
      .post('/api/intake/applications')
      .set('authorization', applicant)
      .send({
        implementationCode: code,
        formData: exampleFormData(view.snapshot.applicationForm, { entityName: '张三小馆' }),
        materials,
        contact: { phone: CONTACT_PHONE },
        delivery: {
          method: 'post',
          address: { recipient: '张三', phone: POST_PHONE, address: '杭州市上城区清河坊 88 号' },
        },
      });
    expectOk(submit);
    applicationNo = (submit.body as { no: string }).no;
    expectOk(
      await request(hall.url)
        .post(`/api/intake/applications/${applicationNo}/accept`)
        .set('authorization', await as('clerk.shangcheng'))
        .send({}),
    );

    const officers = [
      { username: 'approver.market', cosigner: 'head.market' },
      { username: 'approver.fire', cosigner: undefined },
      { username: 'approver.urban', cosigner: undefined },
    ];
    await Promise.all(
      officers.map(async (o) => {
        const auth = await as(o.username);
        const task = await eventually(`${o.username} sees the task`, async () => {
          const res = await request(hall.url)
            .get('/api/approval/tasks')
            .query({ pageSize: 100 })
            .set('authorization', auth);
          return (res.body as { items?: Array<{ id: string; applicationNo: string }> }).items?.find(
            (t) => t.applicationNo === applicationNo,
          );
        });
        expectOk(
          await request(hall.url)
            .post(`/api/approval/tasks/${task.id}/claim`)
            .set('authorization', auth)
            .send({}),
        );
        const done = await request(hall.url)
          .post(`/api/approval/tasks/${task.id}/complete`)
          .set('authorization', auth)
          .send({ verdict: 'approve', opinion: '同意。' });
        expectOk(done);
        if ((done.body as { status: string }).status === 'cosign') {
          expectOk(
            await request(hall.url)
              .post(`/api/approval/tasks/${task.id}/complete`)
              .set('authorization', await as(o.cosigner ?? ''))
              .send({ verdict: 'approve', opinion: '属实。' }),
          );
        }
      }),
    );
    expectOk(
      await request(hall.url)
        .post(`/api/approval/cases/${applicationNo}/decide`)
        .set('authorization', await as('approver.market'))
        .send({ outcome: 'approved', reasons: '准予许可。' }),
    );

    // Downstream: the wallet finds the licences by the holder's blind index, the holder code opens to the ID number.
    const wallet = await eventually('three licences in the wallet', async () => {
      const res = await request(hall.url)
        .get('/api/licence/licences')
        .query({ mine: 1 })
        .set('authorization', applicant);
      const mine = (
        res.body as { items: Array<{ identifier: string; applicationNo?: string }> }
      ).items.filter((l) => l.applicationNo === applicationNo);
      return mine.length === 3 ? mine : undefined;
    });
    const licence = await request(hall.url)
      .get(`/api/licence/licences/${wallet[0]?.identifier}`)
      .set('authorization', applicant);
    expectOk(licence);
    expect((licence.body as { holder: { idNumber: string } }).holder.idNumber).toBe(OWN_ID);
    const approvalCase = await request(hall.url)
      .get(`/api/approval/cases/${applicationNo}`)
      .set('authorization', await as('approver.market'));
    expect(
      (approvalCase.body as { applicant: { idNumber: string; phone?: string } }).applicant,
    ).toMatchObject({ idNumber: OWN_ID });
    await eventually('intake completed', async () => {
      const res = await request(hall.url)
        .get(`/api/intake/applications/${applicationNo}`)
        .set('authorization', applicant);
      return (res.body as { status: string }).status === 'completed' ? true : undefined;
    });
  }, 600_000);

  it("a poison event with a walk-in's numbers is dead-lettered sealed, listed and replayed over the operator endpoint", async () => {
    // The accepted event of the case, as intake staged it, for an implementation version approval never received.
    const [row] = await sqlOf('intake').query<{ payload: unknown }>(
      `SELECT payload FROM outbox WHERE type = $1 AND key = $2`,
      [ApplicationAccepted.type, applicationNo],
    );
    const intake = messagingOfService('intake');
    const accepted = ApplicationAccepted.payload.parse(intake.codec.open(ApplicationAccepted, row?.payload));
    poisonNo = `${applicationNo.slice(0, 14)}999999X`;
    const poison: PayloadOf<typeof ApplicationAccepted> = {
      ...accepted,
      applicationNo: poisonNo,
      implementationVersion: 99,
      applicant: {
        kind: 'person',
        name: '王五',
        idType: 'ID_CARD',
        idNumber: WALK_IN_ID,
        phone: WALK_IN_PHONE,
      },
    };
    await intake.transaction((tx) => intake.stage(tx, ApplicationAccepted, poison));
    const admin = await as('admin');
    const dead = await eventually('approval dead-lettered the poison', async () => {
      const res = await request(hall.url).get('/api/approval/dead-letters').set('authorization', admin);
      return (res.body as { items: Array<{ id: string; key: string; value: string }> }).items.find(
        (d) => d.key === poisonNo,
      );
    });
    // The operator's view holds the message as carried: sealed.
    expect(hits(JSON.stringify(dead))).toEqual([]);
    expect(JSON.parse(dead.value)).toMatchObject({
      payload: { applicant: { idNumber: expect.stringMatching(PII_CIPHERTEXT_PATTERN) } },
    });
    // A replay opens it and reaches the handler, which still refuses the unknown version (not the sealing).
    const replay = await request(hall.url)
      .post(`/api/approval/dead-letters/${dead.id}/replay`)
      .set('authorization', admin);
    expect(replay.status).toBe(409);
    expect(JSON.stringify(replay.body)).toContain('version 99');
    expect(hits(JSON.stringify(replay.body))).toEqual([]);
  }, 120_000);

  it('rows staged before sealing still open, and are sealed at rest by the startup pass (once)', async () => {
    // An outbox row as staged before this change: plaintext. The relay publishes it and supervision opens it.
    const intake = messagingOfService('intake');
    const submittedRow = (
      await sqlOf('intake').query<{ payload: unknown }>(
        `SELECT payload FROM outbox WHERE type = $1 AND key = $2`,
        ['intake.application.submitted', applicationNo],
      )
    )[0];
    legacyNo = `${applicationNo.slice(0, 14)}999998X`;
    const legacy = {
      ...(intake.codec.open(ApplicationSubmitted, submittedRow?.payload) as Record<string, unknown>),
      applicationNo: legacyNo,
      applicant: {
        kind: 'person',
        name: '王五',
        idType: 'ID_CARD',
        idNumber: WALK_IN_ID,
        phone: WALK_IN_PHONE,
      },
    };
    const sql = sqlOf('intake');
    await sql.transaction((tx) =>
      stageEvent(
        {
          $executeRawUnsafe: (q, ...v) => tx.execute(q, v),
          $queryRawUnsafe: async <R>(q: string, ...v: unknown[]) => (await tx.query(q, v)) as R,
        },
        ApplicationSubmitted,
        ApplicationSubmitted.payload.parse(legacy),
        { source: 'intake' },
      ),
    );
    intake.relay.nudge();
    const timeline = await eventually('supervision recorded the plaintext event', async () => {
      const res = await request(hall.url)
        .get(`/api/supervision/cases/${legacyNo}/timeline`)
        .set('authorization', await as('supervisor'));
      return res.status === 200 && (res.body as { entries: unknown[] }).entries.length > 0
        ? res.body
        : undefined;
    });
    expect(JSON.stringify(timeline)).toContain('intake.application.submitted');
    // A dead letter from before, plaintext, in approval.
    await sqlOf('approval').execute(
      `INSERT INTO dead_letter (id, consumer, event_id, topic, partition, "offset", key, headers, value, error, attempts)
       VALUES (gen_random_uuid(), 'approval', gen_random_uuid(), $1, 0, '1', $2, '{}'::jsonb, $3, 'legacy', 1)`,
      [
        ApplicationSubmitted.topic,
        legacyNo,
        JSON.stringify({
          id: '00000000-0000-4000-8000-000000000001',
          type: ApplicationSubmitted.type,
          version: 1,
          key: legacyNo,
          occurredAt: new Date().toISOString(),
          source: 'intake',
          payload: legacy,
        }),
      ],
    );
    expect(await messagingOfService('intake').sealStoredPayloads()).toEqual({ outbox: 1, deadLetters: 0 });
    expect(await messagingOfService('approval').sealStoredPayloads()).toEqual({ outbox: 0, deadLetters: 1 });
    expect(await messagingOfService('intake').sealStoredPayloads()).toEqual({ outbox: 0, deadLetters: 0 });
    expect(await messagingOfService('approval').sealStoredPayloads()).toEqual({ outbox: 0, deadLetters: 0 });
    const [row] = await sql.query<{ payload: unknown; text: string }>(
      `SELECT payload, payload::text AS text FROM outbox WHERE key = $1`,
      [legacyNo],
    );
    expect(row?.text).not.toContain(WALK_IN_ID);
    expect(intake.codec.open(ApplicationSubmitted, row?.payload)).toEqual(
      JSON.parse(JSON.stringify(ApplicationSubmitted.payload.parse(legacy))),
    );
  }, 120_000);

  it('no outbox, inbox or dead-letter row of any service, and no message on the transport, holds a number in clear', async () => {
    // The other ways numbers come in: a 依申请公开 request (the token's ID number, a contact phone) and an enquiry's
    // call-back phone. Their events carry no number; the rows keep them encrypted.
    const filed = await request(hall.url)
      .post('/api/disclosure/requests')
      .set('authorization', await as('zhangsan'))
      .send({
        agency: 'market-regulation',
        description: '2026年本区食品经营许可发放情况',
        phone: CONTACT_PHONE,
        deliveryForm: 'electronic',
        deliveryWay: 'online',
      });
    expectOk(filed);
    const asked = await request(hall.url)
      .post('/api/intake/enquiries')
      .set('authorization', await as('zhangsan'))
      .send({
        type: 'consultation',
        subject: '餐饮许可办理时限',
        text: '食品经营许可一般多久能办结？',
        regionCode: '330102',
        contactPhone: CONTACT_PHONE,
      });
    expectOk(asked);
    for (const [service, table] of [
      ['disclosure', 'disclosure_request'],
      ['intake', 'enquiry'],
    ] as const) {
      const rows = await sqlOf(service).query<{ row_text: string }>(
        `SELECT t::text AS row_text FROM ${table} t`,
      );
      expect({ table, rows: rows.length > 0 }).toEqual({ table, rows: true });
      expect(rows.flatMap((r) => hits(r.row_text))).toEqual([]);
    }
    await eventually('every outbox drained', async () => {
      for (const s of SERVICES) {
        const [r] = await sqlOf(s).query<{ n: number }>(
          'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
        );
        if (Number(r?.n) > 0) return undefined;
      }
      return true;
    });
    const counts: Record<string, number> = {};
    const found: string[] = [];
    for (const s of SERVICES) {
      for (const table of ['outbox', 'inbox', 'dead_letter']) {
        const rows = await sqlOf(s).query<{ row_text: string }>(`SELECT t::text AS row_text FROM ${table} t`);
        counts[`${s}.${table}`] = rows.length;
        found.push(...rows.flatMap((r) => hits(r.row_text).map((h) => `${s}.${table}: ${h}`)));
      }
    }
    expect(found).toEqual([]);
    // Not vacuous: the rows that carried the numbers are there, sealed.
    for (const s of ['intake', 'approval', 'licence', 'supervision'])
      expect(counts[`${s}.inbox`]).toBeGreaterThan(0);
    expect(counts['approval.dead_letter']).toBe(2);
    const sealedRows = async (service: string, type: string) =>
      (
        await sqlOf(service).query<{ payload: string }>(
          `SELECT payload::text AS payload FROM outbox WHERE type = $1`,
          [type],
        )
      ).map((r) => r.payload);
    for (const [service, type] of [
      ['intake', 'intake.application.submitted'],
      ['intake', 'intake.application.accepted'],
      ['approval', 'approval.case.decided'],
      ['licence', 'licence.issued'],
    ] as const) {
      const payloads = await sealedRows(service, type);
      expect({ type, n: payloads.length > 0 }).toEqual({ type, n: true });
      for (const p of payloads) expect(p).toMatch(/"pii:[A-Za-z0-9]+:[A-Za-z0-9_-]{38,}"/);
    }
    // The broker's copy: every message the transport carried (dead-letter topic included).
    // (The legacy row went out in clear before it was sealed, as it did before this change: left out here.)
    const messages = ALL_TOPICS.flatMap((t) => hall.transport.read(t)).filter((m) => m.key !== legacyNo);
    expect(messages.length).toBeGreaterThan(10);
    expect(messages.flatMap((m) => hits(`${m.key} ${JSON.stringify(m.headers)} ${m.value}`))).toEqual([]);
    // Opened by a consumer's codec, the intake events carry the applicant in clear (what approval and supervision got).
    const intake = messagingOfService('intake');
    const submitted = hall.transport
      .read(Topics.intakeApplication)
      .map((m) => JSON.parse(m.value) as { type: string; key: string; payload: unknown })
      .find((e) => e.type === 'intake.application.submitted' && e.key === applicationNo);
    const contract = INTAKE_EVENTS.find((c) => c.type === submitted?.type);
    if (!contract) throw new Error('no submitted event');
    expect(intake.codec.open(contract, submitted?.payload)).toMatchObject({
      applicant: { idNumber: OWN_ID },
    });
  }, 120_000);
});
