/**
 * HTTP shell (issue #9 §1): a protected GET on a real NestJS-on-Fastify service — supervision's working-day calendar
 * `GET /api/supervision/calendar/2026`, role `supervisor`, a dev-IdP signed token checked on every request (the
 * verifier remembers a token it verified, as it does in production), one primary-key lookup through Prisma — vs
 * raw Fastify returning the same JSON bytes (the issue's baseline), and vs raw Fastify doing the same primary-key
 * lookup with `pg` (same work without framework, auth and ORM), all driven by autocannon with the same
 * connections and duration, alternated so that neighbours' load hits each alike.
 * Budget: service ≥ 70 % of raw throughput.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { isPostgresAvailable } from '@hall/persistence';
import { startServiceForTest } from '@hall/platform/testing';
import { supervisionService } from '../apps/supervision/src/index.js';
import { chart, load, measure, note, quick, size, type LoadResult } from './bench-kit.js';

const combine = (a: LoadResult, b: LoadResult): LoadResult => ({
  rps: (a.rps + b.rps) / 2,
  p50: (a.p50 + b.p50) / 2,
  p95: Math.max(a.p95, b.p95),
  p99: Math.max(a.p99, b.p99),
  requests: a.requests + b.requests,
  errors: a.errors + b.errors,
  non2xx: a.non2xx + b.non2xx,
});

export async function runHttpBench(): Promise<void> {
  const kind = (await isPostgresAvailable()) ? 'pg' : 'pglite';
  const seconds = size('BENCH_HTTP_SECONDS', 20, 4);
  const connections = size('BENCH_HTTP_CONNECTIONS', 10, 10);
  const h = await startServiceForTest(supervisionService, { db: kind });
  const raw = Fastify({ logger: false });
  const rawDb = Fastify({ logger: false });
  const config = h.database.config;
  const pool = config.kind === 'pg' ? new pg.Pool({ connectionString: config.url, max: 10 }) : undefined;
  try {
    const token = await h.tokenFor('supervisor');
    const path = '/api/supervision/calendar/2026';
    const first = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (first.status !== 200) throw new Error(`service answered ${first.status}: ${await first.text()}`);
    const body = await first.text();
    const denied = await fetch(`${h.url}${path}`);
    if (denied.status !== 401)
      throw new Error(`an unauthenticated GET answered ${denied.status}, expected 401`);
    raw.get(path, async (_req, reply) => reply.type('application/json; charset=utf-8').send(body));
    const rawUrl = await raw.listen({ port: 0, host: '127.0.0.1' });
    if (pool !== undefined) {
      const year = 2026;
      rawDb.get(path, async (_req, reply) => {
        // The same primary-key lookup the service makes (the year's override row), then the same JSON bytes.
        await pool.query(
          'SELECT year, holidays, workdays, source, updated_by, updated_at FROM calendar_year WHERE year = $1',
          [year],
        );
        return reply.type('application/json; charset=utf-8').send(body);
      });
    }
    const rawDbUrl = pool !== undefined ? await rawDb.listen({ port: 0, host: '127.0.0.1' }) : undefined;
    const headers = { authorization: `Bearer ${token}` };
    // Warm-up (JIT, connection pools), not measured.
    await load({ url: `${rawUrl}${path}`, label: 'warm-up raw', seconds: 1, connections, headers });
    if (rawDbUrl)
      await load({ url: `${rawDbUrl}${path}`, label: 'warm-up raw + pg', seconds: 1, connections, headers });
    await load({ url: `${h.url}${path}`, label: 'warm-up service', seconds: 1, connections, headers });
    const half = Math.max(1, Math.round(seconds / 2));
    const r1 = await load({
      url: `${rawUrl}${path}`,
      label: 'raw Fastify (1/2)',
      seconds: half,
      connections,
      headers,
    });
    const d1 = rawDbUrl
      ? await load({
          url: `${rawDbUrl}${path}`,
          label: 'raw Fastify + pg (1/2)',
          seconds: half,
          connections,
          headers,
        })
      : undefined;
    const s1 = await load({
      url: `${h.url}${path}`,
      label: 'NestJS service (1/2)',
      seconds: half,
      connections,
      headers,
    });
    const r2 = await load({
      url: `${rawUrl}${path}`,
      label: 'raw Fastify (2/2)',
      seconds: half,
      connections,
      headers,
    });
    const d2 = rawDbUrl
      ? await load({
          url: `${rawDbUrl}${path}`,
          label: 'raw Fastify + pg (2/2)',
          seconds: half,
          connections,
          headers,
        })
      : undefined;
    const s2 = await load({
      url: `${h.url}${path}`,
      label: 'NestJS service (2/2)',
      seconds: half,
      connections,
      headers,
    });
    const r = combine(r1, r2);
    const d = d1 && d2 ? combine(d1, d2) : undefined;
    const s = combine(s1, s2);
    note(
      'setup',
      `${connections} connections, 2 × ${half} s each, ${body.length} bytes of JSON, service on ${kind}${quick ? ' (--quick)' : ''}`,
    );
    const ratio = s.rps / r.rps;
    measure({
      name: 'protected GET throughput (token + role + PK lookup)',
      value: s.rps,
      unit: 'req/s',
      baseline: r.rps,
      budget: { text: '≥ 0.70 × raw', met: ratio >= 0.7 },
    });
    if (d) {
      measure({
        name: 'protected GET throughput vs raw Fastify + the same pg lookup',
        value: s.rps,
        unit: 'req/s',
        baseline: d.rps,
        note: 'same database work without framework, token check and ORM: what the shell itself costs',
      });
    }
    measure({
      name: 'protected GET p50 latency',
      value: s.p50,
      unit: 'ms',
      baseline: r.p50,
      note: 'lower is better',
    });
    measure({
      name: 'protected GET p99 latency',
      value: s.p99,
      unit: 'ms',
      baseline: r.p99,
      note: 'lower is better',
    });
    measure({
      name: 'errors + non-2xx (service)',
      value: s.errors + s.non2xx,
      unit: 'responses',
      note: `of ${s.requests}`,
    });
    chart('Protected GET throughput', 'req/s', [
      { label: 'raw Fastify, same JSON', value: r.rps, kind: 'baseline' },
      ...(d ? [{ label: 'raw Fastify + same pg lookup', value: d.rps, kind: 'baseline' as const }] : []),
      { label: 'NestJS service + token', value: s.rps, kind: ratio >= 0.7 ? 'service' : 'missed' },
    ]);
  } finally {
    await raw.close();
    await rawDb.close();
    await pool?.end();
    await h.close();
  }
}
