/**
 * 免提交: the e-licences of the signed-in applicant that may replace one material. Reads intake's own licence
 * read model (`GET /api/intake/licences?implementationCode=`): the same holdings intake checks the submitted
 * application against, so a licence offered here is one the submission accepts (a licence the licence service
 * issued a moment ago shows up once intake has recorded it). Each item names the materials it replaces.
 */
import type { MaterialSpec, WalletLicence, WalletLicences } from '@hall/contracts/api';
import { apiCall } from './http.js';

export type { WalletLicence as UsableLicence, WalletLicences as UsableLicences } from '@hall/contracts/api';

export function materialAcceptsLicences(material: MaterialSpec): boolean {
  return (material.replaceableByLicenceTypes ?? []).length > 0;
}

export function usableLicences(implementationCode: string, signal?: AbortSignal): Promise<WalletLicences> {
  return apiCall('WalletLicences', '/api/intake/licences', { query: { implementationCode }, signal });
}

/** My licences that may stand for `material` of the implementation now (valid, unexpired, of a replacing type). */
export async function usableLicencesFor(
  implementationCode: string,
  material: MaterialSpec,
  signal?: AbortSignal,
): Promise<WalletLicence[]> {
  if (!materialAcceptsLicences(material)) return [];
  const { items } = await usableLicences(implementationCode, signal);
  return items.filter((l) => l.usable && (l.replaces ?? []).some((r) => r.materialId === material.id));
}
