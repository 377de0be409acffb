import { AppError } from '@hall/platform';

/** The disclosure service's domain error codes (machine-readable; the HTTP filter maps status and body). */
export const DisclosureErrorCode = {
  NotFound: 'DISCLOSURE_ITEM_NOT_FOUND',
  AgencyNotFound: 'DISCLOSURE_AGENCY_NOT_FOUND',
  StatusConflict: 'DISCLOSURE_STATUS_CONFLICT',
  NotReviewer: 'DISCLOSURE_NOT_REVIEWER',
  OwnItem: 'DISCLOSURE_REVIEWER_IS_AUTHOR',
  InterpretationMissing: 'DISCLOSURE_INTERPRETATION_MISSING',
  BadInterpretationLink: 'DISCLOSURE_INTERPRETATION_LINK_INVALID',
  NoAgency: 'DISCLOSURE_NO_AGENCY',
  NoteRequired: 'DISCLOSURE_REVIEW_NOTE_REQUIRED',
  AttachmentRefused: 'DISCLOSURE_ATTACHMENT_REFUSED',
} as const;

/** 404 for an item that does not exist or belongs to another department (its existence is not revealed). */
export const itemNotFound = (id: string): AppError =>
  new AppError(DisclosureErrorCode.NotFound, `disclosure item ${id} not found`, 404, { id });

/** 404 for a department code that is no publishing agency (发布机构). */
export const agencyNotFound = (department: string): AppError =>
  new AppError(DisclosureErrorCode.AgencyNotFound, `no publishing agency ${department}`, 404, { department });

export const statusConflict = (id: string, status: string, wanted: string): AppError =>
  new AppError(
    DisclosureErrorCode.StatusConflict,
    `item ${id} is ${status}; ${wanted} is not possible now`,
    409,
    { id, status },
  );

/** Error codes of 依申请公开 (on-request disclosure). */
export const RequestErrorCode = {
  NotFound: 'DISCLOSURE_REQUEST_NOT_FOUND',
  StatusConflict: 'DISCLOSURE_REQUEST_STATUS_CONFLICT',
  UnknownAgency: 'DISCLOSURE_AGENCY_UNKNOWN',
  IdentityMissing: 'DISCLOSURE_APPLICANT_IDENTITY_MISSING',
  CorrectionAlreadySent: 'DISCLOSURE_CORRECTION_ALREADY_SENT',
  CorrectionTooLate: 'DISCLOSURE_CORRECTION_TOO_LATE',
  ExtensionAlreadyUsed: 'DISCLOSURE_EXTENSION_ALREADY_USED',
  ExtensionTooLate: 'DISCLOSURE_EXTENSION_TOO_LATE',
  NotHead: 'DISCLOSURE_EXTENSION_NOT_HEAD',
  OwnExtension: 'DISCLOSURE_EXTENSION_SELF_APPROVAL',
  BadReference: 'DISCLOSURE_ANSWER_REFERENCE_INVALID',
  RemedyNotFound: 'DISCLOSURE_REMEDY_NOT_FOUND',
  NoticeRenderBusy: 'DISCLOSURE_NOTICE_RENDER_BUSY',
  DeliveryWayMismatch: 'DISCLOSURE_DELIVERY_WAY_MISMATCH',
  FeePeriodOver: 'DISCLOSURE_FEE_PAYMENT_PERIOD_OVER',
  WithdrawalScanNotFound: 'DISCLOSURE_WITHDRAWAL_SCAN_NOT_FOUND',
} as const;

/** 404 for a request that does not exist, is another applicant's or another agency's (its existence not revealed). */
export const requestNotFound = (id: string): AppError =>
  new AppError(RequestErrorCode.NotFound, `disclosure request ${id} not found`, 404, { id });

export const requestStatusConflict = (id: string, status: string, wanted: string): AppError =>
  new AppError(
    RequestErrorCode.StatusConflict,
    `request ${id} is ${status}; ${wanted} is not possible now`,
    409,
    { id, status },
  );

/** Error codes of the 政府信息公开工作年度报告. */
export const ReportErrorCode = {
  /** The report is published: its text and figures no longer change. */
  Published: 'DISCLOSURE_REPORT_PUBLISHED',
  /** The year has not ended: its report cannot be published yet. */
  YearOpen: 'DISCLOSURE_REPORT_YEAR_OPEN',
  /** Manual cells not entered. */
  Incomplete: 'DISCLOSURE_REPORT_INCOMPLETE',
} as const;
