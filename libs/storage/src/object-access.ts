import { AppError } from '@hall/errors';

/** Where an object lives. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
}

/** The outcome of the caller's authorisation check (policy engine, ownership check, …). */
export interface AccessDecision {
  readonly allowed: boolean;
  /** Who was checked (user / service id); recorded on the authorised ref for audit logs. */
  readonly subject: string;
  /** Why access was denied (or granted); optional, for error details and logs. */
  readonly reason?: string;
}

declare const authorizedBrand: unique symbol;

/**
 * An ObjectRef that passed an authorisation check. Only `authorize()` makes these: the brand cannot be
 * written in an object literal, and ObjectStorage additionally checks at runtime that the value came from
 * `authorize()` (so an `as AuthorizedObjectRef` cast does not get through either).
 */
export type AuthorizedObjectRef = ObjectRef & {
  readonly authorized: true;
  readonly subject: string;
  readonly [authorizedBrand]: true;
};

const issued = new WeakSet<object>();

/**
 * Turns a ref plus a positive decision into an AuthorizedObjectRef; a negative decision throws
 * `AppError('FORBIDDEN', …, 403)`. Call it right after the authorisation check, at the call site that
 * hands out the download.
 */
export function authorize(ref: ObjectRef, decision: AccessDecision): AuthorizedObjectRef {
  if (decision.allowed !== true) {
    throw new AppError('FORBIDDEN', 'access to this file is not allowed', 403, {
      subject: decision.subject,
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
    });
  }
  const authorized = Object.freeze({
    bucket: ref.bucket,
    key: ref.key,
    authorized: true as const,
    subject: decision.subject,
  }) as AuthorizedObjectRef;
  issued.add(authorized);
  return authorized;
}

/** True only for values returned by `authorize()`. */
export function isAuthorizedObjectRef(value: unknown): value is AuthorizedObjectRef {
  return typeof value === 'object' && value !== null && issued.has(value);
}
