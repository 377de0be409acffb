/** The case's materials for the officers examining it (approval service): each file with the path of its download route. */
import { approvalPaths } from './approval.api.js';
import { apiCall } from './http.js';

/** `files[].url`: approval's download route (needs the bearer token; fetched with it, never opened as a plain link). */
export type { CaseMaterials } from '@hall/contracts/api';

export function caseMaterials(id: string, signal?: AbortSignal) {
  return apiCall('CaseMaterials', approvalPaths.materials(id), { signal });
}
