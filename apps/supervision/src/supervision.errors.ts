import { AppError } from '@hall/platform';

/** The supervision service's domain error codes. */
export const SupervisionErrorCode = {
  OutOfScope: 'OUT_OF_SCOPE',
  NoRegion: 'NO_REGION',
  AlertNotOpen: 'ALERT_NOT_OPEN',
  AlreadyRated: 'ALREADY_RATED',
  /** A window rating (评价器) without the one-time code of the case's window pickup. */
  WindowRatingCodeRequired: 'WINDOW_RATING_CODE_REQUIRED',
  /** The code is not the one of this case's window pickup, or it expired. */
  WindowRatingCodeInvalid: 'WINDOW_RATING_CODE_INVALID',
  NotCompleted: 'CASE_NOT_COMPLETED',
  NotApplicant: 'NOT_APPLICANT',
  RectificationState: 'RECTIFICATION_STATE',
  AppealState: 'APPEAL_STATE',
  InvalidCalendar: 'INVALID_CALENDAR',
} as const;

export const conflict = (code: string, message: string, details?: Record<string, unknown>): AppError =>
  AppError.conflict(code, message, details);
