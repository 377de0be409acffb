// Issue 10, item 3 — poison messages. A message its consumer cannot handle is retried, then dead-lettered: kept in
// the service's `dead_letter` table and sent to the dead-letter topic, while later messages of the same partition
// are processed. An operator (role admin) lists dead letters and replays one once the cause is fixed; replaying is
// idempotent. Runs against the real approval service: an acceptance naming an implementation version the catalog
// never sent (yet) is the poison. Its applicant's ID and phone numbers are sealed as a producing service seals them:
// the dead letter (table, topic, operator listing) keeps them sealed, and the replay opens them.
import { ApplicationAccepted, ImplementationPublished, Topics } from '@hall/contracts';
import { approvalService } from '@hall/app-approval';
import { partitionFor } from '@hall/messaging';
import { testDatabaseKinds } from '@hall/persistence';
import { developmentPiiKeyring, PiiCipher, piiPayloadCodec } from '@hall/platform';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import request from 'supertest';
import {
  accepted,
  applicationNo,
  EXTRA_ACCOUNTS,
  snapshot,
} from '../../apps/approval/test/factories/approval.factory.js';
import { messageOf } from './support/capturing-transport.js';

const kinds = await testDatabaseKinds();
const kind = kinds.includes('pg') ? 'pg' : 'pglite';

