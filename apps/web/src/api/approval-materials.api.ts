/** The case's materials for the officers examining it (approval service): each file with the path of its download route. */
import { approvalPaths } from './approval.api.js';
import { apiFetch } from './http.js';

export interface CaseMaterials {
  caseId: string;
  applicationNo: string;
  materials: Array<{
    materialId: string;
    name: string;
    source: 'upload' | 'licence' | 'promise';
    licenceIdentifier?: string;
    /** `url`: approval's download route (needs the bearer token; fetched with it, never opened as a plain link). */
    files: Array<{ name: string; contentType: string; size: number; sha256: string; url: string }>;
  }>;
}

export function caseMaterials(id: string, signal?: AbortSignal): Promise<CaseMaterials> {
  return apiFetch<CaseMaterials>(`${approvalPaths.case(id)}/materials`, { signal });
}
