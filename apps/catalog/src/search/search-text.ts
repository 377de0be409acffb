import { pinyin } from 'pinyin-pro';

/**
 * The text citizens' queries are matched against (substring, lower case): the item name, its pinyin in
 * full (`shipinjingyingxuke`) and as initials (`spjyxk`), the implementing body and the themes.
 */
export function searchTextOf(parts: { name: string; bodyName: string; themes: readonly string[] }): string {
  const full = pinyin(parts.name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('');
  const initials = pinyin(parts.name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('');
  return [parts.name, full, initials, parts.bodyName, ...parts.themes].join(' ').toLowerCase().replace(/\s+/g, ' ');
}

/** Normalises a query: trimmed, lower case, inner spaces removed for pinyin input ("shi pin" → "shipin"). */
export function normaliseQuery(q: string): string {
  const trimmed = q.trim().toLowerCase();
  return /^[a-z\s]+$/.test(trimmed) ? trimmed.replace(/\s+/g, '') : trimmed;
}
