/**
 * 免提交: the e-licences of the signed-in applicant that may replace one material. Reads intake's own licence
 * read model (`GET /api/intake/licences?implementationCode=`): the same holdings intake checks the submitted
 * application against, so a licence offered here is one the submission accepts (a licence the licence service
 * issued a moment ago shows up once intake has recorded it). Each item names the materials it replaces.
 */
import { apiFetch } from './http.js';
import type { MaterialSpec } from './intake.api.js';

export interface UsableLicence {
  identifier: string;
  licenceTypeCode: string;
  name: string;
  status: string;
  statusLabel: string;
  usable: boolean;
  issuedAt: string;
  validFrom: string | null;
  validUntil: string | null;
  replaces?: Array<{ materialId: string; name: string }>;
}

export interface UsableLicences {
  implementationCode?: string;
  implementationVersion?: number;
  items: UsableLicence[];
}

export function materialAcceptsLicences(material: MaterialSpec): boolean {
  return (material.replaceableByLicenceTypes ?? []).length > 0;
}

export function usableLicences(implementationCode: string, signal?: AbortSignal): Promise<UsableLicences> {
  return apiFetch<UsableLicences>('/api/intake/licences', { query: { implementationCode }, signal });
}

/** My licences that may stand for `material` of the implementation now (valid, unexpired, of a replacing type). */
export async function usableLicencesFor(implementationCode: string, material: MaterialSpec, signal?: AbortSignal): Promise<UsableLicence[]> {
  if (!materialAcceptsLicences(material)) return [];
  const { items } = await usableLicences(implementationCode, signal);
  return items.filter((l) => l.usable && (l.replaces ?? []).some((r) => r.materialId === material.id));
}
