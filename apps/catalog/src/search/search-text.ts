import { pinyin } from 'pinyin-pro';

/** The item name with its pinyin in full (`shipinjingyingxuke`) and as initials (`spjyxk`), lower case. */
export function nameSearchText(name: string): string {
  const full = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('');
  const initials = pinyin(name, {
    pattern: 'first',
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
  }).join('');
  return [name, full, initials].join(' ').toLowerCase().replace(/\s+/g, ' ');
}

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
export function normaliseQuery(q: string): string {
  const trimmed = q.trim().toLowerCase();
  return /^[a-z\s]+$/.test(trimmed) ? trimmed.replace(/\s+/g, '') : trimmed;
}

/**
 * The keys a synonym's alias is met by (all normalised like a query): the alias itself and, for a Chinese alias,
 * its pinyin in full and as initials (`营业执照` → `yingyezhizhao`, `yyzz`).
 */
export function synonymKeys(alias: string): string[] {
  const key = normaliseQuery(alias);
  const [, full, initials] = nameSearchText(key.replace(/\s+/g, '')).split(' ');
  return [...new Set([key, ...(/[\u3400-\u9fff]/.test(key) && full && initials ? [full, initials] : [])])];
}
