import type { SearchSynonym } from '../../generated/prisma/client.js';
import type { SynonymData, SynonymsPort } from '../synonyms.repository.js';

/** The synonyms port in memory (use case specs): rows by alias, a fixed clock. */
export class InMemorySynonyms implements SynonymsPort {
  readonly rows = new Map<string, SearchSynonym>();
  constructor(private readonly now = new Date('2026-12-05T08:00:00.000Z')) {}

  find(alias: string): Promise<SearchSynonym | null> {
    return Promise.resolve(this.rows.get(alias) ?? null);
  }

  create(data: SynonymData, by: string): Promise<SearchSynonym> {
    if (this.rows.has(data.alias)) return Promise.reject(new Error(`duplicate key ${data.alias}`));
    return Promise.resolve(this.put(data, by));
  }

  update(data: SynonymData, by: string): Promise<SearchSynonym> {
    if (!this.rows.has(data.alias)) return Promise.reject(new Error(`no row ${data.alias}`));
    return Promise.resolve(this.put(data, by));
  }

  remove(alias: string): Promise<boolean> {
    return Promise.resolve(this.rows.delete(alias));
  }

  private put(data: SynonymData, by: string): SearchSynonym {
    const row: SearchSynonym = { ...data, updatedBy: by, updatedAt: this.now };
    this.rows.set(data.alias, row);
    return row;
  }
}
