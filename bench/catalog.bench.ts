/**
 * Catalog benchmarks (issue #3 budgets), as ratios against a raw baseline measured in the same run:
 *  1. citizen search over N generated implementations on PostgreSQL (default 1,000,000; BENCH_ROWS to change):
 *     the service's search (Prisma, ranking, filters, count) vs the bare trigram LIKE query through `pg`;
 *  2. import throughput: CatalogImportService rows/s vs raw multi-row INSERTs of the same drafts through `pg`.
 * Run: npm run bench -- catalog   (needs PostgreSQL on 127.0.0.1:5432)
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTestDatabase, isPostgresAvailable } from '@hall/persistence';
import { InProcessTransport } from '@hall/messaging';
import type { ServiceRuntime } from '@hall/platform';
import { CatalogStore } from '../apps/catalog/src/catalog.store.js';
import { SearchService } from '../apps/catalog/src/search/search.service.js';
import { searchTextOf } from '../apps/catalog/src/search/search-text.js';
import { BaseItemsService } from '../apps/catalog/src/base-items/base-items.service.js';
import { ImplementationsService } from '../apps/catalog/src/implementations/implementations.service.js';
import { CatalogImportService } from '../apps/catalog/src/exchange/catalog-import.service.js';
import { demoCatalog } from '../apps/catalog/src/seed/demo-catalog.data.js';
import { CatalogExchange } from '../apps/catalog/src/exchange/catalog-exchange.schema.js';
import { percentiles, progress, report } from './bench-kit.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const migrationsDir = path.join(here, '../apps/catalog/prisma/migrations');
const silent = { log: () => undefined, error: () => undefined, warn: () => undefined, debug: () => undefined, verbose: () => undefined };

export async function runCatalogBench(): Promise<void> {
  if (!(await isPostgresAvailable())) {
    process.stdout.write('catalog bench: PostgreSQL unreachable on 127.0.0.1:5432; skipped\n');
    return;
  }
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const t = await createTestDatabase('pg', { label: 'bench_catalog', migrationsDir });
  const url = t.config.kind === 'pg' ? t.config.url : '';
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  const transport = new InProcessTransport();
  const runtime: ServiceRuntime = {
    name: 'catalog', db: t.db, transport, tokenVerifier: undefined as never, logger: silent, migrationsDir,
  };
  const store = new CatalogStore(runtime);
  try {
    // --- 1. search at scale --------------------------------------------------------------------------------
    const doc = CatalogExchange.parse(demoCatalog);
    const names = [...new Set(doc.baseItems.map((b) => b.name))];
    const texts = names.map((name) => searchTextOf({ name, bodyName: '市场监督管理局', themes: [] }));
    const regions = doc.regions.map((r) => r.code);
    const started = performance.now();
    const chunk = 100_000;
    for (let from = 0; from < rows; from += chunk) {
      const to = Math.min(rows, from + chunk);
      await raw.query(
        `INSERT INTO search_entry (code, version, name, search_text, base_code, type, level, region_code, department_code, body_name,
                                   audiences, themes, online, case_type, promised_days, published_at)
         SELECT 'B' || lpad(i::text, 12, '0'), 1, ($1::text[])[1 + i % $3], ($2::text[])[1 + i % $3] || ' ' || i,
                lpad((i % 5000)::text, 12, '0'), CASE WHEN i % 7 = 0 THEN '20' ELSE '01' END, (2 + i % 3)::text,
                ($4::text[])[1 + i % $5], 'market-regulation', '市场监督管理局', ARRAY['1','2'], ARRAY['开办企业'],
                i % 5 <> 0, CASE WHEN i % 4 = 0 THEN '1' ELSE '2' END, i % 20, now()
           FROM generate_series($6::int, $7::int - 1) AS i`,
        [names, texts, names.length, regions, regions.length, from, to],
      );
      progress('generating search entries', to, rows);
    }
    await raw.query('ANALYZE search_entry');
    process.stdout.write(`\n  generated ${rows.toLocaleString()} entries in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

    const search = new SearchService(store);
    const queries = ['食品经营', 'spjy', 'shipinjingying', '公共场所', '建筑工程施工', 'hygz', '户口', '娱乐场所', '排污', '不动产'];
    const iterations = Number(process.env.BENCH_ITERATIONS ?? 200);
    const baseline: number[] = [];
    const service: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const q = queries[i % queries.length] ?? '食品';
      const region = regions[i % regions.length] ?? '330106';
      let t0 = performance.now();
      await raw.query('SELECT code, name FROM search_entry WHERE search_text LIKE $1 LIMIT 20', [`%${q}%`]);
      baseline.push(performance.now() - t0);
      t0 = performance.now();
      await search.search({ q, region, page: 1, pageSize: 20 });
      service.push(performance.now() - t0);
      progress('search queries', i + 1, iterations);
    }
    process.stdout.write('\n');
    const plan = await raw.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) SELECT code FROM search_entry WHERE search_text LIKE '%spjy%' AND region_code = ANY($1::text[])
        ORDER BY length(name), level, code LIMIT 20`,
      [['330106', '330100', '330000']],
    );
    const b = percentiles(baseline);
    const s = percentiles(service);
    report('catalog search', [
      ['rows', rows.toLocaleString(), ''],
      ['baseline (raw LIKE through pg) p50 / p95 ms', `${b.p50.toFixed(2)} / ${b.p95.toFixed(2)}`, ''],
      ['service search (rank, filters, count) p50 / p95 ms', `${s.p50.toFixed(2)} / ${s.p95.toFixed(2)}`, 'budget p95 ≤ 20 ms at 1 M'],
      ['ratio p95 service / baseline', (s.p95 / b.p95).toFixed(2), ''],
      ['verdict', s.p95 <= 20 ? 'within budget' : 'OVER BUDGET', ''],
    ]);
    process.stdout.write(`  query plan (regional search):\n${plan.rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}\n`);

    // --- 2. import throughput ------------------------------------------------------------------------------
    await raw.query('TRUNCATE search_entry');
    const importer = new CatalogImportService(store, new BaseItemsService(store), new ImplementationsService(store));
    const base = { ...doc, implementations: [] };
    await importer.import(base, 'bench');
    const impls = doc.implementations;
    const target = Number(process.env.BENCH_IMPORT_ROWS ?? 2000);
    const copies = Math.ceil(target / impls.length);
    const bodies = Array.from({ length: copies }, (_, k) => k);
    const { usccCheckDigit } = await import('@hall/auth');
    const rowsToImport = bodies.flatMap((k) =>
      impls.map((impl) => {
        const first17 = `${impl.implementingBody.uscc.slice(0, 12)}${String(k).padStart(5, '0')}`;
        return { ...impl, implementingBody: { ...impl.implementingBody, uscc: `${first17}${usccCheckDigit(first17)}` }, publish: false };
      }),
    ).slice(0, target);
    const t1 = performance.now();
    await importer.import({ ...base, regions: [], departments: [], baseItems: [], implementations: rowsToImport }, 'bench', (done, total) => progress('importing', done, total));
    const serviceSecs = (performance.now() - t1) / 1000;
    process.stdout.write('\n');
    const t2 = performance.now();
    for (let i = 0; i < rowsToImport.length; i += 500) {
      const batch = rowsToImport.slice(i, i + 500);
      await raw.query(
        `INSERT INTO implementation (code, base_code, level, region_code, body_uscc, department_code, draft, draft_hash, updated_at)
         SELECT 'R' || x.code, x.base_code, x.level, x.region_code, x.uscc, x.dept, x.draft, md5(x.draft::text), now()
           FROM jsonb_to_recordset($1::jsonb) AS x(code text, base_code text, level text, region_code text, uscc text, dept text, draft jsonb)`,
        [JSON.stringify(batch.map((r, j) => ({ code: `${i + j}`, base_code: r.baseCode, level: r.level, region_code: r.regionCode, uscc: `R${i + j}`, dept: r.implementingBody.departmentCode, draft: r })))],
      );
    }
    const rawSecs = (performance.now() - t2) / 1000;
    const serviceRate = rowsToImport.length / serviceSecs;
    const rawRate = rowsToImport.length / rawSecs;
    report('catalog import', [
      ['rows', String(rowsToImport.length), ''],
      ['baseline (raw batched INSERT, no validation) rows/s', rawRate.toFixed(0), ''],
      ['service import (validate, 三级四同, hash, row transaction) rows/s', serviceRate.toFixed(0), 'budget ≥ 2,000 rows/s'],
      ['ratio service / baseline', (serviceRate / rawRate).toFixed(3), ''],
      ['verdict', serviceRate >= 2000 ? 'within budget' : 'OVER BUDGET', ''],
    ]);
  } finally {
    await store.prisma.$disconnect();
    await raw.end();
    await transport.close();
    await t.dispose();
  }
}
