/**
 * Submit path (issue #9 §2): intake's `POST /api/intake/applications` (token, zod validation, implementation read
 * model, materials check, then ONE transaction: number sequence, application, material rows, status history,
 * notification, outbox event; then the application read back) on PostgreSQL, vs raw Fastify + `pg` writing the
 * same rows (copied from a service-written application, with a new number and ids) in one transaction and reading
 * the application back. autocannon, same connections, same database server and tables, alternated.
 * Budget: service ≥ 40 % of raw throughput (stretch 50 %), service p99 ≤ 3 × raw p99.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { isPostgresAvailable } from '@hall/persistence';
import {
  foodSnapshot,
  publishImplementation,
  startIntake,
} from '../apps/intake/test/factories/intake.factory.js';
import { chart, load, measure, note, size, type LoadResult } from './bench-kit.js';

type Row = Record<string, unknown>;

const combine = (a: LoadResult, b: LoadResult): LoadResult => ({
  rps: (a.rps + b.rps) / 2,
  p50: (a.p50 + b.p50) / 2,
  p95: Math.max(a.p95, b.p95),
  p99: Math.max(a.p99, b.p99),
  requests: a.requests + b.requests,
  errors: a.errors + b.errors,
  non2xx: a.non2xx + b.non2xx,
});

/** `INSERT INTO t (cols) SELECT cols FROM jsonb_populate_record(NULL::t, $1)` for the template's columns minus serial ones. */
function insertSql(table: string, template: Row, skip: readonly string[] = []): string {
  const cols = Object.keys(template)
    .filter((c) => !skip.includes(c))
    .map((c) => `"${c}"`)
    .join(', ');
  return `INSERT INTO "${table}" (${cols}) SELECT ${cols} FROM jsonb_populate_record(NULL::"${table}", $1::jsonb)`;
}

