/**
 * 政务公开 (disclosure service): the public listing and the staff workflow (draft → 保密审查 → published). Types are
 * the service's HTTP contract (`@hall/contracts/api`); responses are checked against it in development builds.
 */
import type {
  AgencyCatalogue,
  AgencyGuide,
  AgencyList,
  ItemCorrectBody,
  ItemDraftBody,
  ItemHistory,
  ItemReviewBody,
  PublicItemDetail,
  PublicItemPage,
  PublicItemQuery,
  StaffItem,
  StaffItemPage,
  StaffItemQuery,
} from '@hall/contracts/api';
import { apiCall } from './http.js';

export type {
  AgencyCatalogue,
  AgencyGuide,
  PublicItemPage,
  ItemDraftBody,
  KeyArea,
  OpenCategory,
  PublicItemDetail,
  PublicItemSummary,
  StaffItem,
  ItemStatus,
} from '@hall/contracts/api';
// Plain values from the zod-free module: importing them from the schemas would load zod's full API on every page.
export { KEY_AREAS, OPEN_CATEGORIES } from '@hall/contracts/constants';

const BASE = '/api/disclosure';

export const disclosureApi = {
  publicItems(query: PublicItemQuery, signal?: AbortSignal): Promise<PublicItemPage> {
    return apiCall('PublicItemPage', `${BASE}/public/items`, { query: { ...query }, signal });
  },
  publicItem(id: string, signal?: AbortSignal): Promise<PublicItemDetail> {
    return apiCall('PublicItemDetail', `${BASE}/public/items/${encodeURIComponent(id)}`, { signal });
  },
  agencies(signal?: AbortSignal): Promise<AgencyList> {
    return apiCall('AgencyList', `${BASE}/public/agencies`, { signal });
  },
  catalogue(department: string, signal?: AbortSignal): Promise<AgencyCatalogue> {
    return apiCall('AgencyCatalogue', `${BASE}/public/agencies/${encodeURIComponent(department)}`, {
      signal,
    });
  },
  guide(department: string, signal?: AbortSignal): Promise<AgencyGuide> {
    return apiCall('AgencyGuide', `${BASE}/public/agencies/${encodeURIComponent(department)}/guide`, {
      signal,
    });
  },
  attachmentUrl(itemId: string, attachmentId: string): string {
    return `${BASE}/public/items/${encodeURIComponent(itemId)}/attachments/${encodeURIComponent(attachmentId)}`;
  },
  items(query: StaffItemQuery, signal?: AbortSignal): Promise<StaffItemPage> {
    return apiCall('StaffItemPage', `${BASE}/items`, { query: { ...query }, signal });
  },
  item(id: string, signal?: AbortSignal): Promise<StaffItem> {
    return apiCall('StaffItem', `${BASE}/items/${encodeURIComponent(id)}`, { signal });
  },
  create(body: ItemDraftBody): Promise<StaffItem> {
    return apiCall('StaffItem', `${BASE}/items`, { method: 'POST', body });
  },
  update(id: string, body: ItemDraftBody): Promise<StaffItem> {
    return apiCall('StaffItem', `${BASE}/items/${encodeURIComponent(id)}`, { method: 'PUT', body });
  },
  submit(id: string): Promise<StaffItem> {
    return apiCall('StaffItem', `${BASE}/items/${encodeURIComponent(id)}/submit`, {
      method: 'POST',
      body: {},
    });
  },
  review(id: string, body: ItemReviewBody): Promise<StaffItem> {
    return apiCall('StaffItem', `${BASE}/items/${encodeURIComponent(id)}/review`, { method: 'POST', body });
  },
  withdraw(id: string, reason: string): Promise<StaffItem> {
    return apiCall('StaffItem', `${BASE}/items/${encodeURIComponent(id)}/withdraw`, {
      method: 'POST',
      body: { reason },
    });
  },
  correct(id: string, body: ItemCorrectBody): Promise<StaffItem> {
    return apiCall('StaffItem', `${BASE}/items/${encodeURIComponent(id)}/correct`, { method: 'POST', body });
  },
  history(id: string, signal?: AbortSignal): Promise<ItemHistory> {
    return apiCall('ItemHistory', `${BASE}/items/${encodeURIComponent(id)}/history`, { signal });
  },
};
