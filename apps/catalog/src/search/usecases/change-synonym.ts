import type { SynonymPatch, SynonymView } from '@hall/contracts';
import { AppError } from '@hall/platform';
import { normaliseQuery } from '../search-text.js';
import type { SynonymsPort } from '../synonyms.repository.js';
import { synonymData, synonymView } from './synonym-steps.js';

/** Replaces the expansions of an existing search synonym (404 when the alias has none). */
export class ChangeSynonym {
  constructor(private readonly synonyms: SynonymsPort) {}

  async execute(actor: string, alias: string, patch: SynonymPatch): Promise<SynonymView> {
    const key = normaliseQuery(alias);
    if (!(await this.synonyms.find(key))) throw AppError.notFound('synonym', key);
    return synonymView(await this.synonyms.update(synonymData(key, patch.expansions), actor));
  }
}
