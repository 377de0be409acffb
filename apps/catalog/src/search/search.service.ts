import type { SearchHit, SearchQuery, SearchResult } from '@hall/contracts';
import { performance } from 'node:perf_hooks';
import type { CatalogStore } from '../catalog.store.js';
import { normaliseQuery } from './search-text.js';

/** Matches are counted up to this many; beyond it the total is reported as `COUNT_CAP` with `totalExact: false`. */
export const COUNT_CAP = 1000;
/** At most this many dictionary terms (names, bodies, themes) take part in one keyword search, best first. */
export const TERM_CAP = 500;
/** The region hierarchy changes only by import; a region's ancestors are cached this long. */
const REGION_CACHE_MS = 60_000;

const COLUMNS =
  'e.code, e.version, e.name, e.base_code, e.type, e.level, e.region_code, e.department_code, e.body_name, e.online, e.case_type, e.promised_days, e.rank';

/** How a matched term ranks: its kind and how the keyword meets the item name (exact, prefix, inside, pinyin). */
const TIER_SQL = `CASE WHEN kind <> 'name' THEN 4 WHEN lower(term) = $2 THEN 0 WHEN starts_with(lower(term), $2) THEN 1
                       WHEN position($2 in lower(term)) > 0 THEN 2 ELSE 3 END`;

/**
 * Citizen search over published implementations, sorted by relevance: how the keyword meets the item name
 * (exact name, name prefix, inside the name, pinyin; then body or theme), then the precomputed static rank
 * (`staticRank`: shorter name, higher level), then the code.
 *
 * A keyword is first matched (trigram-indexed substring) against the small term dictionary (`search_term`:
 * distinct names with their pinyin, bodies, themes). Entries are then read per matched term in index order
 * (`(name|body_name, rank, code)`), at most `page × pageSize` per term, so the cost follows the page asked
 * for, not the number of matches. The count stops at {@link COUNT_CAP}. Filters are applied in the same
 * statements: region (incl. higher levels) and department by b-tree, audiences and themes by GIN (`@>`).
 */
export class SearchService {
  /** `onQuery` sees every statement with its parameters and duration (the benchmark prints plans and timings). */
  constructor(
    private readonly store: CatalogStore,
    private readonly onQuery?: (sql: string, params: readonly unknown[], ms: number) => void,
  ) {}

  private async run<T>(sql: string, ...params: unknown[]): Promise<T[]> {
    const started = performance.now();
    const rows = await this.store.prisma.$queryRawUnsafe<T[]>(sql, ...params);
    this.onQuery?.(sql, params, performance.now() - started);
    return rows;
  }

  private readonly regionCache = new Map<string, { codes: string[]; until: number }>();

  /** The region and every region above it: county → city → province (known regions cached for a minute). */
  async regionWithAncestors(code: string): Promise<string[]> {
    const cached = this.regionCache.get(code);
    if (cached && cached.until > Date.now()) return cached.codes;
    const rows = await this.run<{ code: string }>(
      `WITH RECURSIVE up AS (
         SELECT code, parent_code FROM region WHERE code = $1
         UNION ALL SELECT r.code, r.parent_code FROM region r JOIN up ON r.code = up.parent_code)
       SELECT code FROM up`,
      code,
    );
    if (rows.length === 0) return [code];
    const codes = rows.map((r) => r.code);
    this.regionCache.set(code, { codes, until: Date.now() + REGION_CACHE_MS });
    return codes;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (i: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.region)
      add((i) => `e.region_code = ANY(${i}::text[])`, await this.regionWithAncestors(query.region));
    if (query.level) add((i) => `e.level = ${i}`, query.level);
    if (query.type) add((i) => `e.type = ${i}`, query.type);
    if (query.dept) add((i) => `e.department_code = ${i}`, query.dept);
    if (query.audience) add((i) => `e.audiences @> ARRAY[${i}]::text[]`, query.audience);
    if (query.theme) add((i) => `e.themes @> ARRAY[${i}]::text[]`, query.theme);
    if (query.online !== undefined) add((i) => `e.online = ${i}`, query.online);
    if (query.caseType) add((i) => `e.case_type = ${i}`, query.caseType);
    const offset = (query.page - 1) * query.pageSize;
    const q = query.q ? normaliseQuery(query.q) : '';
    const { rows, count, termsCapped } = q
      ? await this.byKeyword(q, where, params, offset + query.pageSize)
      : await this.browse(where, params, offset + query.pageSize);
    return {
      total: Math.min(count, COUNT_CAP),
      totalExact: count <= COUNT_CAP && !termsCapped,
      page: query.page,
      pageSize: query.pageSize,
      items: rows.slice(offset, offset + query.pageSize).map(toHit),
    };
  }