describe(`poison messages on approval (${kind})`, () => {
  let h: ServiceHarness;
  const tokens: Record<string, string> = {};
  const token = async (u: string) => (tokens[u] ??= await h.tokenFor(u));
  const api = `/api/approval/dead-letters`;
  const casesOf = async (no: string) =>
    Number(
      (
        await h.database.db.sql.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM approval_case WHERE application_no = $1',
          [no],
        )
      )[0]?.n,
    );

  const known = snapshot({
    implementationCode: `${snapshot().implementationCode.slice(0, 20)}3000140100501`,
  });
  const missing = { ...known, version: 7 };
  const poisonPayload = accepted(missing);
  // A healthy acceptance on the same partition (4 in-process partitions), published right after the poison.
  let healthyNo = applicationNo();
  while (partitionFor(healthyNo, 4) !== partitionFor(poisonPayload.applicationNo, 4))
    healthyNo = applicationNo();
  const healthyPayload = accepted(known, { applicationNo: healthyNo });
  // Sealed with the development keyring, which the harness's services use too.
  const poison = messageOf(ApplicationAccepted, poisonPayload, {
    codec: piiPayloadCodec(new PiiCipher(developmentPiiKeyring())),
  });
  const clear = [poisonPayload.applicant.idNumber, poisonPayload.applicant.phone ?? ''];
  let deadLetterId = '';

  beforeAll(async () => {
    h = await startServiceForTest(approvalService, { db: kind, extraAccounts: EXTRA_ACCOUNTS });
    await h.transport.publish([messageOf(ImplementationPublished, known)]);
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('retries the poison, dead-letters it (table and topic), and the partition keeps flowing', async () => {
    // Resolves once approval has committed both: the poison as a dead letter, the next one as processed.
    await h.transport.publish([poison, messageOf(ApplicationAccepted, healthyPayload)]);
    expect(await casesOf(healthyNo)).toBe(1);
    expect(await casesOf(poisonPayload.applicationNo)).toBe(0);
    const rows = await h.database.db.sql.query<{
      id: string;
      event_id: string;
      attempts: number;
      error: string;
      topic: string;
    }>('SELECT id, event_id, attempts, error, topic FROM dead_letter');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      event_id: poison.headers['event-id'],
      attempts: 8,
      topic: ApplicationAccepted.topic,
    });
    expect(rows[0]?.error).toContain('version 7');
    deadLetterId = rows[0]?.id ?? '';
    const stored = await h.database.db.sql.query<{ row_text: string; value: string }>(
      'SELECT d::text AS row_text, value FROM dead_letter d',
    );
    for (const c of clear) expect(stored[0]?.row_text).not.toContain(c);
    expect(stored[0]?.value).toMatch(/"idNumber":"pii:dev1:/);
    const onTopic = h.transport
      .read(Topics.deadLetter)
      .map((m) => JSON.parse(m.value) as { group: string; key: string; originalTopic: string });
    expect(onTopic).toEqual([
      expect.objectContaining({
        group: 'approval',
        key: poisonPayload.applicationNo,
        originalTopic: ApplicationAccepted.topic,
      }),
    ]);
    for (const c of clear) expect(JSON.stringify(h.transport.read(Topics.deadLetter))).not.toContain(c);
  }, 120_000);

  it('lists dead letters for an admin only', async () => {
    const res = await request(h.url)
      .get(api)
      .set('authorization', `Bearer ${await token('admin')}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        id: deadLetterId,
        group: 'approval',
        eventId: poison.headers['event-id'],
        type: 'intake.application.accepted',
        attempts: 8,
        replayedAt: null,
      }),
    ]);
    for (const c of clear) expect(JSON.stringify(res.body)).not.toContain(c);
    expect((await request(h.url).get(api)).status).toBe(401);
    for (const user of ['approver.market', 'clerk.xihu', 'supervisor']) {
      expect(
        (
          await request(h.url)
            .get(api)
            .set('authorization', `Bearer ${await token(user)}`)
        ).status,
      ).toBe(403);
    }
    expect(
      (
        await request(h.url)
          .post(`${api}/${deadLetterId}/replay`)
          .set('authorization', `Bearer ${await token('approver.market')}`)
      ).status,
    ).toBe(403);
  });

  it('a replay before the cause is fixed fails cleanly and keeps the dead letter', async () => {
    const res = await request(h.url)
      .post(`${api}/${deadLetterId}/replay`)
      .set('authorization', `Bearer ${await token('admin')}`);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'REPLAY_FAILED' });
    expect(await casesOf(poisonPayload.applicationNo)).toBe(0);
    const listed = await request(h.url)
      .get(api)
      .set('authorization', `Bearer ${await token('admin')}`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: deadLetterId, attempts: 9, replayedAt: null }),
    ]);
  });

  it('after the cause is fixed, a replay applies the message once; replaying again changes nothing', async () => {
    await h.transport.publish([messageOf(ImplementationPublished, missing)]);
    const admin = `Bearer ${await token('admin')}`;
    const first = await request(h.url).post(`${api}/${deadLetterId}/replay`).set('authorization', admin);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ id: deadLetterId, outcome: 'processed', alreadyReplayed: false });
    expect(await casesOf(poisonPayload.applicationNo)).toBe(1);
    // The replay opened the sealed payload: approval's case has the applicant (decrypted view).
    const view = await request(h.url)
      .get(`/api/approval/cases/${poisonPayload.applicationNo}`)
      .set('authorization', `Bearer ${await token('approver.market')}`);
    expect(view.body.applicant).toMatchObject({ idNumber: poisonPayload.applicant.idNumber });
    const [second, third] = await Promise.all([
      request(h.url).post(`${api}/${deadLetterId}/replay`).set('authorization', admin),
      request(h.url).post(`${api}/${deadLetterId}/replay`).set('authorization', admin),
    ]);
    for (const res of [second, third]) {
      expect(res.status).toBe(200);
      expect(['processed', 'duplicate']).toContain(res.body.outcome);
    }
    expect(await casesOf(poisonPayload.applicationNo)).toBe(1);
    const opened = await h.database.db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE type = 'approval.case.opened' AND key = $1`,
      [poisonPayload.applicationNo],
    );
    expect(opened[0]?.n).toBe(1);
    expect((await request(h.url).get(api).set('authorization', admin)).body.items).toEqual([]);
    const all = await request(h.url).get(`${api}?includeReplayed=true`).set('authorization', admin);
    expect(all.body.items).toEqual([
      expect.objectContaining({ id: deadLetterId, replayOutcome: 'processed' }),
    ]);
  });

  it('an unknown dead letter is 404, a malformed id 400', async () => {
    const admin = `Bearer ${await token('admin')}`;
    const unknown = await request(h.url)
      .post(`${api}/00000000-0000-4000-8000-000000000000/replay`)
      .set('authorization', admin);
    expect(unknown.status).toBe(404);
    const bad = await request(h.url).post(`${api}/not-an-id/replay`).set('authorization', admin);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
