/**
 * Catalog administration (事项目录管理): base items, implementation drafts, publish/retire, the 三级四同
 * consistency report, bulk import (background job with progress) and export. Request and response types are the
 * catalog's HTTP contract (`@hall/contracts/api`, libs/contracts/src/catalog/catalog-api.ts); responses are checked
 * against it in development builds (apiCall).
 */
import type {
  BaseItemDetail,
  BaseItemInput as BaseItemBody,
  BaseItemListQuery,
  BaseItemPatch,
  BaseItemView,
  CatalogFileUploaded,
  ImplementationPatch,
  ImportStarted,
  SynonymInputInput,
  SynonymPatchInput,
} from '@hall/contracts/api';
import { ApiError, apiCall, apiFetch, currentToken, openProtectedFile } from './http.js';

export type {
  ConsistencyReport,
  ExchangeRowError as SheetError,
  ImplementationAdmin,
  ImplementationDraft,
  ImplementationPatch,
  ImportJob,
  ImportReport,
  ImportRowResult,
  ImportRowStatus,
  CatalogFileUploaded,
  ImportStarted,
  PublishResult,
  SynonymView,
} from '@hall/contracts/api';

/** A base item as listed, with its sub-items where read alone. */
export type BaseItem = BaseItemView & Partial<Pick<BaseItemDetail, 'children'>>;
/** The base item form's values: every element optional while editing (the service names what is missing). */
export type BaseItemInput = Partial<BaseItemBody>;

const BASE = '/api/catalog';
const enc = encodeURIComponent;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** POSTs a raw body with upload progress (fetch has none); the hall's error shape becomes ApiError. */
async function postRaw<T>(
  path: string,
  body: Blob | FormData,
  /** Left out for a FormData body (the browser sets the multipart boundary). */
  contentType: string | undefined,
  onProgress: (percent: number) => void,
): Promise<T> {
  const token = await currentToken();
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    if (contentType) xhr.setRequestHeader('content-type', contentType);
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', 'network error'));
    xhr.onload = () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(xhr.responseText) as unknown;
      } catch {
        parsed = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve(parsed as T);
        return;
      }
      const b = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
      reject(
        new ApiError(
          xhr.status,
          typeof b.code === 'string' ? b.code : `HTTP_${xhr.status}`,
          typeof b.message === 'string' ? b.message : xhr.statusText || `HTTP ${xhr.status}`,
          b.details,
          typeof b.correlationId === 'string' ? b.correlationId : undefined,
        ),
      );
    };
    xhr.send(body);
  });
}

export const catalogAdminApi = {
  baseItems: (q: Partial<BaseItemListQuery>, signal?: AbortSignal) =>
    apiCall('BaseItemList', `${BASE}/base-items`, { query: { ...q }, signal }),
  baseItem: (code: string, signal?: AbortSignal) =>
    apiCall('BaseItemDetail', `${BASE}/base-items/${enc(code)}`, { signal }),
  createBaseItem: (body: BaseItemInput) =>
    apiCall('BaseItemDetail', `${BASE}/base-items`, { method: 'POST', body }),
  updateBaseItem: (code: string, patch: BaseItemPatch) =>
    apiCall('BaseItemDetail', `${BASE}/base-items/${enc(code)}`, { method: 'PATCH', body: patch }),
  consistency: (code: string, signal?: AbortSignal) =>
    apiCall('ConsistencyReport', `${BASE}/base-items/${enc(code)}/consistency`, { signal }),
  implementation: (code: string, signal?: AbortSignal) =>
    apiCall('ImplementationAdmin', `${BASE}/implementations/${enc(code)}/draft`, { signal }),
  updateImplementation: (code: string, patch: ImplementationPatch) =>
    apiCall('ImplementationAdmin', `${BASE}/implementations/${enc(code)}`, { method: 'PATCH', body: patch }),
  publish: (code: string) =>
    apiCall('PublishResult', `${BASE}/implementations/${enc(code)}/publish`, { method: 'POST', body: {} }),
  retire: (code: string, reason: string) =>
    apiCall('ImplementationRetiredResult', `${BASE}/implementations/${enc(code)}/retire`, {
      method: 'POST',
      body: { reason },
    }),
  /** Uploads a catalog file (结果样本, 空白表格): multipart field "file"; the answer is its file reference. */
  uploadFile: (file: File, onProgress: (percent: number) => void = () => undefined) => {
    const body = new FormData();
    body.append('file', file, file.name);
    return postRaw<CatalogFileUploaded>(`${BASE}/files`, body, undefined, onProgress);
  },
  /** Starts a background import of a JSON exchange document or an Excel workbook (`?async=1`). */
  startImport: (file: File, onProgress: (percent: number) => void) => {
    const xlsx = file.name.toLowerCase().endsWith('.xlsx') || file.type === XLSX_TYPE;
    return postRaw<ImportStarted>(
      `${BASE}/import?async=1`,
      file,
      xlsx ? XLSX_TYPE : 'application/json',
      onProgress,
    );
  },
  importJob: (id: string, signal?: AbortSignal) =>
    apiCall('ImportJob', `${BASE}/import/jobs/${enc(id)}`, { signal }),
  /** 搜索同义词: every synonym, by alias. */
  synonyms: (signal?: AbortSignal) => apiCall('SynonymList', `${BASE}/search-synonyms`, { signal }),
  addSynonym: (body: SynonymInputInput) =>
    apiCall('SynonymView', `${BASE}/search-synonyms`, { method: 'POST', body }),
  changeSynonym: (alias: string, body: SynonymPatchInput) =>
    apiCall('SynonymView', `${BASE}/search-synonyms/${enc(alias)}`, { method: 'PUT', body }),
  removeSynonym: (alias: string): Promise<void> =>
    apiFetch<void>(`${BASE}/search-synonyms/${enc(alias)}`, { method: 'DELETE' }),
  exportCatalog: (format: 'json' | 'xlsx') =>
    openProtectedFile(`${BASE}/export?format=${format}`, `catalog.${format}`),
};
