import { AppError } from '@hall/platform';

/** Intake's domain error codes (machine-readable; the HTTP filter maps status and body). */
export const IntakeErrorCode = {
  IllegalTransition: 'ILLEGAL_TRANSITION',
  ConcurrentModification: 'CONCURRENT_MODIFICATION',
  SupplementNoticeExists: 'SUPPLEMENT_NOTICE_EXISTS',
  SupplementDeadlinePassed: 'SUPPLEMENT_DEADLINE_PASSED',
  NoSupplementNotice: 'NO_SUPPLEMENT_NOTICE',
  NotCompleted: 'NOT_COMPLETED',
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  ImplementationUnknown: 'IMPLEMENTATION_UNKNOWN',
  ImplementationRetired: 'IMPLEMENTATION_RETIRED',
  AudienceNotServed: 'AUDIENCE_NOT_SERVED',
  InvalidIdNumber: 'INVALID_ID_NUMBER',
  InvalidUscc: 'INVALID_USCC',
  IdentityMissing: 'IDENTITY_MISSING',
  MaterialUnknown: 'MATERIAL_UNKNOWN',
  MaterialDuplicate: 'MATERIAL_DUPLICATE',
  MaterialsIncomplete: 'MATERIALS_INCOMPLETE',
  /** Form data not valid for the form of the implementation version (details.fields: field-level errors). */
  FormInvalid: 'FORM_INVALID',
  /** Form data may be corrected only while the application waits at the window (before acceptance). */
  FormLocked: 'FORM_LOCKED',
  PromiseNotAllowed: 'PROMISE_NOT_ALLOWED',
  LicenceNotAllowed: 'LICENCE_NOT_ALLOWED',
  LicenceNotHeld: 'LICENCE_NOT_HELD',
  LicenceNotValid: 'LICENCE_NOT_VALID',
  LicenceExpired: 'LICENCE_EXPIRED',
  LicenceRecheckFailed: 'LICENCE_RECHECK_FAILED',
  FileUnknown: 'FILE_UNKNOWN',
  UploadBadName: 'UPLOAD_BAD_NAME',
  ToleranceMainMaterial: 'TOLERANCE_MAIN_MATERIAL',
  ToleranceDeadlineTooLate: 'TOLERANCE_DEADLINE_TOO_LATE',
  NoticeIncomplete: 'NOTICE_INCOMPLETE',
  SupplementIncomplete: 'SUPPLEMENT_INCOMPLETE',
  ToleranceDeadlinePassed: 'TOLERANCE_DEADLINE_PASSED',
  PickupCodeMismatch: 'PICKUP_CODE_MISMATCH',
  DeliveryMethodMismatch: 'DELIVERY_METHOD_MISMATCH',
  OutsideRegion: 'OUTSIDE_REGION',
  /** A clerk below the county (township/village) works at no service point (服务网点) of the network. */
  NoServicePoint: 'NO_SERVICE_POINT',
  /** The clerk's service point neither accepts nor 代办s this item. */
  NotHandledAtPoint: 'NOT_HANDLED_AT_POINT',
  /** Taken in (收件) at a 代办 point: the competent window acts on it once the point handed it over. */
  HandoverPending: 'HANDOVER_PENDING',
  /** Handover asked for an application that does not wait at a 代办 point (never taken in there, or handed over). */
  NoHandoverPending: 'NO_HANDOVER_PENDING',
  /** The region has no comprehensive window (综合窗口) in the service network to hand the application to. */
  NoCompetentWindow: 'NO_COMPETENT_WINDOW',
  RegionMissing: 'REGION_MISSING',
  /** 服务网点管理: the point's region lies outside the administrator's region. */
  ServicePointOutsideRegion: 'SERVICE_POINT_OUTSIDE_REGION',
  /** 服务网点管理: a village or community point cannot be a comprehensive window (no item is implemented there). */
  ComprehensiveWindowInVillage: 'COMPREHENSIVE_WINDOW_IN_VILLAGE',
  /** 服务网点管理: an item listed twice for one point. */
  ServicePointItemDuplicate: 'SERVICE_POINT_ITEM_DUPLICATE',
  /** 服务网点管理: no published implementation of the base item is known to intake. */
  BaseItemUnknown: 'BASE_ITEM_UNKNOWN',
  /** 服务网点管理: a 预约 period ends before it starts, overlaps another, or is shorter than one slot. */
  AppointmentPeriodInvalid: 'APPOINTMENT_PERIOD_INVALID',
  /** 查询码: too many wrong codes for one application; its public progress lookup is locked for a while. */
  QueryCodeLocked: 'QUERY_CODE_LOCKED',
  /** Too many notice PDFs rendering at once (first downloads); 503 with `retryAfterSeconds`. */
  NoticeRenderBusy: 'NOTICE_RENDER_BUSY',
  /** 在线咨询与投诉: only a consultation (咨询) may be sent without a real-name login. */
  EnquiryNeedsLogin: 'ENQUIRY_NEEDS_LOGIN',
  /** The application an enquiry refers to is not one of the asker's. */
  EnquiryApplicationUnknown: 'ENQUIRY_APPLICATION_UNKNOWN',
  /** A department handed the enquiry back as often as allowed; it must answer. */
  EnquiryTransferLimit: 'ENQUIRY_TRANSFER_LIMIT',
  /** The one follow-up question was asked already. */
  EnquiryFollowUpUsed: 'ENQUIRY_FOLLOW_UP_USED',
  /** 预约: the item's implementation does not offer appointments (是否支持预约办理: no). */
  AppointmentNotSupported: 'APPOINTMENT_NOT_SUPPORTED',
  /** 预约: the chosen service point neither accepts nor 代办s the item. */
  AppointmentPointNotHandling: 'APPOINTMENT_POINT_NOT_HANDLING',
  /** 预约: the date is a weekend or a statutory holiday of the hall's calendar. */
  NotWorkingDay: 'NOT_WORKING_DAY',
  /** 预约: the slot has started or the day is over. */
  SlotInPast: 'SLOT_IN_PAST',
  /** 预约: the day lies beyond the bookable window (N working days ahead). */
  SlotTooFarAhead: 'SLOT_TOO_FAR_AHEAD',
  /** 预约: no slot of the point starts at that time. */
  SlotUnknown: 'SLOT_UNKNOWN',
  /** 预约: every place of the slot is taken. */
  SlotFull: 'SLOT_FULL',
  /** 预约: the citizen holds a booking for this item on that day already. */
  AppointmentExists: 'APPOINTMENT_EXISTS',
  /** 预约: cancelled already, or its slot has started. */
  AppointmentNotCancellable: 'APPOINTMENT_NOT_CANCELLABLE',
  /** The department asked for its one extension of the enquiry already. */
  EnquiryExtensionUsed: 'ENQUIRY_EXTENSION_USED',
  /** More working days asked than ENQUIRY_MAX_EXTENSION_DAYS allows. */
  EnquiryExtensionTooLong: 'ENQUIRY_EXTENSION_TOO_LONG',
  /** A rejection needs a note to the department. */
  EnquiryExtensionNoteMissing: 'ENQUIRY_EXTENSION_NOTE_MISSING',
  /** An attachment id is not one of the user's own uploads not yet attached elsewhere. */
  EnquiryAttachmentUnknown: 'ENQUIRY_ATTACHMENT_UNKNOWN',
  /** An anonymous 咨询 sent more files than allowed (ENQUIRY_ANON_MAX_FILES), or files before its `enquiry` field. */
  EnquiryAttachmentsTooMany: 'ENQUIRY_ATTACHMENTS_TOO_MANY',
} as const;

export function unprocessable(
  code: string,
  field: string,
  message: string,
  details?: Record<string, unknown>,
): AppError {
  return new AppError(code, `${field}: ${message}`, 422, { field, ...details });
}

export function illegalTransition(no: string, status: string, action: string): AppError {
  return AppError.conflict(
    IntakeErrorCode.IllegalTransition,
    `application ${no} is ${status}: ${action} is not allowed`,
    { applicationNo: no, status, action },
  );
}
