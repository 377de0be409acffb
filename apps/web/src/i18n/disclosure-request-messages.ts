/** zh-CN words of the 依申请公开 (on-request disclosure) error codes (spread into components/error-texts.ts). */
export const DISCLOSURE_REQUEST_ERROR_TEXTS: Readonly<Record<string, string>> = {
  DISCLOSURE_REQUEST_NOT_FOUND: '未找到该政府信息公开申请。',
  DISCLOSURE_REQUEST_STATUS_CONFLICT: '该申请当前状态不允许此操作，请刷新后重试。',
  DISCLOSURE_AGENCY_UNKNOWN: '所选机关不受理政府信息公开申请，请重新选择。',
  DISCLOSURE_APPLICANT_IDENTITY_MISSING:
    '您的账号尚未完成实名认证（居民身份证号码或统一社会信用代码），暂不能提交申请。',
  DISCLOSURE_CORRECTION_ALREADY_SENT: '补正告知只能一次性发出，该申请已发出过补正告知。',
  DISCLOSURE_CORRECTION_TOO_LATE: '补正告知须在收到申请之日起7个工作日内发出，现已超过期限。',
  DISCLOSURE_EXTENSION_ALREADY_USED: '答复期限只能延长一次，该申请已申请或已批准延期。',
  DISCLOSURE_EXTENSION_TOO_LATE: '答复期限已届满，不能再延长。',
  DISCLOSURE_EXTENSION_NOT_HEAD: '延长答复期限须经负责人同意，您不能审批。',
  DISCLOSURE_EXTENSION_SELF_APPROVAL: '延期须由提出人以外的负责人审批，您不能审批自己提出的延期。',
  DISCLOSURE_ANSWER_REFERENCE_INVALID: '答复所引用的信息或申请编号无效，请核对后重试。',
  DISCLOSURE_REMEDY_NOT_FOUND: '未找到该行政复议或行政诉讼记录。',
  DISCLOSURE_NOTICE_RENDER_BUSY: '文书正在生成，请稍后再试。',
};
