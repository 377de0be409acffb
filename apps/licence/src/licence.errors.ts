import { AppError } from '@hall/platform';

/** The licence service's domain error codes (machine-readable; the HTTP filter maps status and body). */
export const LicenceErrorCode = {
  NotFound: 'LICENCE_NOT_FOUND',
  AccessDenied: 'LICENCE_ACCESS_DENIED',
  NotIssuingDepartment: 'NOT_ISSUING_DEPARTMENT',
  IllegalTransition: 'LICENCE_STATUS_CONFLICT',
  NotHolder: 'NOT_LICENCE_HOLDER',
  ShareNotFound: 'SHARE_NOT_FOUND',
  ShareExpired: 'SHARE_EXPIRED',
  ShareScopeMismatch: 'SHARE_SCOPE_MISMATCH',
  LicenceNotUsable: 'LICENCE_NOT_USABLE',
  NotRendered: 'LICENCE_NOT_RENDERED',
  NothingChanged: 'LICENCE_NOTHING_CHANGED',
  /** The PDF renderer's queue is full (a shared copy's PDF): retry after `retryAfterSeconds`. */
  RenderBusy: 'LICENCE_RENDER_BUSY',
  /** A PDF render did not finish in time or its worker failed: retry later. */
  RenderFailed: 'LICENCE_RENDER_FAILED',
} as const;

export const licenceNotFound = (identifier: string): AppError =>
  new AppError(LicenceErrorCode.NotFound, `licence ${identifier} not found`, 404, { identifier });

export const accessDenied = (message: string): AppError =>
  new AppError(LicenceErrorCode.AccessDenied, message, 403);
