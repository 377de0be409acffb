/** Catalog service (事项目录) — public search and service guides. Paths: apps/catalog controllers. */
import { apiFetch } from './http.js';
import type { Guide, SearchPage, SearchQuery } from './catalog.types.js';

const BASE = '/api/catalog';

const enc = encodeURIComponent;

export const catalogApi = {
  search(query: SearchQuery, signal?: AbortSignal): Promise<SearchPage> {
    return apiFetch<SearchPage>(`${BASE}/implementations`, { query: { ...query }, signal });
  },
  guide(code: string, signal?: AbortSignal): Promise<Guide> {
    return apiFetch<Guide>(`${BASE}/implementations/${enc(code)}/guide`, { signal });
  },
  guidePdfHref: (code: string) => `${BASE}/implementations/${enc(code)}/guide.pdf`,
  guideHtmlHref: (code: string) => `${BASE}/implementations/${enc(code)}/guide.html`,
};
