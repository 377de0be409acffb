// Issue 10, item 4 — dependency outages. Database: the service's PostgreSQL database stops accepting connections
// (ALLOW_CONNECTIONS false + every backend terminated, as in a failover): readiness reports it, requests fail
// fast with a structured 503 instead of hanging, and both recover without a restart once the database is back.
// Object storage down (the s3rver stopped): uploads fail with a structured 503 and nothing is recorded.
// Identity provider down: proven in libs/auth/src/nest/auth.e2e-spec.ts ("keeps validating after the IdP stops,
// and fails closed for a new kid").
import { intakeService } from '@hall/app-intake';
import { supervisionService } from '@hall/app-supervision';
import { isPostgresAvailable, TEST_PG_ADMIN_URL } from '@hall/persistence';
import { startServiceForTest, type ServiceHarness } from '@hall/platform/testing';
import { samplePdf } from '@hall/storage';
import pg from 'pg';
import request from 'supertest';
import { waitFor } from './support/messaging-fixture.js';

const pgUp = await isPostgresAvailable();
const describePg = pgUp ? describe : describe.skip;

/** Runs one statement on the server's admin database. */
async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describePg('database outage (PostgreSQL)', () => {
  let h: ServiceHarness;
  let dbName = '';
  // A request must answer within this bound even while the database is gone (a hang fails the test).
  const bound = 15_000;

  beforeAll(async () => {
    h = await startServiceForTest(supervisionService, { db: 'pg' });
    if (h.database.config.kind !== 'pg') throw new Error('expected PostgreSQL');
    dbName = new URL(h.database.config.url).pathname.slice(1);
  }, 90_000);
  afterAll(async () => {
    await admin(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await h?.close();
  });

  const stats = async () =>
    request(h.url)
      .get('/api/supervision/stats')
      .set('authorization', `Bearer ${await h.tokenFor('supervisor')}`)
      .timeout(bound);
  const deadLetters = async () =>
    request(h.url)
      .get('/api/supervision/dead-letters')
      .set('authorization', `Bearer ${await h.tokenFor('admin')}`)
      .timeout(bound);

  it('fails readiness and answers 503 quickly while the database is down, and recovers without a restart', async () => {
    const superToken = await h.tokenFor('supervisor');
    const adminToken = await h.tokenFor('admin');
    expect(superToken && adminToken).toBeTruthy();
    expect((await request(h.url).get('/api/supervision/health')).status).toBe(200);
    expect((await stats()).status).toBe(200);
    expect((await deadLetters()).status).toBe(200);

    await admin(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS false`);
    await admin(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbName}' AND pid <> pg_backend_pid()`,
    );

    const health = await request(h.url).get('/api/supervision/health').timeout(bound);
    expect(health.status).toBe(503);
    expect(health.body.checks).toMatchObject({ database: 'down' });
    expect((await request(h.url).get('/api/supervision/health/live').timeout(bound)).status).toBe(200);
    for (const res of [await stats(), await deadLetters()]) {
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.correlationId).toEqual(expect.any(String));
      expect(JSON.stringify(res.body)).not.toContain(dbName);
    }

    await admin(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS true`);
    await waitFor(
      'readiness back',
      async () => (await request(h.url).get('/api/supervision/health').timeout(bound)).status === 200,
    );
    expect((await stats()).status).toBe(200);
    expect((await deadLetters()).status).toBe(200);
  }, 120_000);
});

describe('object storage outage', () => {
  let h: ServiceHarness;
  const uploads = async () =>
    Number(
      (await h.database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM uploaded_file'))[0]?.n,
    );
  const upload = async (name: string) =>
    request(h.url)
      .post('/api/intake/files')
      .set('authorization', `Bearer ${await h.tokenFor('zhangsan')}`)
      .attach('file', samplePdf(name), { filename: `${name}.pdf`, contentType: 'application/pdf' })
      .timeout(20_000);

  beforeAll(async () => {
    h = await startServiceForTest(intakeService, { db: pgUp ? 'pg' : 'pglite' });
  }, 90_000);
  afterAll(async () => {
    await h?.close();
  });

  it('refuses uploads with a structured 503 and records nothing while the object store is down', async () => {
    expect((await upload('before')).status).toBe(201);
    const before = await uploads();
    await h.storageServer?.close();
    expect(h.storageServer).toBeDefined();

    const res = await upload('during');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      statusCode: 503,
      code: 'STORAGE_UNAVAILABLE',
      correlationId: expect.any(String),
    });
    expect(await uploads()).toBe(before);
    const health = await request(h.url).get('/api/intake/health').timeout(20_000);
    expect(health.status).toBe(503);
    expect(health.body.checks).toMatchObject({ database: 'up', storage: 'down' });
  }, 60_000);
});
