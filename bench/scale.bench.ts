/**
 * Scale queries (issue #9 §5) on generated data (`generate_series`, one statement per chunk, never row by row), on
 * PostgreSQL, with `EXPLAIN (ANALYZE, BUFFERS)` of each query in the report:
 *  - approval queue: the service's own `listQueue` (page of the open queue of a department in a city, earliest
 *    deadline first, + the capped count) at N tasks (10 % open), 3 departments, 7 districts; budget p95 ≤ 150 ms;
 *  - supervision due-soon / overdue on `case_clock` at N open + 5 N stopped clocks: the 50 most overdue open clocks
 *    of a city, and the open clocks due within 2 days (the dashboard lists; served by the table's
 *    `(region_code, open, due_at)` and `(open, level, due_at)` indexes); budget p95 ≤ 10 ms.
 * Baseline: a primary-key lookup on the same table (the floor of one round trip). N: `BENCH_SCALE_ROWS`,
 * default 1,000,000; 20,000 with --quick.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, isPostgresAvailable, type SqlRunner } from '@hall/persistence';
import { listQueue } from '../apps/approval/src/tasks/task-queue.repository.js';
import type { ApprovalTx } from '../apps/approval/src/approval.store.js';
import type { Officer } from '../apps/approval/src/access/officer-scope.js';
import { chart, measure, note, percentiles, plan, progress, size } from './bench-kit.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const REGIONS = ['330102', '330105', '330106', '330108', '330109', '330110', '330111'];

async function generate(
  sql: SqlRunner,
  label: string,
  total: number,
  chunk: number,
  statement: string,
): Promise<void> {
  for (let from = 0; from < total; from += chunk) {
    const to = Math.min(total, from + chunk);
    await sql.execute(statement, [from, to, REGIONS]);
    progress(label, to, total);
  }
  process.stdout.write('\n');
}

async function time(
  label: string,
  iterations: number,
  fn: (i: number) => Promise<unknown>,
): Promise<number[]> {
  for (let i = 0; i < Math.min(10, iterations); i++) await fn(i); // warm-up
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
    progress(label, i + 1, iterations);
  }
  process.stdout.write('\n');
  return out;
}

async function explain(sql: SqlRunner, query: string, params: readonly unknown[]): Promise<string> {
  const rows = await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query}`, [...params]);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

export async function runScaleBench(): Promise<void> {
  if (!(await isPostgresAvailable())) {
    note('skipped', 'PostgreSQL unreachable on 127.0.0.1:5432');
    return;
  }
  const n = size('BENCH_SCALE_ROWS', 1_000_000, 20_000);
  const iterations = size('BENCH_SCALE_ITERATIONS', 200, 60);
  const chunk = 100_000;

  // --- approval queue ------------------------------------------------------------------------------------------
  const approval = await createTestDatabase('pg', {
    label: 'bench_scale_approval',
    migrationsDir: path.join(here, '../apps/approval/prisma/migrations'),
  });
  try {
    const sql = approval.db.sql;
    const cases = Math.ceil(n / 3);
    const t0 = performance.now();
    await generate(
      sql,
      'approval cases',
      cases,
      chunk,
      `INSERT INTO approval_case (id, application_no, status, joint_kind, implementation_code, implementation_version, item_name, region_code,
                                  lead_department_code, deciding_department_code, department_codes, applicant, form_data, materials,
                                  acceptance_mode, accepted_at, accepted_by, accepted_by_name, promised_limit_days, legal_limit_days,
                                  promised_due_at, legal_due_at, updated_at)
       SELECT md5('case' || i)::uuid, ($3::text[])[1 + i % 7] || lpad(i::text, 15, '0'), CASE WHEN i % 10 = 0 THEN 'open' ELSE 'decided' END,
              'general', 'IMPL', 1, '开办餐饮店', ($3::text[])[1 + i % 7], 'market-regulation', 'market-regulation',
              ARRAY['market-regulation', 'fire', 'urban'], '{}'::jsonb, '{}'::jsonb, '[]'::jsonb, 'normal',
              now() - (i % 400) * interval '1 day', 'clerk', '窗口', 7, 20, now() + (i % 30 - 10) * interval '1 day',
              now() + (i % 30) * interval '1 day', now()
         FROM generate_series($1::int, $2::int - 1) AS i`,
    );
    await generate(
      sql,
      'approval tasks',
      cases,
      Math.floor(chunk / 3),
      `INSERT INTO approval_task (id, case_id, application_no, item_name, region_code, department_code, department_name, role, status,
                                  limit_days, due_at, completed_at, verdict)
       SELECT md5('task' || i || d.code)::uuid, md5('case' || i)::uuid, ($3::text[])[1 + i % 7] || lpad(i::text, 15, '0'), '开办餐饮店',
              ($3::text[])[1 + i % 7], d.code, d.name, d.role,
              CASE WHEN i % 10 = 0 THEN (ARRAY['pending', 'claimed', 'cosign'])[1 + i % 3] ELSE 'completed' END,
              7, now() + ((i::bigint * 7919) % 40 - 10) * interval '1 day' + (i % 86400) * interval '1 second',
              CASE WHEN i % 10 = 0 THEN NULL ELSE now() - (i % 400) * interval '1 day' END,
              CASE WHEN i % 10 = 0 THEN NULL ELSE 'approve' END
         FROM generate_series($1::int, $2::int - 1) AS i,
              (VALUES ('market-regulation', '市场监督管理局', 'lead'), ('fire', '消防救援大队', 'co'), ('urban', '城市管理局', 'co')) AS d(code, name, role)`,
    );
    await sql.exec('VACUUM ANALYZE approval_case');
    await sql.exec('VACUUM ANALYZE approval_task');
    const tasks = Number(
      (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM approval_task'))[0]?.n ?? 0,
    );
    note(
      'approval data',
      `${tasks.toLocaleString()} tasks (10 % open) in ${cases.toLocaleString()} cases, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    let captured: Array<{ q: string; params: unknown[] }> = [];
    const tx = {
      $queryRawUnsafe: async (q: string, ...params: unknown[]) => {
        captured.push({ q, params });
        return sql.query(q, params);
      },
      $executeRawUnsafe: (q: string, ...params: unknown[]) => sql.execute(q, params),
    } as unknown as ApprovalTx;
    const officer = (i: number) =>
      ({
        id: `officer-${i}`,
        department: ['market-regulation', 'fire', 'urban'][i % 3] ?? 'fire',
        region: i % 2 === 0 ? '330100' : (REGIONS[i % 7] ?? '330106'),
      }) as Officer;
    const queue = await time('approval queue (page 1, open)', iterations, (i) =>
      listQueue(tx, officer(i), { status: 'open' }, 1, 20),
    );
    const completedQueue = await time('approval queue (completed, page 3)', Math.floor(iterations / 2), (i) =>
      listQueue(tx, officer(i), { status: 'completed' }, 3, 20),
    );
    const base = await time('baseline: task by primary key', iterations, (i) =>
      sql.query('SELECT * FROM approval_task WHERE id = md5($1)::uuid', [`task${i * 31}market-regulation`]),
    );
    captured = [];
    await listQueue(tx, officer(0), { status: 'open' }, 1, 20);
    for (const c of captured)
      plan(
        `approval queue at ${tasks.toLocaleString()} tasks: ${c.q.includes('count(*)') ? 'capped count' : 'page'}`,
        await explain(sql, c.q, c.params),
      );
    const q = percentiles(queue);
    const qc = percentiles(completedQueue);
    const b = percentiles(base);
    measure({
      name: `approval queue p95 at ${tasks.toLocaleString()} tasks (open, city scope)`,
      value: q.p95,
      unit: 'ms',
      baseline: b.p95,
      budget: { text: 'p95 ≤ 150 ms (at 1 M)', met: q.p95 <= 150 },
      note: `p50 ${q.p50.toFixed(2)} ms; baseline = PK lookup`,
    });
    measure({
      name: 'approval queue p95 (completed, page 3)',
      value: qc.p95,
      unit: 'ms',
      baseline: b.p95,
      note: `p50 ${qc.p50.toFixed(2)} ms`,
    });
    chart(`Approval queue at ${tasks.toLocaleString()} tasks`, 'ms p95', [
      { label: 'PK lookup', value: b.p95, kind: 'baseline' },
      { label: 'open queue page + count', value: q.p95, kind: q.p95 <= 150 ? 'service' : 'missed' },
      { label: 'completed, page 3', value: qc.p95 },
    ]);
  } finally {
    await approval.dispose();
  }

  // --- supervision due-soon / overdue -------------------------------------------------------------------------------
  const supervision = await createTestDatabase('pg', {
    label: 'bench_scale_supervision',
    migrationsDir: path.join(here, '../apps/supervision/prisma/migrations'),
  });
  try {
    const sql = supervision.db.sql;
    const t0 = performance.now();
    const clockInsert = (open: boolean) =>
      `INSERT INTO case_clock (application_no, subject, kind, region_code, department_code, started_at, limit_days, due_at, stopped_at, open,
                               pauses, used_days, level)
       SELECT '${open ? 'O' : 'C'}' || lpad(i::text, 19, '0'), 'case', 'case', ($3::text[])[1 + i % 7], 'market-regulation',
              now() - (i % 30) * interval '1 day', 7,
              now() + ((i::bigint * 7919) % 40 - 20) * interval '1 day' + (i % 86400) * interval '1 second',
              ${open ? 'NULL' : "now() - (i % 400) * interval '1 day'"}, ${open}, '[]'::jsonb, i % 7,
              CASE WHEN (i::bigint * 7919) % 40 < 20 THEN 'red' WHEN (i::bigint * 7919) % 40 < 22 THEN 'yellow' ELSE 'green' END
         FROM generate_series($1::int, $2::int - 1) AS i`;
    await generate(sql, 'open clocks', n, chunk, clockInsert(true));
    await generate(sql, 'stopped clocks', 5 * n, chunk, clockInsert(false));
    await sql.exec('VACUUM ANALYZE case_clock');
    note(
      'supervision data',
      `${n.toLocaleString()} open + ${(5 * n).toLocaleString()} stopped clocks, generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const overdue = `SELECT application_no, subject, region_code, department_code, due_at, level FROM case_clock
                      WHERE region_code = ANY($1::text[]) AND open AND due_at < now() ORDER BY due_at LIMIT 50`;
    const dueSoon = `SELECT application_no, subject, region_code, department_code, due_at, level FROM case_clock
                      WHERE open AND due_at >= now() AND due_at < now() + interval '2 days' ORDER BY due_at LIMIT 50`;
    const city = ['330102', '330105', '330106'];
    const o = percentiles(
      await time('overdue (city, 50 most overdue)', iterations, () => sql.query(overdue, [city])),
    );
    const d = percentiles(await time('due within 2 days', iterations, () => sql.query(dueSoon)));
    const b = percentiles(
      await time('baseline: clock by primary key', iterations, (i) =>
        sql.query(
          `SELECT * FROM case_clock WHERE application_no = 'O' || lpad($1::text, 19, '0') AND subject = 'case'`,
          [i * 13],
        ),
      ),
    );
    plan(
      `supervision overdue at ${n.toLocaleString()} open + ${(5 * n).toLocaleString()} stopped`,
      await explain(sql, overdue, [city]),
    );
    plan(
      `supervision due soon at ${n.toLocaleString()} open + ${(5 * n).toLocaleString()} stopped`,
      await explain(sql, dueSoon, []),
    );
    measure({
      name: 'supervision overdue p95',
      value: o.p95,
      unit: 'ms',
      baseline: b.p95,
      budget: { text: 'p95 ≤ 10 ms (at 1 M + 5 M)', met: o.p95 <= 10 },
      note: `p50 ${o.p50.toFixed(2)} ms`,
    });
    measure({
      name: 'supervision due-soon p95',
      value: d.p95,
      unit: 'ms',
      baseline: b.p95,
      budget: { text: 'p95 ≤ 10 ms (at 1 M + 5 M)', met: d.p95 <= 10 },
      note: `p50 ${d.p50.toFixed(2)} ms`,
    });
    chart(
      `Supervision clocks at ${n.toLocaleString()} open + ${(5 * n).toLocaleString()} stopped`,
      'ms p95',
      [
        { label: 'PK lookup', value: b.p95, kind: 'baseline' },
        { label: 'overdue (city)', value: o.p95, kind: o.p95 <= 10 ? 'service' : 'missed' },
        { label: 'due within 2 days', value: d.p95, kind: d.p95 <= 10 ? 'service' : 'missed' },
      ],
    );
  } finally {
    await supervision.dispose();
  }
}
