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
