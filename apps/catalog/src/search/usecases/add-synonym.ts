import type { SynonymInput, SynonymView } from '@hall/contracts';
import { AppError } from '@hall/platform';
import { CatalogErrorCode } from '../../catalog.errors.js';
import type { SynonymsPort } from '../synonyms.repository.js';
import { synonymData, synonymView } from './synonym-steps.js';

/** Adds a search synonym (同义词/别名); an alias that already has one is 409 `SYNONYM_EXISTS` (change it instead). */
export class AddSynonym {
  constructor(private readonly synonyms: SynonymsPort) {}

  async execute(actor: string, input: SynonymInput): Promise<SynonymView> {
    const data = synonymData(input.alias, input.expansions);
    if (await this.synonyms.find(data.alias))
      throw AppError.conflict(
        CatalogErrorCode.SynonymExists,
        `alias: "${data.alias}" already has a synonym`,
        {
          field: 'alias',
          alias: data.alias,
        },
      );
    return synonymView(await this.synonyms.create(data, actor));
  }
}
