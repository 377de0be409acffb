import { AppError } from '@hall/platform';

/** The supervision service's domain error codes. */
export const SupervisionErrorCode = {
  OutOfScope: 'OUT_OF_SCOPE',
  NoRegion: 'NO_REGION',
  AlertNotOpen: 'ALERT_NOT_OPEN',
  AlreadyRated: 'ALREADY_RATED',
  NotCompleted: 'CASE_NOT_COMPLETED',
  NotApplicant: 'NOT_APPLICANT',
  RectificationState: 'RECTIFICATION_STATE',
  AppealState: 'APPEAL_STATE',
  InvalidCalendar: 'INVALID_CALENDAR',
} as const;

export const conflict = (code: string, message: string, details?: Record<string, unknown>): AppError => AppError.conflict(code, message, details);
