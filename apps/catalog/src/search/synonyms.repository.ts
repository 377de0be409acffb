import type { CatalogStore } from '../catalog.store.js';
import type { SearchSynonym } from '../generated/prisma/client.js';
import type { SearchDb } from './search.repository.js';

/** A synonym as written: the alias (normalised), its expansions and its match keys (see `synonymKeys`). */
export interface SynonymData {
  alias: string;
  expansions: string[];
  keys: string[];
}

/** What an idempotent write did. */
export type SynonymUpsert = 'created' | 'updated' | 'unchanged';

/** The port the synonym use cases write through (the service's repository, or an in-memory one in specs). */
export interface SynonymsPort {
  find(alias: string): Promise<SearchSynonym | null>;
  create(data: SynonymData, by: string): Promise<SearchSynonym>;
  update(data: SynonymData, by: string): Promise<SearchSynonym>;
  /** False when there was none. */
  remove(alias: string): Promise<boolean>;
}

/** Search synonyms (`search_synonym`, 搜索同义词): kept by the catalog admin, exchanged with the catalog. */
export class SynonymsRepository implements SynonymsPort {
  constructor(private readonly store: CatalogStore) {}

  /** Every synonym, by alias. */
  all(): Promise<SearchSynonym[]> {
    return this.store.prisma.searchSynonym.findMany({ orderBy: { alias: 'asc' } });
  }

  find(alias: string): Promise<SearchSynonym | null> {
    return this.store.prisma.searchSynonym.findUnique({ where: { alias } });
  }

  create(data: SynonymData, by: string): Promise<SearchSynonym> {
    return this.store.prisma.searchSynonym.create({ data: { ...data, updatedBy: by } });
  }

  update(data: SynonymData, by: string): Promise<SearchSynonym> {
    return this.store.prisma.searchSynonym.update({
      where: { alias: data.alias },
      data: { expansions: data.expansions, keys: data.keys, updatedBy: by },
    });
  }

  async remove(alias: string): Promise<boolean> {
    const { count } = await this.store.prisma.searchSynonym.deleteMany({ where: { alias } });
    return count > 0;
  }

  /** Inserts or replaces one synonym (import); an equal row is left alone. */
  upsert(data: SynonymData, by: string): Promise<SynonymUpsert> {
    return this.store.prisma.$transaction(async (tx) => {
      const existing = await tx.searchSynonym.findUnique({ where: { alias: data.alias } });
      if (!existing) {
        await tx.searchSynonym.create({ data: { ...data, updatedBy: by } });
        return 'created';
      }
      if (
        existing.expansions.join('\n') === data.expansions.join('\n') &&
        existing.keys.join('\n') === data.keys.join('\n')
      )
        return 'unchanged';
      await tx.searchSynonym.update({
        where: { alias: data.alias },
        data: { expansions: data.expansions, keys: data.keys, updatedBy: by },
      });
      return 'updated';
    });
  }
}

/**
 * The synonyms a normalised keyword meets: it equals one of the alias's keys (the alias, its pinyin in full or as
 * initials), or it contains an alias of two or more characters (营业执照办理 meets 营业执照). Raw SQL: an array
 * membership and a substring test of the keyword against the (small) table; Prisma has neither.
 */
export function synonymsMeeting(
  db: SearchDb,
  q: string,
): Promise<Array<{ alias: string; expansions: string[] }>> {
  return db.$queryRawUnsafe<Array<{ alias: string; expansions: string[] }>>(
    `SELECT alias, expansions FROM search_synonym
      WHERE $1 = ANY(keys) OR (char_length(alias) >= 2 AND position(alias in $1) > 0)
      ORDER BY char_length(alias) DESC, alias LIMIT 20`,
    q,
  );
}
