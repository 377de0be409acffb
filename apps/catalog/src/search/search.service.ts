import type { SearchHit, SearchQuery, SearchResult } from '@hall/contracts';
import type { CatalogStore } from '../catalog.store.js';
import {
  COUNT_CAP,
  TERM_CAP,
  browseEntries,
  entriesByTerms,
  matchTerms,
  regionAndAncestors,
  suggestNames,
  timedSearchDb,
  type MatchedTerm,
  type EntryFilters,
  type EntryRow,
  type SearchDb,
} from './search.repository.js';
import { normaliseQuery } from './search-text.js';
import { synonymsMeeting } from './synonyms.repository.js';

export { COUNT_CAP, TERM_CAP };
/** At most this many 您是不是要找 suggestions. */
export const SUGGESTION_CAP = 5;
/** A term reached through a synonym ranks after every term the keyword meets itself (tiers 0–4). */
const SYNONYM_TIER = 5;
/** The region hierarchy changes only by import; a region's ancestors are cached this long. */
const REGION_CACHE_MS = 60_000;

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
 * The statements are in `search.repository.ts`.
 */
export class SearchService {
  private readonly db: SearchDb;

  /** `onQuery` sees every statement with its parameters and duration (the benchmark prints plans and timings). */
  constructor(store: CatalogStore, onQuery?: (sql: string, params: readonly unknown[], ms: number) => void) {
    this.db = timedSearchDb(store.prisma, onQuery);
  }

  private readonly regionCache = new Map<string, { codes: string[]; until: number }>();

  /** The region and every region above it: county → city → province (known regions cached for a minute). */
  async regionWithAncestors(code: string): Promise<string[]> {
    const cached = this.regionCache.get(code);
    if (cached && cached.until > Date.now()) return cached.codes;
    const codes = await regionAndAncestors(this.db, code);
    if (codes.length === 0) return [code];
    this.regionCache.set(code, { codes, until: Date.now() + REGION_CACHE_MS });
    return codes;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const filters: EntryFilters = {
      regions: query.region ? await this.regionWithAncestors(query.region) : undefined,
      level: query.level,
      type: query.type,
      dept: query.dept,
      audience: query.audience,
      theme: query.theme,
      online: query.online,
      caseType: query.caseType,
    };
    const offset = (query.page - 1) * query.pageSize;
    const need = offset + query.pageSize;
    const q = query.q ? normaliseQuery(query.q) : '';
    const { rows, count, termsCapped, expandedBy } = q
      ? await this.byKeyword(q, filters, need)
      : { ...(await browseEntries(this.db, filters, need)), termsCapped: false, expandedBy: [] };
    const suggestions =
      q && count === 0 ? await suggestNames(this.db, q, filters.regions, SUGGESTION_CAP) : [];
    return {
      total: Math.min(count, COUNT_CAP),
      totalExact: count <= COUNT_CAP && !termsCapped,
      page: query.page,
      pageSize: query.pageSize,
      items: rows.slice(offset, offset + query.pageSize).map(toHit),
      expandedBy,
      suggestions,
    };
  }

  /**
   * A keyword: its dictionary terms and those of the synonyms it meets (营业执照 → 企业设立登记 …; ranked after the
   * keyword's own terms), at most {@link TERM_CAP}, best first; then the entries they reach.
   */
  private async byKeyword(q: string, filters: EntryFilters, need: number) {
    const synonyms = await synonymsMeeting(this.db, q);
    const expansions = [...new Set(synonyms.flatMap((s) => s.expansions.map(normaliseQuery)))].filter(
      (e) => e !== q,
    );
    const found = await Promise.all([
      matchTerms(this.db, q, TERM_CAP + 1),
      ...expansions.map((e) =>
        matchTerms(this.db, e, TERM_CAP + 1).then((ts) =>
          ts.map((t) => ({ ...t, tier: SYNONYM_TIER + Number(t.tier) })),
        ),
      ),
    ]);
    // Each term once, at its best tier.
    const best = new Map<string, MatchedTerm>();
    for (const t of found.flat()) {
      const key = `${t.kind}\u0000${t.term}`;
      const seen = best.get(key);
      if (!seen || Number(t.tier) < Number(seen.tier)) best.set(key, { ...t, tier: Number(t.tier) });
    }
    const terms = [...best.values()].sort(
      (a, b) => a.tier - b.tier || a.term.length - b.term.length || (a.term < b.term ? -1 : 1),
    );
    const termsCapped = terms.length > TERM_CAP;
    const used = terms.slice(0, TERM_CAP);
    const expandedBy = synonyms.map((s) => s.alias);
    if (used.length === 0) return { rows: [], count: 0, termsCapped, expandedBy };
    return { ...(await entriesByTerms(this.db, filters, used, need)), termsCapped, expandedBy };
  }
}

function toHit(r: EntryRow): SearchHit {
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
