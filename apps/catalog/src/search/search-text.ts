import { normaliseQuery, pinyinKeys, pinyinSearchText } from '@hall/search-text';

/** The item name with its pinyin in full (`shipinjingyingxuke`) and as initials (`spjyxk`), lower case. */
export const nameSearchText = (name: string): string => pinyinSearchText(name);

/**
 * The text citizens' queries are matched against (substring, lower case): the item name, its pinyin in
 * full and as initials, the implementing body and the themes. Kept per entry (`search_entry.search_text`)
 * for ad-hoc SQL; the service matches keywords against the term dictionary ({@link searchTermsOf}).
 */
export function searchTextOf(parts: { name: string; bodyName: string; themes: readonly string[] }): string {
  return [nameSearchText(parts.name), parts.bodyName, ...parts.themes]
    .join(' ')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

export type SearchTermKind = 'name' | 'body' | 'theme';

/** The dictionary rows (`search_term`) one published entry needs: its name, its body and each theme. */
export function searchTermsOf(parts: {
  name: string;
  bodyName: string;
  themes: readonly string[];
}): Array<{ term: string; kind: SearchTermKind; searchText: string }> {
  return [
    { term: parts.name, kind: 'name' as const, searchText: nameSearchText(parts.name) },
    { term: parts.bodyName, kind: 'body' as const, searchText: parts.bodyName.toLowerCase() },
    ...[...new Set(parts.themes)].map((t) => ({
      term: t,
      kind: 'theme' as const,
      searchText: t.toLowerCase(),
    })),
  ];
}

/**
 * Static relevance score of an entry, precomputed at publish (lower = better): shorter item names first
 * (the closest to what was typed), then the higher level (province 2 before city 3 before county 4).
 * The migration `search_terms` and the benchmark compute the same formula in SQL.
 */
export function staticRank(name: string, level: string): number {
  const lvl = /^[0-9]$/.test(level) ? Number(level) : 9;
  return name.length * 10 + lvl;
}

/** Normalises a query: trimmed, lower case, inner spaces removed for pinyin input ("shi pin" → "shipin"). */
export { normaliseQuery };

/**
 * The keys a synonym's alias is met by (all normalised like a query): the alias itself and, for a Chinese alias,
 * its pinyin in full and as initials (`营业执照` → `yingyezhizhao`, `yyzz`).
 */
export const synonymKeys = (alias: string): string[] => pinyinKeys(alias);
