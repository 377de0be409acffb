/**
 * 免提交: the e-licences of the signed-in applicant that may replace one material. Today it reads the licence
 * service's wallet (`GET /api/licence/licences?mine=1`) and keeps valid licences whose type the material accepts
 * (`replaceableByLicenceTypes`); when intake offers its own "usable licences" endpoint, re-point this function.
 */
import type { MaterialSpec } from './intake.api.js';
import { licenceApi, type LicenceView } from './licence.api.js';

export function materialAcceptsLicences(material: MaterialSpec): boolean {
  return (material.replaceableByLicenceTypes ?? []).length > 0;
}

export async function usableLicencesFor(material: MaterialSpec, signal?: AbortSignal): Promise<LicenceView[]> {
  const types = new Set(material.replaceableByLicenceTypes ?? []);
  if (types.size === 0) return [];
  const { items } = await licenceApi.mine(signal);
  return items.filter((l) => l.status === 'valid' && types.has(l.typeCode));
}
