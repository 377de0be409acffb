/** The case's materials for the officers examining it (approval service): each file with a short-lived download link. */
import { approvalPaths } from './approval.api.js';
import { apiFetch } from './http.js';

export interface CaseMaterials {
  caseId: string;
  applicationNo: string;
  ttlSeconds: number;
  materials: Array<{
    materialId: string;
    name: string;
    source: 'upload' | 'licence' | 'promise';
    licenceIdentifier?: string;
    files: Array<{ name: string; contentType: string; size: number; sha256: string; url: string; expiresAt: string }>;
  }>;
}

export function caseMaterials(id: string, signal?: AbortSignal): Promise<CaseMaterials> {
  return apiFetch<CaseMaterials>(`${approvalPaths.case(id)}/materials`, { signal });
}