  /** No keyword: filters only, in static-rank order. */
  private async browse(where: string[], params: unknown[], need: number) {
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const n = params.length;
    const [rows, count] = await Promise.all([
      this.run<Row>(
        `SELECT ${COLUMNS} FROM search_entry e ${filter} ORDER BY e.rank, e.code LIMIT $${n + 1}`,
        ...params,
        need,
      ),
      this.cappedCount(filter, params),
    ]);
    return { rows, count, termsCapped: false };
  }

  private async byKeyword(q: string, where: string[], params: unknown[], need: number) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const terms = await this.run<{ term: string; kind: string; tier: number }>(
      `SELECT term, kind, ${TIER_SQL} AS tier FROM search_term WHERE search_text LIKE $1
        ORDER BY tier, length(term), term LIMIT $3`,
      pattern,
      q,
      TERM_CAP + 1,
    );
    const termsCapped = terms.length > TERM_CAP;
    const used = terms.slice(0, TERM_CAP);
    if (used.length === 0) return { rows: [], count: 0, termsCapped };
    const of = (kind: string) => used.filter((t) => t.kind === kind);
    const filter = where.map((w) => ` AND ${w}`).join('');
    const n = params.length;
    const [tTerm, tKind, tTier, tNeed] = [`$${n + 1}`, `$${n + 2}`, `$${n + 3}`, `$${n + 4}`];
    // Per matched term, its best `need` entries in index order; an entry reached by several terms keeps its best tier.
    const perTerm = (kind: string, match: string) => `
      SELECT t.tier, x.* FROM unnest(${tTerm}::text[], ${tKind}::text[], ${tTier}::int[]) AS t(term, kind, tier)
        CROSS JOIN LATERAL (SELECT ${COLUMNS} FROM search_entry e
                             WHERE t.kind = '${kind}' AND ${match}${filter} ORDER BY e.rank, e.code LIMIT ${tNeed}) x`;
    const page = this.run<Row>(
      `WITH hits AS (${perTerm('name', 'e.name = t.term')} UNION ALL ${perTerm('body', 'e.body_name = t.term')}
                     UNION ALL ${perTerm('theme', 'e.themes @> ARRAY[t.term]')}),
            best AS (SELECT DISTINCT ON (code) * FROM hits ORDER BY code, tier)
       SELECT * FROM best ORDER BY tier, rank, code LIMIT ${tNeed}`,
      ...params,
      used.map((t) => t.term),
      used.map((t) => t.kind),
      used.map((t) => Number(t.tier)),
      need,
    );
    // Counted per term too (index-ordered, lazily: the outer LIMIT stops the scans), each entry once: a body or
    // theme branch leaves out entries an earlier branch already reached.
    const [names, bodies, themes] = [of('name'), of('body'), of('theme')].map((ts) => ts.map((t) => t.term));
    const [pNames, pBodies, pThemes] = [`$${n + 1}::text[]`, `$${n + 2}::text[]`, `$${n + 3}::text[]`];
    const count = this.run<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM unnest(${pNames}) AS t(term)
           CROSS JOIN LATERAL (SELECT 1 FROM search_entry e WHERE e.name = t.term${filter} LIMIT ${COUNT_CAP + 1}) x
         UNION ALL
         SELECT 1 FROM unnest(${pBodies}) AS t(term)
           CROSS JOIN LATERAL (SELECT 1 FROM search_entry e WHERE e.body_name = t.term AND NOT e.name = ANY(${pNames})${filter}
                                LIMIT ${COUNT_CAP + 1}) x
         UNION ALL
         SELECT 1 FROM search_entry e
          WHERE cardinality(${pThemes}) > 0 AND e.themes && ${pThemes} AND NOT e.name = ANY(${pNames}) AND NOT e.body_name = ANY(${pBodies})${filter}
         LIMIT ${COUNT_CAP + 1}) c`,
      ...params,
      names,
      bodies,
      themes,
    ).then(([row]) => Number(row?.n ?? 0));
    const [rows, n2] = await Promise.all([page, count]);
    return { rows, count: n2, termsCapped };
  }

  /** Counts matches up to COUNT_CAP + 1 (stops reading there). */
  private async cappedCount(filter: string, params: unknown[]): Promise<number> {
    const [row] = await this.run<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM search_entry e ${filter} LIMIT ${COUNT_CAP + 1}) x`,
      ...params,
    );
    return Number(row?.n ?? 0);
  }
}

type Row = Record<string, unknown>;

function toHit(r: Row): SearchHit {
  return {
    implementationCode: String(r.code),
    version: Number(r.version),
    name: String(r.name),
    baseCode: String(r.base_code),
    type: String(r.type),
    level: String(r.level),
    regionCode: String(r.region_code),
    departmentCode: String(r.department_code),
    bodyName: String(r.body_name),
    online: Boolean(r.online),
    caseType: String(r.case_type),
    promisedDays: Number(r.promised_days),
  };
}
