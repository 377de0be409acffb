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

/** 依申请公开: how a request reached the agency (《政府信息公开条例》 art. 29, 31). */
export const REQUEST_CHANNELS = ['online', 'window', 'post', 'fax', 'email'] as const;

/**
 * 依申请公开: the kind of a 法人或其他组织 applicant, the columns of table 三 of the annual report (国办公开办函〔2021〕30号):
 * commercial 商业企业, research 科研机构, public-welfare 社会公益组织, legal-service 法律服务机构, other-organisation 其他.
 */
export const APPLICANT_ORG_TYPES = [
  'commercial',
  'research',
  'public-welfare',
  'legal-service',
  'other-organisation',
] as const;

/**
 * 依申请公开 request status: processing 办理中, awaiting-correction 待补正, consulting 征求第三方意见, awaiting-payment
 * 待缴纳信息处理费 (收费通知 sent, 国办函〔2020〕109号), answered 已答复, withdrawn 已撤回/视为放弃.
 */
export const REQUEST_STATUSES = [
  'processing',
  'awaiting-correction',
  'consulting',
  'awaiting-payment',
  'answered',
  'withdrawn',
] as const;

/**
 * Answer types of 《政府信息公开条例》 art. 36 (and art. 39): already-public 已主动公开, granted 予以公开, partial 部分公开
 * (art. 37), refused 不予公开, not-exist 信息不存在, not-responsible 非本机关负责, repeated 重复申请, special-rules 特别规定
 * (工商、不动产登记 …), not-disclosure-request 非政府信息公开申请 (art. 39: 咨询、投诉 … redirected).
 */
export const ANSWER_TYPES = [
  'already-public',
  'granted',
  'partial',
  'refused',
  'not-exist',
  'not-responsible',
  'repeated',
  'special-rules',
  'not-disclosure-request',
] as const;

/** 行政复议 (review) / 行政诉讼 (litigation) outcome: upheld 维持, corrected 纠正, other 其他, pending 尚未审结. */
export const REMEDY_OUTCOMES = ['upheld', 'corrected', 'other', 'pending'] as const;

/** 不予公开 grounds in the order of the annual report's rows (三)1–8 (国办公开办函〔2021〕30号). */
export const REFUSAL_GROUNDS = [
  'state-secret',
  'prohibited-by-law',
  'security-stability',
  'third-party',
  'internal-affairs',
  'process-information',
  'enforcement-file',
  'administrative-query',
] as const;

/** 无法提供 grounds in the order of the annual report's rows (四)1–3. */
export const UNAVAILABLE_GROUNDS = ['not-held', 'needs-creation', 'unclear'] as const;

/** 在线咨询与投诉 type: consultation 咨询, complaint 投诉, suggestion 建议, help 求助. */
export const ENQUIRY_TYPES = ['consultation', 'complaint', 'suggestion', 'help'] as const;

/** Enquiry status: submitted 待分派, routed 办理中, answered 已答复, review 复核中 (an unsatisfied complaint at the service centre), closed 已办结. */
export const ENQUIRY_STATUSES = ['submitted', 'routed', 'answered', 'review', 'closed'] as const;

/** The asker's rating of an answer: 满意 / 基本满意 / 不满意. */
export const ENQUIRY_RATINGS = ['satisfied', 'basically-satisfied', 'unsatisfied'] as const;

/** Where a suggestion before sending comes from: the guide's FAQ, materials, fees, time limits, or a published answer. */
export const ENQUIRY_SUGGESTION_SOURCES = ['faq', 'materials', 'fees', 'time-limit', 'published'] as const;
