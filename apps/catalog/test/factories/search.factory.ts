import type { ServiceHarness } from '@hall/platform/testing';
import { searchTermsOf, searchTextOf, staticRank } from '../../src/search/search-text.js';

/** A published search entry written straight into the index (for large or hand-shaped result sets). */
export interface SyntheticEntry {
  code: string;
  name: string;
  level: string;
  regionCode: string;
  bodyName?: string;
  departmentCode?: string;
  type?: string;
  audiences?: string[];
  themes?: string[];
  online?: boolean;
  caseType?: string;
}

/** Inserts entries and their dictionary terms exactly as publishing writes them (same text and rank functions). */
export async function insertSearchEntries(
  h: ServiceHarness,
  entries: readonly SyntheticEntry[],
): Promise<void> {
  const full = entries.map((e) => ({
    bodyName: '测试实施机关',
    departmentCode: 'market-regulation',
    type: '01',
    audiences: ['1'],
    themes: [],
    online: true,
    caseType: '2',
    ...e,
  }));
  for (let i = 0; i < full.length; i += 500) {
    const batch = full.slice(i, i + 500);
    await h.database.db.sql.query(
      `INSERT INTO search_entry (code, version, name, search_text, base_code, type, level, region_code, department_code, body_name,
                                 audiences, themes, online, case_type, promised_days, published_at, rank)
       SELECT x.code, 1, x.name, x.search_text, 'SYNTHETIC', x.type, x.level, x.region_code, x.department_code, x.body_name,
              x.audiences, x.themes, x.online, x.case_type, 5, now(), x.rank
         FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, search_text text, type text, level text, region_code text,
              department_code text, body_name text, audiences text[], themes text[], online boolean, case_type text, rank int)`,
      [
        JSON.stringify(
          batch.map((e) => ({
            code: e.code,
            name: e.name,
            search_text: searchTextOf(e),
            type: e.type,
            level: e.level,
            region_code: e.regionCode,
            department_code: e.departmentCode,
            body_name: e.bodyName,
            audiences: e.audiences,
            themes: e.themes,
            online: e.online,
            case_type: e.caseType,
            rank: staticRank(e.name, e.level),
          })),
        ),
      ],
    );
  }
  const terms = [
    ...new Map(full.flatMap((e) => searchTermsOf(e)).map((t) => [`${t.kind}|${t.term}`, t])).values(),
  ];
  await h.database.db.sql.query(
    `INSERT INTO search_term (term, kind, search_text) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
    [terms.map((t) => t.term), terms.map((t) => t.kind), terms.map((t) => t.searchText)],
  );
}
