/**
 * What a statement costs PostgreSQL and the driver, unnamed (parsed and planned on every call) against named
 * (prepared once per connection: `DB_PREPARED_STATEMENTS`, libs/persistence/src/database.ts), through the services'
 * own `SqlRunner` on one connection of a fresh approval database. Two statements of a case: approval's `caseRows`
 * (three correlated aggregates, run per task action) and a primary-key read. Server CPU is the backend's own time
 * from /proc (a local server; not measured elsewhere), client CPU this process's. Baseline: the unnamed run, in
 * the same run, alternated with the named one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, isPostgresAvailable, openDatabase, type SqlRunner } from '@hall/persistence';
import { chart, measure, note, quick, type Bar } from './bench-kit.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The statement `name` of a generated queries file (scripts/sql-queries.mjs). */
function statementOf(file: string, name: string): string {
  const text = readFileSync(path.join(root, file), 'utf8');
  const start = text.indexOf(`-- ${name} `);
  if (start < 0) throw new Error(`${name} not in ${file}`);
  const body = text.slice(text.indexOf('\n', start) + 1);
  return body.slice(0, body.indexOf(';\n'));
}

function backendTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime (fields 14 and 15)
  } catch {
    return undefined;
  }
}

export async function runStatementsBench(): Promise<void> {
  if (!(await isPostgresAvailable())) {
    note('skipped', 'PostgreSQL unreachable');
    return;
  }
  const calls = quick ? 2000 : 10_000;
  const t = await createTestDatabase('pg', {
    label: 'bench_statements',
    migrationsDir: path.join(root, 'apps/approval/prisma/migrations'),
  });
  if (t.config.kind !== 'pg') throw new Error('PostgreSQL expected');
  const statements = [
    {
      label: 'approval caseRows (3 aggregates)',
      text: statementOf('apps/approval/src/queries/case.sql', 'caseRows'),
    },
    {
      label: 'primary-key read',
      text: 'SELECT c."id", c."status", c."version", c."application_no" FROM "approval_case" c WHERE c."id" = $1::uuid',
    },
  ];
  const results = new Map<string, { server: number[]; client: number[] }>();
  try {
    for (const prepared of [false, true, false, true]) {
      const db = await openDatabase({ ...t.config, poolSize: 1, preparedStatements: prepared });
      try {
        // One connection: every call meets the backend whose CPU is read.
        await db.sql.transaction(async (tx: SqlRunner) => {
          const [{ pid } = { pid: 0 }] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          for (const s of statements) {
            const key = `${s.label}\t${prepared ? 'named' : 'unnamed'}`;
            const t0 = backendTicks(pid);
            const c0 = process.cpuUsage();
            for (let i = 0; i < calls; i++)
              await tx.query(s.text, [`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`]);
            const c1 = process.cpuUsage(c0);
            const t1 = backendTicks(pid);
            const r = results.get(key) ?? { server: [], client: [] };
            if (t0 !== undefined && t1 !== undefined) r.server.push(((t1 - t0) * 10_000) / calls);
            r.client.push((c1.user + c1.system) / calls);
            results.set(key, r);
          }
        });
      } finally {
        await db.close();
      }
    }
  } finally {
    await t.dispose();
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const bars: Bar[] = [];
  for (const s of statements) {
    const unnamed = results.get(`${s.label}\tunnamed`);
    const named = results.get(`${s.label}\tnamed`);
    if (!unnamed || !named) continue;
    if (named.server.length > 0 && unnamed.server.length > 0) {
      measure({
        name: `PostgreSQL CPU per statement, named vs unnamed: ${s.label}`,
        value: mean(named.server),
        baseline: mean(unnamed.server),
        unit: 'µs',
        note: `backend CPU from /proc, ${calls} calls × 2 alternating runs each; lower is better`,
      });
      bars.push(
        { label: `${s.label} unnamed`, value: mean(unnamed.server), kind: 'baseline' },
        { label: `${s.label} named`, value: mean(named.server), kind: 'service' },
      );
    }
    measure({
      name: `driver CPU per statement, named vs unnamed: ${s.label}`,
      value: mean(named.client),
      baseline: mean(unnamed.client),
      unit: 'µs',
      note: 'this process (pg driver and SqlRunner); lower is better',
    });
  }
  if (bars.length > 0) chart('PostgreSQL CPU per statement (µs)', 'µs', bars);
}
