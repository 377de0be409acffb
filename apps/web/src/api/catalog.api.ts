/** Catalog service (事项目录) — public search and service guides. Paths: apps/catalog controllers; types: `@hall/contracts/api`. */
import type { Guide, SearchResult } from '@hall/contracts/api';
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
  guidePdfHref: (code: string) => `${BASE}/implementations/${enc(code)}/guide.pdf`,
  guideHtmlHref: (code: string) => `${BASE}/implementations/${enc(code)}/guide.html`,
};
