/**
 * The citizen search's statements over `search_entry` and `search_term`. Raw SQL on purpose: the plans this
 * search depends on (a trigram `LIKE` on the term dictionary, per-term `CROSS JOIN LATERAL` reads in index
 * order with a `LIMIT`, GIN `@>` on arrays, a recursive region walk, counts that stop at a cap) have no
 * Prisma query that produces them.
 */

import { performance } from 'node:perf_hooks';
import type { CatalogDb } from '../catalog.store.js';

/** What the statements run on: the service's client, or {@link timedSearchDb} around it. */
export interface SearchDb {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** The client with every statement reported to `onQuery` with its parameters and duration. */
export function timedSearchDb(
  db: CatalogDb,
  onQuery?: (sql: string, params: readonly unknown[], ms: number) => void,
): SearchDb {
  return {
    $queryRawUnsafe: async <T>(sql: string, ...params: unknown[]): Promise<T> => {
      const started = performance.now();
      const result = await db.$queryRawUnsafe<T>(sql, ...params);
      onQuery?.(sql, params, performance.now() - started);
      return result;
    },
  };
}

/** Matches are counted up to this many; beyond it the total is reported as `COUNT_CAP` with `totalExact: false`. */
export const COUNT_CAP = 1000;
/** At most this many dictionary terms (names, bodies, themes) take part in one keyword search, best first. */
export const TERM_CAP = 500;

const COLUMNS =
  'e.code, e.version, e.name, e.base_code, e.type, e.level, e.region_code, e.department_code, e.body_name, e.online, e.case_type, e.promised_days, e.rank';

/** How a matched term ranks: its kind and how the keyword meets the item name (exact, prefix, inside, pinyin). */
const TIER_SQL = `CASE WHEN kind <> 'name' THEN 4 WHEN lower(term) = $2 THEN 0 WHEN starts_with(lower(term), $2) THEN 1
                       WHEN position($2 in lower(term)) > 0 THEN 2 ELSE 3 END`;

/** A search_entry row as the statements return it (snake_case columns). */
export type EntryRow = Record<string, unknown>;

/** The filters of a search, already resolved (a region with every region above it). */
export interface EntryFilters {
  regions?: readonly string[] | undefined;
  level?: string | undefined;
  type?: string | undefined;
  dept?: string | undefined;
  audience?: string | undefined;
  theme?: string | undefined;
  online?: boolean | undefined;
  caseType?: string | undefined;
}

/** A matched dictionary term with its tier (0 = exact name … 4 = body or theme). */
export interface MatchedTerm {
  term: string;
  kind: string;
  tier: number;
}

async function rows<T>(db: SearchDb, sql: string, ...params: unknown[]): Promise<T[]> {
  return db.$queryRawUnsafe<T[]>(sql, ...params);
}

/** The filters as conditions on `e` (search_entry) with their parameters `$1…`: b-tree columns, GIN arrays. */
function filterSql(f: EntryFilters): { where: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (i: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.regions) add((i) => `e.region_code = ANY(${i}::text[])`, f.regions);
  if (f.level) add((i) => `e.level = ${i}`, f.level);
  if (f.type) add((i) => `e.type = ${i}`, f.type);
  if (f.dept) add((i) => `e.department_code = ${i}`, f.dept);
  if (f.audience) add((i) => `e.audiences @> ARRAY[${i}]::text[]`, f.audience);
  if (f.theme) add((i) => `e.themes @> ARRAY[${i}]::text[]`, f.theme);
  if (f.online !== undefined) add((i) => `e.online = ${i}`, f.online);
  if (f.caseType) add((i) => `e.case_type = ${i}`, f.caseType);
  return { where, params };
}

/** The region and every region above it: county → city → province (empty when the region is unknown). */
export async function regionAndAncestors(db: SearchDb, code: string): Promise<string[]> {
  const found = await rows<{ code: string }>(
    db,
    `WITH RECURSIVE up AS (
       SELECT code, parent_code FROM region WHERE code = $1
       UNION ALL SELECT r.code, r.parent_code FROM region r JOIN up ON r.code = up.parent_code)
     SELECT code FROM up`,
    code,
  );
  return found.map((r) => r.code);
}

/** No keyword: the first `need` entries matching the filters in static-rank order, and their count (capped). */
export async function browseEntries(
  db: SearchDb,
  filters: EntryFilters,
  need: number,
): Promise<{ rows: EntryRow[]; count: number }> {
  const { where, params } = filterSql(filters);
  const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const n = params.length;
  const [page, count] = await Promise.all([
    rows<EntryRow>(
      db,
      `SELECT ${COLUMNS} FROM search_entry e ${filter} ORDER BY e.rank, e.code LIMIT $${n + 1}`,
      ...params,
      need,
    ),
    // Counts matches up to COUNT_CAP + 1 (stops reading there).
    rows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM search_entry e ${filter} LIMIT ${COUNT_CAP + 1}) x`,
      ...params,
    ).then(([row]) => Number(row?.n ?? 0)),
  ]);
  return { rows: page, count };
}

/** The dictionary terms a normalised keyword meets (trigram-indexed substring), best tier first, at most `limit`. */
export function matchTerms(db: SearchDb, q: string, limit: number): Promise<MatchedTerm[]> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return rows<MatchedTerm>(
    db,
    `SELECT term, kind, ${TIER_SQL} AS tier FROM search_term WHERE search_text LIKE $1
      ORDER BY tier, length(term), term LIMIT $3`,
    pattern,
    q,
    limit,
  );
}

/**
 * The first `need` entries reached by the matched terms (best tier, then rank, then code), and their count
 * (capped). Entries are read per term in index order (`(name|body_name, rank, code)`), at most `need` per term.
 */
export async function entriesByTerms(
  db: SearchDb,
  filters: EntryFilters,
  terms: readonly MatchedTerm[],
  need: number,
): Promise<{ rows: EntryRow[]; count: number }> {
  const { where, params } = filterSql(filters);
  const of = (kind: string) => terms.filter((t) => t.kind === kind);
  const filter = where.map((w) => ` AND ${w}`).join('');
  const n = params.length;
  const [tTerm, tKind, tTier, tNeed] = [`$${n + 1}`, `$${n + 2}`, `$${n + 3}`, `$${n + 4}`];
  // Per matched term, its best `need` entries in index order; an entry reached by several terms keeps its best tier.
  const perTerm = (kind: string, match: string) => `
    SELECT t.tier, x.* FROM unnest(${tTerm}::text[], ${tKind}::text[], ${tTier}::int[]) AS t(term, kind, tier)
      CROSS JOIN LATERAL (SELECT ${COLUMNS} FROM search_entry e
                           WHERE t.kind = '${kind}' AND ${match}${filter} ORDER BY e.rank, e.code LIMIT ${tNeed}) x`;
  const page = rows<EntryRow>(
    db,
    `WITH hits AS (${perTerm('name', 'e.name = t.term')} UNION ALL ${perTerm('body', 'e.body_name = t.term')}
                   UNION ALL ${perTerm('theme', 'e.themes @> ARRAY[t.term]')}),
          best AS (SELECT DISTINCT ON (code) * FROM hits ORDER BY code, tier)
     SELECT * FROM best ORDER BY tier, rank, code LIMIT ${tNeed}`,
    ...params,
    terms.map((t) => t.term),
    terms.map((t) => t.kind),
    terms.map((t) => Number(t.tier)),
    need,
  );
  // Counted per term too (index-ordered, lazily: the outer LIMIT stops the scans), each entry once: a body or
  // theme branch leaves out entries an earlier branch already reached.
  const [names, bodies, themes] = [of('name'), of('body'), of('theme')].map((ts) => ts.map((t) => t.term));
  const [pNames, pBodies, pThemes] = [`$${n + 1}::text[]`, `$${n + 2}::text[]`, `$${n + 3}::text[]`];
  const count = rows<{ n: number }>(
    db,
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
  const [found, total] = await Promise.all([page, count]);
  return { rows: found, count: total };
}

/** A name is suggested when its pinyin text is at least this close to the keyword (pg_trgm `word_similarity`). */
export const SUGGEST_SIMILARITY = 0.5;
/** A shared-character count no name reaches (a keyword without Chinese characters is matched by similarity only). */
const NEVER = 1_000_000;

/**
 * 您是不是要找: published item names close to a keyword that found nothing, closest first. A name is close when it
 * holds at least half of the keyword's distinct Chinese characters (食品许可经营 → 食品经营许可), or when its text
 * (name, pinyin, initials) is similar to the keyword by trigrams (a misspelt pinyin). With a region, only names
 * available there. Raw SQL: a per-row character count and pg_trgm's `word_similarity` have no Prisma query.
 */
export function suggestNames(
  db: SearchDb,
  q: string,
  regions: readonly string[] | undefined,
  limit: number,
): Promise<string[]> {
  const chars = [...new Set([...q].filter((c) => /[\u3400-\u9fff]/.test(c)))];
  const minShared = chars.length > 0 ? Math.ceil(chars.length / 2) : NEVER;
  const inRegion = regions
    ? 'AND EXISTS (SELECT 1 FROM search_entry e WHERE e.name = s.term AND e.region_code = ANY($6::text[]))'
    : '';
  return rows<{ term: string }>(
    db,
    `SELECT term FROM (
       SELECT s.term,
              (SELECT count(*) FROM unnest($1::text[]) AS c(ch) WHERE position(c.ch in s.term) > 0)::int AS shared,
              word_similarity($2, s.search_text) AS sim
         FROM search_term s WHERE s.kind = 'name' ${inRegion}) x
      WHERE shared >= $3 OR sim >= $4
      ORDER BY greatest(shared::float8 / greatest(cardinality($1::text[]), 1), sim) DESC, length(term), term
      LIMIT $5`,
    chars,
    q,
    minShared,
    SUGGEST_SIMILARITY,
    limit,
    ...(regions ? [regions] : []),
  ).then((found) => found.map((r) => r.term));
}
