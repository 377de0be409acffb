import { AppError } from '@hall/platform';
import { normaliseQuery } from '../search-text.js';
import type { SynonymsPort } from '../synonyms.repository.js';

/** Removes a search synonym (404 when the alias has none). */
export class RemoveSynonym {
  constructor(private readonly synonyms: SynonymsPort) {}

  async execute(_actor: string, alias: string): Promise<void> {
    const key = normaliseQuery(alias);
    if (!(await this.synonyms.remove(key))) throw AppError.notFound('synonym', key);
  }
}
