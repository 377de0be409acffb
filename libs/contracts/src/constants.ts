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

/** 五公开 (政务公开 categories): decision 决策, execution 执行, management 管理, service 服务, result 结果. */
export const OPEN_CATEGORIES = ['decision', 'execution', 'management', 'service', 'result'] as const;

/** 重点领域 of 主动公开, each with a 政府信息公开专栏 (see disclosure-api.ts `KeyArea`). */
export const KEY_AREAS = [
  'budget',
  'three-public',
  'housing',
  'food-drug',
  'environment',
  'work-safety',
  'pricing',
  'land-expropriation',
] as const;
