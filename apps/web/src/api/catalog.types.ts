/**
 * Shapes of the catalog's public API as the web app reads them: the catalog's HTTP contract
 * (`@hall/contracts/api`, libs/contracts/src/catalog/catalog-api.ts), re-exported for the pages.
 */
import type { SearchQuery as SearchQueryParsed } from '@hall/contracts/api';

export type {
  Guide,
  GuideField,
  GuideFeeRow,
  GuideLink,
  GuideMaterialRow,
  GuideParallel,
  GuideProcessStep,
  GuideSection,
  SearchHit,
  SearchResult as SearchPage,
} from '@hall/contracts/api';

/**
 * A search as the pages hold it (read from the URL): the contract's parameters, every one optional (the service
 * applies the defaults and refuses a bad code), filters as text.
 */
// client type: the search query as the screens hold it (numbers for paging, strings elsewhere)
export type SearchQuery = {
  [K in keyof SearchQueryParsed]?: K extends 'page' | 'pageSize' ? number : string;
};
