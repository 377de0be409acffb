/**
 * What the user reads for an error the services answer with: every `code` a service can send (AppError codes,
 * the HTTP filter's status codes) has a zh-CN text here — the service's own message is for developers and is in
 * English. `tests/web/error-texts.spec.ts` walks the services' codes and fails on one without a text.
 */
import type { MessageKey } from '../i18n/messages.js';
import { DISCLOSURE_ERROR_TEXTS } from '../i18n/disclosure-messages.js';
import { DISCLOSURE_REPORT_ERROR_TEXTS } from '../i18n/disclosure-report-messages.js';
import { DISCLOSURE_REQUEST_ERROR_TEXTS } from '../i18n/disclosure-request-messages.js';

/** Codes with a message key in both languages (the texts live in the i18n files). */
export const CODE_TEXTS: Readonly<Record<string, MessageKey>> = {
  CASE_CLOSED: 'error.CASE_CLOSED',
  CASE_RETURNED: 'error.CASE_RETURNED',
  SUPPLEMENT_INCOMPLETE: 'error.SUPPLEMENT_INCOMPLETE',
  ILLEGAL_TRANSITION: 'error.ILLEGAL_TRANSITION',
  // Catalog workbook import (导入): the service's words name archive internals.
  UPLOAD_ARCHIVE_BOMB: 'error.UPLOAD_ARCHIVE_BOMB',
  EXCHANGE_WORKBOOK_UNREADABLE: 'error.EXCHANGE_WORKBOOK_UNREADABLE',
  QUERY_CODE_LOCKED: 'error.QUERY_CODE_LOCKED',
  // Uploads (申请材料) and a department's return: the service's words name PDF internals or request fields.
  UPLOAD_RATE_LIMITED: 'error.UPLOAD_RATE_LIMITED',
  UPLOAD_QUOTA_EXCEEDED: 'error.UPLOAD_QUOTA_EXCEEDED',
  UPLOAD_PDF_ACTIVE_CONTENT: 'error.UPLOAD_PDF_ACTIVE_CONTENT',
  UPLOAD_PDF_UNREADABLE: 'error.UPLOAD_PDF_UNREADABLE',
  ITEMS_ONLY_WITH_RETURN: 'error.ITEMS_ONLY_WITH_RETURN',
  MATERIAL_UNKNOWN: 'error.MATERIAL_UNKNOWN',
  // 证照管理 (licence service): its messages are for developers.
  LICENCE_NOTHING_CHANGED: 'error.LICENCE_NOTHING_CHANGED',
  LICENCE_STATUS_CONFLICT: 'error.LICENCE_STATUS_CONFLICT',
  NOT_ISSUING_DEPARTMENT: 'error.NOT_ISSUING_DEPARTMENT',
};

