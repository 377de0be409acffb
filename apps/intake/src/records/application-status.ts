/**
 * Statuses of an application (办件) and which action may start from which status. Anything else is an
 * illegal transition (409 ILLEGAL_TRANSITION, nothing changed).
 */
export const ApplicationStatus = {
  /** 申报/收件: received, waiting for the window (5-working-day supplement clock runs). */
  Submitted: 'submitted',
  /** 补正: one-time supplement notice sent, waiting for the applicant. */
  SupplementRequested: 'supplement-requested',
  /** The applicant answered the supplement notice; waiting for the window again. */
  Supplemented: 'supplemented',
  /** 受理 (normal, 容缺 or deemed): under approval. */
  Accepted: 'accepted',
  /**
   * 退回补正: an approval department returned the application; its one-time notice waits for the applicant
   * (the approval clocks are paused meanwhile).
   */
  Returned: 'returned',
  /**
   * 撤回 / 终止 of an accepted application requested (`closingAction`); approval, which owns the case, closes it
   * (→ withdrawn / terminated) unless its decision committed first (→ the decision stands).
   */
  Closing: 'closing',
  /** 不予受理. */
  Refused: 'refused',
  /** 撤回 by the applicant before the decision. */
  Withdrawn: 'withdrawn',
  /** 终止 (e.g. 容缺 materials not supplied in time). */
  Terminated: 'terminated',
  /** Approved; waiting for every licence named by the decision to be issued. */
  Decided: 'decided',
  /** 办结. */
  Completed: 'completed',
  /** 出件. */
  Delivered: 'delivered',
} as const;
export type ApplicationStatus = (typeof ApplicationStatus)[keyof typeof ApplicationStatus];

export const STATUS_LABELS: Readonly<Record<ApplicationStatus, string>> = {
  submitted: '已申报（待受理）',
  'supplement-requested': '待补正',
  supplemented: '已补正（待受理）',
  accepted: '已受理（审批中）',
  returned: '退回补正（待补正）',
  closing: '撤回/终止确认中',
  refused: '不予受理',
  withdrawn: '已撤回',
  terminated: '已终止',
  decided: '已决定（待制证）',
  completed: '已办结',
  delivered: '已出件',
};

const S = ApplicationStatus;

/** The statuses each action may start from. */
export const ALLOWED_FROM = {
  accept: [S.Submitted, S.Supplemented],
  refuse: [S.Submitted, S.Supplemented, S.SupplementRequested],
  'supplement-notice': [S.Submitted],
  supplement: [S.SupplementRequested, S.Accepted, S.Returned],
  withdraw: [S.Submitted, S.SupplementRequested, S.Supplemented, S.Accepted, S.Returned],
  deliver: [S.Completed],
  'choose-delivery': [
    S.Submitted,
    S.SupplementRequested,
    S.Supplemented,
    S.Accepted,
    S.Returned,
    S.Decided,
    S.Completed,
  ],
  'deem-accepted': [S.Submitted],
  /** 代办 handover to the competent window, while the application still waits at the point that took it in. */
  handover: [S.Submitted, S.Supplemented],
  terminate: [S.Accepted, S.Returned],
  decide: [S.Accepted, S.Closing],
} as const satisfies Record<string, readonly ApplicationStatus[]>;
export type ApplicationAction = keyof typeof ALLOWED_FROM;

/**
 * Statuses in which the 承诺办结 promise still runs (accepted and not yet ended): the due date is shown only here.
 * Before acceptance there is none; once 办结, 出件, 撤回, 终止 or 不予受理 it no longer applies.
 */
export const PROMISE_RUNNING: readonly ApplicationStatus[] = [S.Accepted, S.Returned, S.Closing, S.Decided];

/** Statuses in which approval holds an open case: ending the application there is a request approval settles. */
export const CASE_HELD_BY_APPROVAL: readonly ApplicationStatus[] = [S.Accepted, S.Returned];

/** Labels of `closing` by what is being done. */
export const CLOSING_LABELS = { withdraw: '撤回确认中', terminate: '终止确认中' } as const;

export function mayStart(action: ApplicationAction, status: string): boolean {
  return (ALLOWED_FROM[action] as readonly string[]).includes(status);
}

/** AL art. 32: a supplement notice must go out within 5 working days of receipt. */
export const SUPPLEMENT_NOTICE_WORKING_DAYS = 5;
