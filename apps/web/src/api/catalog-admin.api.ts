/**
 * Catalog administration (事项目录管理): base items, implementation drafts, publish/retire, the 三级四同
 * consistency report, bulk import (background job with progress) and export. Paths and shapes: apps/catalog
 * controllers (base-items, implementations, exchange).
 */
import { ApiError, apiFetch, currentToken, openProtectedFile } from './http.js';

const BASE = '/api/catalog';
const enc = encodeURIComponent;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface BaseItem {
  code: string;
  name: string;
  type: string;
  legalBasis: string;
  parentCode: string | null;
  handlingKind: string | null;
  competentDepartment: string | null;
  implementingBody: string | null;
  legalLimitDays: number | null;
  definedAtLevel: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  children?: Array<{ code: string; name: string; handlingKind: string | null }>;
}

export interface BaseItemInput {
  code?: string;
  name?: string;
  type?: string;
  legalBasis?: string;
  competentDepartment?: string;
  legalLimitDays?: number;
  definedAtLevel?: string;
}

export interface ServiceInfoDraft {
  handlingForms: string[];
  visits: number;
  online: boolean;
  onlineUrl?: string;
  place: string;
  hours: string;
  consultPhone: string;
  complaintPhone: string;
  faqs: Array<{ q: string; a: string }>;
}

/** The implementation draft (ImplementationInput): every localisable element; locked ones live on the base item. */
export interface ImplementationDraft {
  baseCode: string;
  level: string;
  regionCode: string;
  parentRegionCode?: string;
  implementingBody: { name: string; uscc: string; departmentCode: string };
  competentDepartment?: string;
  legalLimitDays?: number;
  promisedLimitDays: number;
  caseType: string;
  audiences: string[];
  themes: string[];
  acceptanceConditions: string;
  process: string[];
  materials: Array<{ id: string; name: string; required: boolean; [key: string]: unknown }>;
  fees: unknown[];
  processTemplate: unknown;
  results: unknown[];
  resultName: string;
  service: ServiceInfoDraft;
}

export interface ImplementationAdmin {
  implementationCode: string;
  /** draft | published | retired */
  status: string;
  currentVersion: number;
  draft: ImplementationDraft;
  declared: Record<string, string> | null;
  updatedAt: string;
}

export interface PublishResult {
  implementationCode: string;
  version: number;
  published: boolean;
}

export interface ConsistencyReport {
  baseCode: string;
  baseVersion: number;
  lockedElements: { name: string; type: string; legalBasis: string };
  implementations: Array<{ implementationCode: string; level: string; regionCode: string; status: string; currentVersion: number; consistent: boolean }>;
  deviations: Array<{ implementationCode: string; element: string; expected: string; actual: string }>;
}

export type ImportRowStatus = 'created' | 'updated' | 'unchanged' | 'published' | 'deviation' | 'error';

export interface ImportRowResult {
  kind: 'region' | 'department' | 'baseItem' | 'implementation';
  index: number;
  key: string;
  status: ImportRowStatus;
  implementationCode?: string;
  version?: number;
  error?: { code: string; field?: string; message: string };
}

export interface ImportReport {
  totals: Partial<Record<ImportRowResult['kind'], Partial<Record<ImportRowStatus, number>>>>;
  rows: ImportRowResult[];
  durationMs: number;
}

export interface ImportJob {
  id: string;
  /** running | done | failed */
  status: string;
  done: number;
  total: number;
  report: ImportReport | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** A row error of the workbook itself (a sheet row that could not be read). */
export interface SheetError {
  sheet?: string;
  row?: number;
  field?: string;
  message?: string;
  [key: string]: unknown;
}

export interface ImportStarted {
  jobId: string;
  statusUrl: string;
  sheetErrors: SheetError[];
}

/** POSTs a raw body with upload progress (fetch has none); the hall's error shape becomes ApiError. */
async function postRaw<T>(path: string, body: Blob, contentType: string, onProgress: (percent: number) => void): Promise<T> {
  const token = await currentToken();
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', contentType);
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
  baseItems: (q: { q?: string; page?: number; pageSize?: number }, signal?: AbortSignal) => apiFetch<BaseItem[]>(`${BASE}/base-items`, { query: { ...q }, signal }),
  baseItem: (code: string, signal?: AbortSignal) => apiFetch<BaseItem>(`${BASE}/base-items/${enc(code)}`, { signal }),
  createBaseItem: (body: BaseItemInput) => apiFetch<BaseItem>(`${BASE}/base-items`, { method: 'POST', body }),
  updateBaseItem: (code: string, patch: BaseItemInput) => apiFetch<BaseItem>(`${BASE}/base-items/${enc(code)}`, { method: 'PATCH', body: patch }),
  consistency: (code: string, signal?: AbortSignal) => apiFetch<ConsistencyReport>(`${BASE}/base-items/${enc(code)}/consistency`, { signal }),
  implementation: (code: string, signal?: AbortSignal) => apiFetch<ImplementationAdmin>(`${BASE}/implementations/${enc(code)}/draft`, { signal }),
  updateImplementation: (code: string, patch: Partial<ImplementationDraft>) =>
    apiFetch<ImplementationAdmin>(`${BASE}/implementations/${enc(code)}`, { method: 'PATCH', body: patch }),
  publish: (code: string) => apiFetch<PublishResult>(`${BASE}/implementations/${enc(code)}/publish`, { method: 'POST', body: {} }),
  retire: (code: string, reason: string) => apiFetch<unknown>(`${BASE}/implementations/${enc(code)}/retire`, { method: 'POST', body: { reason } }),
  /** Starts a background import of a JSON exchange document or an Excel workbook (`?async=1`). */
  startImport: (file: File, onProgress: (percent: number) => void) => {
    const xlsx = file.name.toLowerCase().endsWith('.xlsx') || file.type === XLSX_TYPE;
    return postRaw<ImportStarted>(`${BASE}/import?async=1`, file, xlsx ? XLSX_TYPE : 'application/json', onProgress);
  },
  importJob: (id: string, signal?: AbortSignal) => apiFetch<ImportJob>(`${BASE}/import/jobs/${enc(id)}`, { signal }),
  exportCatalog: (format: 'json' | 'xlsx') => openProtectedFile(`${BASE}/export?format=${format}`, `catalog.${format}`),
};
