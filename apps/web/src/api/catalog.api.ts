/** Catalog service (事项目录) — public search and service guides. Paths: apps/catalog controllers; types: `@hall/contracts/api`. */
import type { Guide, HotSearches, RegionList, SearchResult } from '@hall/contracts/api';
import { apiCall } from './http.js';
import type { SearchQuery } from './catalog.types.js';

const BASE = '/api/catalog';

const enc = encodeURIComponent;

export const catalogApi = {
  search(query: SearchQuery, signal?: AbortSignal): Promise<SearchResult> {
    return apiCall('SearchResult', `${BASE}/implementations`, { query: { ...query }, signal });
  },
  guide(code: string, signal?: AbortSignal): Promise<Guide> {
    return apiCall('Guide', `${BASE}/implementations/${enc(code)}/guide`, { signal });
  },
  /** 热门搜索: the keywords the home page offers (the catalog's list; each finds something). */
  hotSearches(signal?: AbortSignal): Promise<HotSearches> {
    return apiCall('HotSearches', `${BASE}/hot-searches`, { signal });
  },
  /** 区划 with their parents (the search page's region picker). */
  regions(signal?: AbortSignal): Promise<RegionList> {
    return apiCall('RegionList', `${BASE}/regions`, { signal });
  },
  guidePdfHref: (code: string) => `${BASE}/implementations/${enc(code)}/guide.pdf`,
  guideHtmlHref: (code: string) => `${BASE}/implementations/${enc(code)}/guide.html`,
};
