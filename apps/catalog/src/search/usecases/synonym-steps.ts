import type { SynonymView } from '@hall/contracts';
import { AppError } from '@hall/platform';
import type { SearchSynonym } from '../../generated/prisma/client.js';
import { normaliseQuery, synonymKeys } from '../search-text.js';
import type { SynonymData } from '../synonyms.repository.js';

/**
 * A synonym as stored: the alias normalised like a keyword (lower case, a pinyin alias without spaces), the
 * expansions trimmed and each once, and the alias's match keys. An expansion equal to the alias is refused
 * (400 naming `expansions.<i>`): it would expand to itself.
 */
export function synonymData(alias: string, expansions: readonly string[]): SynonymData {
  const key = normaliseQuery(alias);
  const seen = new Set<string>();
  const kept: string[] = [];
  expansions.forEach((raw, i) => {
    const e = raw.trim();
    if (normaliseQuery(e) === key) throw AppError.validation(`expansions.${i}`, 'must differ from the alias');
    if (seen.has(e.toLowerCase())) return;
    seen.add(e.toLowerCase());
    kept.push(e);
  });
  return { alias: key, expansions: kept, keys: synonymKeys(key) };
}

export function synonymView(row: SearchSynonym): SynonymView {
  return {
    alias: row.alias,
    expansions: row.expansions,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}
