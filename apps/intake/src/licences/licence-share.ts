/**
 * 免提交 through the licence service's sharing API — the verification step (port + rule), NOT yet wired into
 * the window's accept. A holder share (`POST /api/licence/shares`) authorises one licence for one application
 * until a date; intake resolves it (`GET /api/licence/shares/:id?applicationNo=`) and checks it here.
 */

/** What the licence service answers for a share (the fields intake relies on). */
export interface ResolvedShare {
  shareId: string;
  applicationNo: string;
  expiresAt: Date;
  licence: { identifier: string; licenceTypeCode: string; holderIdNumber: string; status: string };
}

/** Why a share does not stand for the material. */
export type ShareProblem =
  | 'share-not-found'
  | 'share-expired'
  | 'share-other-application'
  | 'share-other-licence'
  | 'share-not-holder'
  | 'licence-not-valid'
  | 'licence-type-not-replacing';

export type ShareLookup = { ok: true; share: ResolvedShare } | { ok: false; problem: 'share-not-found' | 'share-expired' | 'share-other-application' | 'licence-not-valid' };

/** Port: resolves a share for one application (HTTP adapter → licence API with the service's own credentials). */
export interface LicenceShareResolver {
  resolve(shareId: string, applicationNo: string): Promise<ShareLookup>;
}

/** The material as the applicant gave it, and the application it belongs to. */
export interface SharedMaterial {
  shareId: string;
  licenceIdentifier: string;
  replaceableByLicenceTypes: readonly string[];
  applicationNo: string;
  applicantIdNumber: string;
}

/**
 * The share must belong to the applicant (holder = applicant's ID number / USCC), name the licence the material
 * cites, be valid for this application now, and its licence type must replace the material.
 */
export async function checkSharedMaterial(resolver: LicenceShareResolver, m: SharedMaterial, now: Date): Promise<ShareProblem | null> {
  const found = await resolver.resolve(m.shareId, m.applicationNo);
  if (!found.ok) return found.problem;
  const { share } = found;
  if (share.applicationNo !== m.applicationNo) return 'share-other-application';
  if (share.expiresAt <= now) return 'share-expired';
  if (share.licence.identifier !== m.licenceIdentifier) return 'share-other-licence';
  if (share.licence.holderIdNumber !== m.applicantIdNumber) return 'share-not-holder';
  if (share.licence.status !== 'valid') return 'licence-not-valid';
  if (!m.replaceableByLicenceTypes.includes(share.licence.licenceTypeCode)) return 'licence-type-not-replacing';
  return null;
}
