/**
 * Code lists of the contracts as plain values, without zod: the schemas build their enums from them and the web
 * imports them directly (`@hall/contracts/constants`) for its filters, without loading the schemas.
 */

/** Licence status (证照状态): valid 有效, suspended 暂扣, revoked 撤销, withdrawn 吊销, cancelled 注销, expired 失效, superseded 失效（已换发）, invalidated 签章失效. */
export const LICENCE_STATUSES = [
  'valid',
  'suspended',
  'revoked',
  'withdrawn',
  'cancelled',
  'expired',
  'superseded',
  'invalidated',
] as const;