/** zh-CN words for every other code (in the English interface the service's message is shown instead). */
export const ERROR_TEXTS_ZH: Readonly<Record<string, string>> = {
  // Any service: request and platform
  VALIDATION_FAILED: '提交的内容有误，请检查填写的各项后重试。',
  BAD_REQUEST: '请求有误，请检查填写的内容后重试。',
  UNAUTHORIZED: '登录已失效，请重新登录。',
  FORBIDDEN: '您没有办理此项操作的权限。',
  NOT_FOUND: '未找到相关记录，可能已被删除或您无权查看。',
  METHOD_NOT_ALLOWED: '不支持此操作。',
  CONFLICT: '数据已被他人修改或状态已变化，请刷新后重试。',
  PAYLOAD_TOO_LARGE: '提交的内容或文件过大。',
  UNSUPPORTED_MEDIA_TYPE: '不支持的提交格式。',
  UNPROCESSABLE_ENTITY: '提交的内容不符合办理要求，请检查后重试。',
  TOO_MANY_REQUESTS: '操作过于频繁，请稍后再试。',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试。',
  INTERNAL_ERROR: '系统内部错误，请稍后再试；如仍失败，请将错误编号告知工作人员。',
  DATABASE_UNAVAILABLE: '系统繁忙（数据库暂时不可用），请稍后再试。',
  IDEMPOTENCY_KEY_REUSED: '该请求已提交过且内容不同，请刷新页面后重新提交。',
  STALE_VERSION: '数据已被他人修改，请刷新后重试。',
  CONCURRENT_MODIFICATION: '数据正被他人同时修改，请刷新后重试。',
  MIGRATION_CHECKSUM_MISMATCH: '系统升级未完成，请稍后再试。',
  REPLAY_FAILED: '系统内部处理失败，请稍后再试。',
  AUDIT_NOT_AVAILABLE: '此服务不提供审计记录。',
  AUDIT_UNAVAILABLE: '审计记录暂时不可用，请稍后再试。',
  CJK_FONT_MISSING: '系统缺少中文字体，暂时无法生成文件，请联系管理员。',
  // 身份认证
  AUTH_TOKEN_MISSING: '请先登录。',
  AUTH_TOKEN_INVALID: '登录已失效，请重新登录。',
  AUTH_FORBIDDEN: '您没有办理此项操作的权限。',
  AUTH_ROUTE_UNDECLARED: '此功能暂未开放。',
  KEY_REVOKED: '签名密钥已停用，请联系管理员。',
  IDENTITY_MISSING: '账户缺少实名身份信息，请先完成实名认证。',
  IDENTITY_IMMUTABLE: '实名身份信息不能修改。',
  NO_REGION: '您的账户未设置所属区划，请联系管理员。',
  OUTSIDE_REGION: '该办件不在您所属区划的办理范围内。',
  OUT_OF_SCOPE: '该事项不在您的办理权限范围内。',
  OFFICER_SCOPE_MISSING: '您的账户未设置所属部门或区划，请联系管理员。',
  // 文件与上传
  FILE_UNKNOWN: '文件不存在或已过期，请重新上传。',
  UPLOAD_BAD_NAME: '文件名不合规，请修改文件名后重新上传。',
  UPLOAD_TOO_LARGE: '文件超过大小限制，请压缩后重新上传。',
  UPLOAD_IMAGE_TOO_LARGE: '图片尺寸过大，请缩小后重新上传。',
  UPLOAD_IMAGE_UNREADABLE: '图片无法识别，请重新拍照或另存后上传。',
  UPLOAD_INCOMPLETE: '文件上传未完成，请重新上传。',
  UPLOAD_POLYGLOT: '文件内容与格式不符，出于安全原因不能接收，请另存后重新上传。',
  UPLOAD_TYPE_MISMATCH: '文件内容与扩展名不符，请另存为正确格式后上传。',
  UPLOAD_TYPE_NOT_ALLOWED: '不支持该文件类型，请上传 PDF 或图片。',
  STORAGE_INTEGRITY: '文件校验失败，请重新上传。',
  STORAGE_REF_NOT_AUTHORIZED: '您无权使用该文件。',
  STORAGE_UNAVAILABLE: '文件存储暂时不可用，请稍后再试。',
  STORAGE_UNKNOWN_BUCKET: '文件存储位置无效，请重新上传。',
  // 事项目录 (catalog)
  BASE_ITEM_EXISTS: '该基本编码的事项已存在。',
  SYNONYM_EXISTS: '该别名已有同义词，请直接修改。',
  BASE_ITEM_UNKNOWN: '基本目录中没有该事项。',
  IMPLEMENTATION_EXISTS: '该实施编码的实施清单已存在。',
  IMPLEMENTATION_UNKNOWN: '没有该实施清单。',
  IMPLEMENTATION_NOT_PUBLISHED: '该事项尚未发布，暂不能办理。',
  IMPLEMENTATION_RETIRED: '该事项已停止办理。',
  IMPLEMENTATION_VERSION_UNKNOWN: '该事项的版本不存在，请刷新后重试。',
  VERSION_NOT_FOUND: '该版本不存在。',
  LOCKED_ELEMENT: '该要素为锁定要素（三级四同），只能在基本目录中修改。',
  LEGAL_LIMIT_MISMATCH: '法定办结时限由基本目录统一规定，实施清单不得另行规定。',
  LEGAL_LIMIT_MISSING: '基本目录未规定法定办结时限，须在实施清单中填写。',
  PROMISED_LIMIT_EXCEEDS_LEGAL: '承诺办结时限不得超过法定办结时限。',
  ISSUER_NOT_IN_PROCESS: '出证机构须为本事项的牵头部门或协办部门。',
  CONSISTENCY_DEVIATION: '实施清单与基本目录不一致（三级四同），请核对后修改。',
  DEPARTMENT_UNKNOWN: '部门代码不存在。',
  REGION_UNKNOWN: '区划代码不存在。',
  REGION_MISSING: '请填写区划。',
  REGION_LEVEL_MISMATCH: '区划与行使层级不符。',
  REGION_NOT_UNDER_PARENT: '该区划不属于上级区划。',
  AUDIENCE_NOT_SERVED: '该事项不面向您这一类申请人。',
  FORM_DEFINITION_INVALID: '申请表的定义有误，请检查字段设置。',
  FORM_LOCKED: '申请表已锁定，不能修改。',
  GUIDE_RENDER_BUSY: '办事指南正在生成，请稍后再试。',
  NOTICE_RENDER_BUSY: '文书正在生成，请稍后再试。',
  ENQUIRY_NEEDS_LOGIN: '投诉、建议和求助需要实名登录后提交；未登录时只能提交咨询。',
  ENQUIRY_APPLICATION_UNKNOWN: '所选办件不是您的办件，请从“我的办件”中发起。',
  ENQUIRY_TRANSFER_LIMIT: '该诉求已退回分派两次，请本部门直接答复；如有异议请联系政务服务中心协调。',
  ENQUIRY_FOLLOW_UP_USED: '每条诉求只能追问一次；如仍有疑问，请重新提交一条咨询。',
  GUIDE_RENDER_FAILED: '办事指南生成失败，请稍后再试。',
  // 申报与受理 (intake)
  FORM_INVALID: '申请表填写有误，请按提示修改后再提交。',
  INVALID_ID_NUMBER: '身份证号码不正确，请核对后重新填写。',
  INVALID_USCC: '统一社会信用代码不正确，请核对后重新填写。',
  MATERIALS_INCOMPLETE: '申请材料不齐全，请上传全部必需材料。',
  MATERIAL_DUPLICATE: '同一份材料提交了多次，请删除重复的材料。',
  MATERIAL_ID_DUPLICATE: '材料编号重复，请检查后重新提交。',
  NOT_APPLICANT: '只有申请人本人可以办理此项操作。',
  NOT_COMPLETED: '办件尚未办结，暂不能办理此项操作。',
  NOTICE_INCOMPLETE: '告知书内容不完整，请为每一份有问题的材料写明原因。',
  NO_SUPPLEMENT_NOTICE: '该办件没有补正告知，无需补正。',
  SUPPLEMENT_NOTICE_EXISTS: '该办件已发出补正告知。',
  SUPPLEMENT_DEADLINE_PASSED: '补正期限已过，不能再补正。',
  DELIVERY_METHOD_MISMATCH: '送达方式与所选方式不符，请刷新后重试。',
  PICKUP_CODE_MISMATCH: '取件码不正确，请核对后重新输入。',
  TOLERANCE_DEADLINE_PASSED: '容缺补交期限已过。',
  TOLERANCE_DEADLINE_TOO_LATE: '容缺补交期限超出允许的范围，请缩短期限。',
  TOLERANCE_MAIN_MATERIAL: '主要材料不能容缺受理。',
  ALREADY_RATED: '您已评价过该办件。',
  WINDOW_RATING_CODE_INVALID: '评价码不正确或已失效。',
  WINDOW_RATING_CODE_REQUIRED: '请输入窗口出示的评价码。',
  APPEAL_STATE: '该评价当前不能申诉。',
  // 审批 (approval)
  TASK_CLAIMED: '该任务已被其他人签收。',
  TASK_NOT_CLAIMED: '请先签收该任务。',
  TASK_NOT_CLAIMABLE: '该任务当前不能签收。',
  TASK_COMPLETED: '该任务已办结。',
  TASK_PAUSED: '该任务已中止计时，请先结束中止。',
  DECISION_TASK: '此为决定任务，请在决定栏中办理。',
  PROMISE_NOT_ALLOWED: '该事项不能以告知承诺方式办理。',
  REASONS_REQUIRED: '请填写理由。',
  SECOND_OFFICIAL_REQUIRED: '此决定须由第二名工作人员会签。',
  COSIGN_VERDICT_MISMATCH: '会签意见与第一名工作人员的意见不一致。',
  SEPARATION_OF_DUTIES: '同一人不能既审查又会签（职责分离）。',
  NOT_DECIDING_DEPARTMENT: '只有牵头部门可以作出决定。',
  JOIN_INCOMPLETE: '尚有部门未出具意见，暂不能作出决定。',
  CASE_DECIDED: '该案件已作出决定。',
  CASE_SUSPENDED: '该案件已中止，请先结束中止。',
  CASE_NOT_COMPLETED: '该案件尚未办结。',
  CASE_PAUSE_DECIDING_DEPARTMENT_ONLY: '只有牵头部门可以中止整个案件；协办部门只能中止本部门的环节。',
  DEPARTMENT_HEAD_REQUIRED: '延长审批期限须由部门负责人批准。',
  GOVERNMENT_HEAD_REQUIRED: '联合办理案件延长审批期限须由本级人民政府负责人批准。',
  EXTENSION_LIMIT_REACHED: '该案件已延长过审批期限，不能再次延长。',
  PROCEDURE_OPEN: '已有一个未结束的特别程序。',
  PROCEDURE_ENDED: '该特别程序已结束。',
  PROCEDURE_NOT_YOURS: '该特别程序由其他部门发起，您不能结束。',
  NOT_A_PAUSE: '只有中止可以结束。',
  LICENCE_FIELDS_MISSING: '证照信息不完整，请补齐证照所需的各项后再作出决定。',
  // 电子证照 (licence)
  LICENCE_ACCESS_DENIED: '您无权查看该证照。',
  LICENCE_EXPIRED: '该证照已过有效期。',
  LICENCE_NOT_ALLOWED: '该证照不能用于此项办理。',
  LICENCE_NOT_FOUND: '未找到该证照。',
  LICENCE_NOT_HELD: '您不持有该证照。',
  LICENCE_NOT_RENDERED: '证照文件尚在生成，请稍后再试。',
  LICENCE_NOT_USABLE: '该证照当前不可用（已中止、撤销或注销）。',
  LICENCE_NOT_VALID: '该证照当前无效。',
  LICENCE_RECHECK_FAILED: '证照核验未通过，请核对证照信息。',
  NOT_LICENCE_HOLDER: '只有持证人可以办理此项操作。',
  SHARE_EXPIRED: '该分享链接已过期。',
  SHARE_NOT_FOUND: '分享链接不存在或已撤回。',
  SHARE_SCOPE_MISMATCH: '分享的范围与请求不符。',
  // 电子监察 (supervision)
  ALERT_NOT_OPEN: '该督办已签收或已办结，请刷新后查看。',
  CALENDAR_SCOPE: '工作日历的年份或日期超出可编辑范围。',
  INVALID_CALENDAR: '工作日历有误，请检查日期后重试。',
  RECTIFICATION_STATE: '该整改当前状态不允许此操作，请刷新后重试。',
  ...DISCLOSURE_ERROR_TEXTS,
  ...DISCLOSURE_REQUEST_ERROR_TEXTS,
  ...DISCLOSURE_REPORT_ERROR_TEXTS,
};

/** zh-CN words by HTTP status for a code without its own text (e.g. the web server's own errors). */
export function statusTextZh(status: number): string {
  if (status === 401) return '登录已失效，请重新登录。';
  if (status === 403) return '您没有办理此项操作的权限。';
  if (status === 404) return '未找到相关记录。';
  if (status === 409) return '数据状态已变化，请刷新后重试。';
  if (status === 413) return '提交的内容或文件过大。';
  if (status === 429) return '操作过于频繁，请稍后再试。';
  if (status >= 500) return '服务暂时不可用，请稍后再试。';
  return '请求未能办理，请检查填写的内容后重试。';
}