export async function runSubmitBench(): Promise<void> {
  if (!(await isPostgresAvailable())) {
    note('skipped', 'PostgreSQL unreachable on 127.0.0.1:5432');
    return;
  }
  const seconds = size('BENCH_SUBMIT_SECONDS', 30, 6);
  const connections = size('BENCH_SUBMIT_CONNECTIONS', 8, 8);
  const h = await startIntake('pg');
  const url = h.database.config.kind === 'pg' ? h.database.config.url : '';
  const pool = new pg.Pool({ connectionString: url, max: 4 }); // the service's pool size in tests
  const raw = Fastify({ logger: false });
  try {
    // Every required material may be promised (告知承诺): the submit path without uploads (those are the storage bench).
    const snapshot = foodSnapshot();
    snapshot.materials = snapshot.materials
      .filter((m) => m.id !== 'business-licence')
      .map((m) => (m.required ? { ...m, promiseAllowed: true } : m));
    await publishImplementation(h, snapshot);
    const body = JSON.stringify({
      implementationCode: snapshot.implementationCode,
      formData: { shopName: '西湖小吃店', area: 60, address: '杭州市西湖区文三路 1 号' },
      materials: ['application', 'layout', 'health'].map((materialId) => ({
        materialId,
        source: 'promise',
        promise: '本人承诺所填信息与材料真实有效。',
      })),
    });
    const token = await h.tokenFor('zhangsan');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const first = await fetch(`${h.url}/api/intake/applications`, { method: 'POST', headers, body });
    if (first.status !== 201)
      throw new Error(`service submit answered ${first.status}: ${await first.text()}`);
    const no = ((await first.json()) as { no: string }).no;
    // Wait until the relay published the event, then take the rows one submit wrote as the baseline's templates.
    for (let i = 0; i < 100; i++) {
      const [r] = await h.database.db.sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
      );
      if (Number(r?.n) === 0) break;
      await new Promise((r2) => setTimeout(r2, 20));
    }
    const rows = async (sql: string) => (await pool.query<{ j: Row }>(sql, [no])).rows.map((r) => r.j);
    const [app] = await rows('SELECT to_jsonb(a) AS j FROM application a WHERE no = $1');
    const materials = await rows(
      'SELECT to_jsonb(m) AS j FROM application_material m WHERE application_no = $1',
    );
    const [history] = await rows('SELECT to_jsonb(s) AS j FROM status_history s WHERE application_no = $1');
    const notifications = await rows('SELECT to_jsonb(n) AS j FROM notification n WHERE application_no = $1');
    const [outbox] = await rows('SELECT to_jsonb(o) AS j FROM outbox o WHERE key = $1');
    if (!app || !history || !outbox || materials.length === 0)
      throw new Error('could not read the rows of a submitted application');
    note(
      'rows per submit',
      `1 application, ${materials.length} materials, 1 status history, ${notifications.length} notification(s), 1 outbox event, 1 sequence upsert`,
    );
    const sql = {
      app: insertSql('application', app),
      material: insertSql('application_material', materials[0] ?? {}),
      history: insertSql('status_history', history, ['id']),
      notification: notifications[0] ? insertSql('notification', notifications[0]) : '',
      outbox: insertSql('outbox', outbox, ['seq']),
    };
    const withNo = <T>(row: Row, newNo: string, extra: Row = {}): T =>
      ({ ...(JSON.parse(JSON.stringify(row).replaceAll(no, newNo)) as Row), ...extra }) as T;

    raw.post('/api/intake/applications', async (req, reply) => {
      const input = req.body as { implementationCode?: unknown; materials?: unknown };
      if (typeof input.implementationCode !== 'string' || !Array.isArray(input.materials))
        return reply.status(400).send({ code: 'VALIDATION' });
      const impl = await pool.query('SELECT version, snapshot FROM implementation_view WHERE code = $1', [
        input.implementationCode,
      ]);
      if (impl.rowCount !== 1) return reply.status(404).send({ code: 'NOT_FOUND' });
      const client = await pool.connect();
      let newNo = '';
      try {
        await client.query('BEGIN');
        const seq = await client.query<{ last: number }>(
          `INSERT INTO application_sequence (region_code, day, last) VALUES ('999999', '20260302', 1)
           ON CONFLICT (region_code, day) DO UPDATE SET last = application_sequence.last + 1 RETURNING last`,
        );
        newNo = `R${String(seq.rows[0]?.last ?? 0).padStart(no.length - 1, '0')}`;
        await client.query(sql.app, [
          withNo(app, newNo, { form_data: (req.body as { formData?: unknown }).formData ?? {} }),
        ]);
        for (const m of materials) await client.query(sql.material, [withNo(m, newNo, { id: randomUUID() })]);
        await client.query(sql.history, [withNo(history, newNo)]);
        for (const n of notifications)
          await client.query(sql.notification, [withNo(n, newNo, { id: randomUUID() })]);
        await client.query(sql.outbox, [withNo(outbox, newNo, { id: randomUUID(), published_at: null })]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
      const saved = await pool.query('SELECT * FROM application WHERE no = $1', [newNo]);
      return reply.status(201).send(saved.rows[0]);
    });
    const rawUrl = await raw.listen({ port: 0, host: '127.0.0.1' });
    const check = await fetch(`${rawUrl}/api/intake/applications`, { method: 'POST', headers, body });
    if (check.status !== 201) throw new Error(`raw submit answered ${check.status}: ${await check.text()}`);

    const post = { method: 'POST', headers, body, connections };
    await load({ ...post, url: `${rawUrl}/api/intake/applications`, label: 'warm-up raw', seconds: 1 });
    await load({ ...post, url: `${h.url}/api/intake/applications`, label: 'warm-up service', seconds: 1 });
    const half = Math.max(1, Math.round(seconds / 2));
    const r1 = await load({
      ...post,
      url: `${rawUrl}/api/intake/applications`,
      label: 'raw Fastify + pg (1/2)',
      seconds: half,
    });
    const s1 = await load({
      ...post,
      url: `${h.url}/api/intake/applications`,
      label: 'intake submit (1/2)',
      seconds: half,
    });
    const r2 = await load({
      ...post,
      url: `${rawUrl}/api/intake/applications`,
      label: 'raw Fastify + pg (2/2)',
      seconds: half,
    });
    const s2 = await load({
      ...post,
      url: `${h.url}/api/intake/applications`,
      label: 'intake submit (2/2)',
      seconds: half,
    });
    const r = combine(r1, r2);
    const s = combine(s1, s2);
    const [count] = await h.database.db.sql.query<{ svc: number; raw: number }>(
      `SELECT count(*) FILTER (WHERE no NOT LIKE 'R%')::int AS svc, count(*) FILTER (WHERE no LIKE 'R%')::int AS raw FROM application`,
    );
    note(
      'setup',
      `${connections} connections, 2 × ${half} s each; applications stored: service ${count?.svc}, raw ${count?.raw}`,
    );
    const ratio = s.rps / r.rps;
    measure({
      name: 'submit throughput',
      value: s.rps,
      unit: 'req/s',
      baseline: r.rps,
      budget: { text: '≥ 0.40 × raw (stretch 0.50)', met: ratio >= 0.4 },
    });
    measure({
      name: 'submit p50 latency',
      value: s.p50,
      unit: 'ms',
      baseline: r.p50,
      note: 'lower is better',
    });
    measure({
      name: 'submit p99 latency',
      value: s.p99,
      unit: 'ms',
      baseline: r.p99,
      budget: { text: 'p99 ≤ 3 × raw p99', met: s.p99 <= 3 * r.p99 },
      note: 'lower is better',
    });
    measure({
      name: 'errors + non-2xx (service)',
      value: s.errors + s.non2xx,
      unit: 'responses',
      note: `of ${s.requests}`,
    });
    chart('Submit throughput', 'req/s', [
      { label: 'raw Fastify + pg, same rows', value: r.rps, kind: 'baseline' },
      { label: 'intake submit', value: s.rps, kind: ratio >= 0.4 ? 'service' : 'missed' },
    ]);
    chart('Submit p99 latency', 'ms', [
      { label: 'raw Fastify + pg', value: r.p99, kind: 'baseline' },
      { label: 'intake submit', value: s.p99, kind: s.p99 <= 3 * r.p99 ? 'service' : 'missed' },
    ]);
  } finally {
    await raw.close();
    await pool.end();
    await h.close();
  }
}
