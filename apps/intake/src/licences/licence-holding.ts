import { canonicalLicenceTypeCode } from '@hall/contracts';
import type { LicenceHolding } from '../generated/prisma/client.js';

export type HoldingStatus = 'valid' | 'suspended' | 'revoked' | 'cancelled' | 'expired' | 'invalidated';

/** Status labels as the applicant and the clerk read them. */
export const HOLDING_STATUS_LABELS: Readonly<Record<string, string>> = {
  valid: '有效',
  suspended: '暂扣',
  revoked: '已撤销',
  cancelled: '已注销',
  expired: '已失效',
  invalidated: '签章失效（待重新签发）',
};

/**
 * Why an e-licence does not stand for a material (免提交):
 * - `not-held`: no licence with this identifier is known for the applicant (unknown, or another holder's — the two
 *   are not told apart, so identifiers of other people's licences cannot be probed);
 * - `not-valid`: suspended, revoked, cancelled or superseded;
 * - `expired`: validity ended (or not begun) at the time of the check;
 * - `type-not-replacing`: its type is not one the material's catalog definition lists as replacing it.
 */
export type LicenceProblem = 'not-held' | 'not-valid' | 'expired' | 'type-not-replacing';

export const LICENCE_PROBLEM_MESSAGES: Readonly<Record<LicenceProblem, string>> = {
  'not-held': 'no e-licence with this identifier is held by the applicant',
  'not-valid': 'the e-licence is not valid',
  expired: 'the e-licence has expired',
  'type-not-replacing': 'the e-licence is not of a type that replaces this material',
};

export type HoldingFacts = Pick<
  LicenceHolding,
  'holderIdNumber' | 'status' | 'validFrom' | 'validUntil' | 'licenceTypeCode'
>;

export interface LicenceUse {
  /** The applicant's ID number or USCC. */
  holderIdNumber: string;
  /** The licence types the material's catalog definition lists as replacing it. */
  replaceableByLicenceTypes: readonly string[];
  now: Date;
}

/** Whether the held licence (read model row, or null when unknown) may stand for the material now. */
export function checkHeldLicence(holding: HoldingFacts | null, use: LicenceUse): LicenceProblem | null {
  if (!holding || holding.holderIdNumber !== use.holderIdNumber.toUpperCase()) return 'not-held';
  if (holding.status !== 'valid') return 'not-valid';
  if (
    (holding.validUntil && holding.validUntil <= use.now) ||
    (holding.validFrom && holding.validFrom > use.now)
  )
    return 'expired';
  if (!typeReplaces(use.replaceableByLicenceTypes, holding.licenceTypeCode)) return 'type-not-replacing';
  return null;
}

/**
 * Whether a licence of type `licenceTypeCode` is one of `replaceableByLicenceTypes`. Compared through the alias
 * mapping: a licence issued under an old short type code (`BL`) still counts for a material that lists the type's
 * 证照类型代码, and the other way round (docs/licence-type-codes.md).
 */
export function typeReplaces(replaceableByLicenceTypes: readonly string[], licenceTypeCode: string): boolean {
  const type = canonicalLicenceTypeCode(licenceTypeCode);
  return replaceableByLicenceTypes.some((t) => canonicalLicenceTypeCode(t) === type);
}
