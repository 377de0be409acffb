/**
 * Catalog benchmarks (issue #3 budgets), as ratios against a raw baseline measured in the same run:
 *  1. citizen search over N generated implementations on PostgreSQL (default 1,000,000; BENCH_ROWS to change):
 *     the service's search (Prisma, ranking, filters, count) vs the bare trigram LIKE query through `pg`;
 *  2. import throughput: the ImportCatalog use case's rows/s vs raw multi-row INSERTs of the same drafts through `pg`.
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
import { searchTermsOf, searchTextOf } from '../apps/catalog/src/search/search-text.js';
import { BaseItemsService } from '../apps/catalog/src/base-items/base-items.service.js';
import { ImplementationsService } from '../apps/catalog/src/implementations/implementations.service.js';
import { ReferenceDataRepository } from '../apps/catalog/src/exchange/reference-data.repository.js';
import { ImportCatalog } from '../apps/catalog/src/exchange/usecases/import-catalog.js';
import { ImportImplementations } from '../apps/catalog/src/exchange/usecases/import-implementations.js';
import { SynonymsRepository } from '../apps/catalog/src/search/synonyms.repository.js';
import { demoCatalog } from '../apps/catalog/src/seed/demo-catalog.data.js';
import { CatalogExchange, REGION_KIND_DEPTH } from '@hall/contracts';
import { percentiles, progress, report, saveResults, writeOut } from './bench-kit.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const migrationsDir = path.join(here, '../apps/catalog/prisma/migrations');
const silent = {
  log: () => undefined,
  error: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
};

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
    name: 'catalog',
    db: t.db,
    transport,
    tokenVerifier: undefined as never,
    logger: silent,
    migrationsDir,
  };
  const store = new CatalogStore(runtime);
  try {
    // --- 1. search at scale --------------------------------------------------------------------------------
    const doc = CatalogExchange.parse(demoCatalog);
    // Each generated entry implements one of the demo base items (its real code and name), so one name has
    // rows / 41 entries: a pessimistic catalog where every keyword matches tens of thousands of entries.
    const baseByName = new Map(doc.baseItems.map((b) => [b.name, b.code]));
    const names = [...baseByName.keys()];
    const codes = names.map((n) => baseByName.get(n) ?? '');
    const bodyName = '市场监督管理局';
    const theme = '开办企业';
    const texts = names.map((name) => searchTextOf({ name, bodyName, themes: [theme] }));
    const regions = doc.regions.map((r) => r.code);
    // The region hierarchy, so that "available in my county" also finds the city's and the province's entries.
    for (const r of [...doc.regions].sort((a, b) => REGION_KIND_DEPTH[a.kind] - REGION_KIND_DEPTH[b.kind])) {
      await raw.query('INSERT INTO region (code, name, kind, parent_code) VALUES ($1, $2, $3, $4)', [
        r.code,
        r.name,
        r.kind,
        r.parentCode ?? null,
      ]);
    }
    const started = performance.now();
    const chunk = 100_000;
    for (let from = 0; from < rows; from += chunk) {
      const to = Math.min(rows, from + chunk);
      // rank: the service's staticRank (name length × 10 + level digit), here in SQL.
      await raw.query(
        `INSERT INTO search_entry (code, version, name, search_text, base_code, type, level, region_code, department_code, body_name,
                                   audiences, themes, online, case_type, promised_days, published_at, rank)
         SELECT 'B' || lpad(i::text, 12, '0'), 1, ($1::text[])[1 + i % $3], ($2::text[])[1 + i % $3] || ' ' || i,
                ($8::text[])[1 + i % $3], CASE WHEN i % 7 = 0 THEN '20' ELSE '01' END, (2 + i % 3)::text,
                ($4::text[])[1 + i % $5], 'market-regulation', $9, ARRAY['1','2'], ARRAY[$10],
                i % 5 <> 0, CASE WHEN i % 4 = 0 THEN '1' ELSE '2' END, i % 20, now(),
                length(($1::text[])[1 + i % $3]) * 10 + 2 + i % 3
           FROM generate_series($6::int, $7::int - 1) AS i`,
        [names, texts, names.length, regions, regions.length, from, to, codes, bodyName, theme],
      );
      progress('generating search entries', to, rows);
    }
    const terms = names.flatMap((name) => searchTermsOf({ name, bodyName, themes: [theme] }));
    await raw.query(
      `INSERT INTO search_term (term, kind, search_text) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
      [terms.map((t) => t.term), terms.map((t) => t.kind), terms.map((t) => t.searchText)],
    );
    // A live table is vacuumed and analysed by autovacuum; do it now rather than measure hint-bit writes.
    await raw.query('VACUUM ANALYZE search_entry');
    await raw.query('VACUUM ANALYZE search_term');
    process.stdout.write(
      `\n  generated ${rows.toLocaleString()} entries in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );

    let captured: Array<{ sql: string; params: readonly unknown[] }> = [];
    const statementMs = new Map<string, number[]>();
    const statementOf = (sql: string) =>
      /WITH RECURSIVE/.test(sql)
        ? 'region + ancestors'
        : /FROM search_term/.test(sql)
          ? 'matching terms'
          : /count\(\*\)/.test(sql)
            ? 'capped count'
            : 'page of entries';
    const search = new SearchService(store, (sql, params, ms) => {
      captured.push({ sql, params });
      statementMs.set(statementOf(sql), [...(statementMs.get(statementOf(sql)) ?? []), ms]);
    });
    const queries = [
      '食品经营',
      'spjy',
      'shipinjingying',
      '公共场所',
      '建筑工程施工',
      'hygz',
      '户口',
      '娱乐场所',
      '排污',
      '不动产',
    ];
    const iterations = Number(process.env.BENCH_ITERATIONS ?? 200);
    const baseline: number[] = [];
    const service: number[] = [];
    const perQuery = new Map<string, number[]>();
    let capped = 0;
    // Warm-up (not measured, same for baseline and service): caches, plans, the region cache.
    for (const [i, q] of queries.entries()) {
      const region = regions[i % regions.length] ?? '330106';
      await raw.query('SELECT code, name FROM search_entry WHERE search_text LIKE $1 LIMIT 20', [`%${q}%`]);
      for (const r of regions) await search.search({ q, region: r, page: 1, pageSize: 20 });
      await search.search({ q, region, page: 1, pageSize: 20 });
    }
    for (let i = 0; i < iterations; i++) {
      const q = queries[i % queries.length] ?? '食品';
      const region = regions[i % regions.length] ?? '330106';
      let t0 = performance.now();
      await raw.query('SELECT code, name FROM search_entry WHERE search_text LIKE $1 LIMIT 20', [`%${q}%`]);
      baseline.push(performance.now() - t0);
      t0 = performance.now();
      const res = await search.search({ q, region, page: 1, pageSize: 20 });
      const ms = performance.now() - t0;
      service.push(ms);
      perQuery.set(q, [...(perQuery.get(q) ?? []), ms]);
      if (!res.totalExact) capped++;
      progress('search queries', i + 1, iterations);
    }
    process.stdout.write('\n');
    // The plans of the service's own statements for one regional search (keyword 'spjy', a county).
    captured = [];
    await search.search({ q: 'spjy', region: '330106', page: 1, pageSize: 20 });
    const plans: string[] = [];
    for (const { sql, params } of captured) {
      const plan = await raw.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [
        ...params,
      ]);
      plans.push(
        `  -- ${sql.replace(/\s+/g, ' ').trim().slice(0, 160)}…`,
        ...plan.rows.map((r) => `    ${r['QUERY PLAN']}`),
      );
    }
    const b = percentiles(baseline);
    const s = percentiles(service);
    report('catalog search', [
      ['rows', rows.toLocaleString(), ''],
      ['baseline (raw LIKE through pg) p50 / p95 ms', `${b.p50.toFixed(2)} / ${b.p95.toFixed(2)}`, ''],
      [
        'service search (rank, filters, count) p50 / p95 ms',
        `${s.p50.toFixed(2)} / ${s.p95.toFixed(2)}`,
        'budget p95 ≤ 20 ms at 1 M',
      ],
      ['ratio p95 service / baseline', (s.p95 / b.p95).toFixed(2), ''],
      ['searches whose count was capped (1000+)', `${capped} / ${iterations}`, ''],
      [
        'verdict',
        s.p95 <= 20 ? 'within budget' : 'OVER BUDGET',
        rows < 1_000_000 ? `(measured at ${rows.toLocaleString()} rows, budget is at 1 M)` : '',
      ],
      ...[...perQuery.entries()].map(([q, ms]): [string, string, string] => {
        const p = percentiles(ms);
        return [`  q=${q} p50 / p95 ms`, `${p.p50.toFixed(2)} / ${p.p95.toFixed(2)}`, ''];
      }),
      ...[...statementMs.entries()].map(([label, ms]): [string, string, string] => {
        const p = percentiles(ms);
        return [`  statement: ${label} p50 / p95 ms`, `${p.p50.toFixed(2)} / ${p.p95.toFixed(2)}`, ''];
      }),
    ]);
    writeOut(`  query plans (regional search q=spjy region=330106):\n${plans.join('\n')}\n`);

    // --- 2. import throughput ------------------------------------------------------------------------------
    await raw.query('TRUNCATE search_entry, search_term, region');
    const baseItems = new BaseItemsService(store);
    const reference = new ReferenceDataRepository(store);
    const importCatalog = new ImportCatalog(
      store,
      reference,
      baseItems,
      new ImportImplementations(
        store,
        new ImplementationsService(store, { lockedElements: new Set() }),
        reference,
        baseItems.items,
      ),
      new SynonymsRepository(store),
    );
    const importer = {
      import: (input: unknown, actor: string, onProgress?: (done: number, total: number) => void) =>
        importCatalog.execute(CatalogExchange.parse(input), actor, onProgress),
    };
    const base = { ...doc, implementations: [] };
    await importer.import(base, 'bench');
    const impls = doc.implementations;
    const target = Number(process.env.BENCH_IMPORT_ROWS ?? 2000);
    const copies = Math.ceil(target / impls.length);
    const bodies = Array.from({ length: copies }, (_, k) => k);
    const { usccCheckDigit } = await import('@hall/auth');
    const rowsToImport = bodies
      .flatMap((k) =>
        impls.map((impl) => {
          const first17 = `${impl.implementingBody.uscc.slice(0, 12)}${String(k).padStart(5, '0')}`;
          return {
            ...impl,
            implementingBody: { ...impl.implementingBody, uscc: `${first17}${usccCheckDigit(first17)}` },
            publish: false,
          };
        }),
      )
      .slice(0, target);
    const t1 = performance.now();
    await importer.import(
      { ...base, regions: [], departments: [], baseItems: [], implementations: rowsToImport },
      'bench',
      (done, total) => progress('importing', done, total),
    );
    const serviceSecs = (performance.now() - t1) / 1000;
    process.stdout.write('\n');
    const t2 = performance.now();
    for (let i = 0; i < rowsToImport.length; i += 500) {
      const batch = rowsToImport.slice(i, i + 500);
      await raw.query(
        `INSERT INTO implementation (code, base_code, level, region_code, body_uscc, department_code, draft, draft_hash, updated_at)
         SELECT 'R' || x.code, x.base_code, x.level, x.region_code, x.uscc, x.dept, x.draft, md5(x.draft::text), now()
           FROM jsonb_to_recordset($1::jsonb) AS x(code text, base_code text, level text, region_code text, uscc text, dept text, draft jsonb)`,
        [
          JSON.stringify(
            batch.map((r, j) => ({
              code: `${i + j}`,
              base_code: r.baseCode,
              level: r.level,
              region_code: r.regionCode,
              uscc: `R${i + j}`,
              dept: r.implementingBody.departmentCode,
              draft: r,
            })),
          ),
        ],
      );
    }
    const rawSecs = (performance.now() - t2) / 1000;
    const serviceRate = rowsToImport.length / serviceSecs;
    const rawRate = rowsToImport.length / rawSecs;
    report('catalog import', [
      ['rows', String(rowsToImport.length), ''],
      ['baseline (raw batched INSERT, no validation) rows/s', rawRate.toFixed(0), ''],
      [
        'service import (validate, 三级四同, hash, 500-row transactions) rows/s',
        serviceRate.toFixed(0),
        'budget ≥ 2,000 rows/s',
      ],
      ['ratio service / baseline', (serviceRate / rawRate).toFixed(3), ''],
      ['verdict', serviceRate >= 2000 ? 'within budget' : 'OVER BUDGET', ''],
    ]);
    const { cpus } = await import('node:os');
    const [{ server_version: pgVersion } = { server_version: '?' }] = (
      await raw.query<{ server_version: string }>('SHOW server_version')
    ).rows;
    const file = saveResults(
      path.join(here, 'results'),
      `catalog-${rows}`,
      `# npm run bench -- catalog  (BENCH_ROWS=${rows}) — ${new Date().toISOString()}, ${cpus().length} cores, PostgreSQL ${pgVersion}`,
    );
    process.stdout.write(`\n  results written to ${path.relative(process.cwd(), file)}\n`);
  } finally {
    await store.prisma.$disconnect();
    await raw.end();
    await transport.close();
    await t.dispose();
  }
}
