import { AppError } from '@hall/platform';

/** The approval service's domain error codes (machine-readable; the HTTP filter maps status and body). */
export const ApprovalErrorCode = {
  /** An approving decision whose licences would miss a required field (checked before the decision is final). */
  LicenceFieldsMissing: 'LICENCE_FIELDS_MISSING',
  ImplementationVersionUnknown: 'IMPLEMENTATION_VERSION_UNKNOWN',
  OfficerScopeMissing: 'OFFICER_SCOPE_MISSING',
  StaleVersion: 'STALE_VERSION',
  ConcurrentModification: 'CONCURRENT_MODIFICATION',
  TaskClaimed: 'TASK_CLAIMED',
  TaskNotClaimed: 'TASK_NOT_CLAIMED',
  TaskNotClaimable: 'TASK_NOT_CLAIMABLE',
  TaskCompleted: 'TASK_COMPLETED',
  DecisionTask: 'DECISION_TASK',
  PromiseNotAllowed: 'PROMISE_NOT_ALLOWED',
  ReasonsRequired: 'REASONS_REQUIRED',
  SecondOfficialRequired: 'SECOND_OFFICIAL_REQUIRED',
  CosignVerdictMismatch: 'COSIGN_VERDICT_MISMATCH',
  SeparationOfDuties: 'SEPARATION_OF_DUTIES',
  NotDecidingDepartment: 'NOT_DECIDING_DEPARTMENT',
  JoinIncomplete: 'JOIN_INCOMPLETE',
  CaseDecided: 'CASE_DECIDED',
  CaseClosed: 'CASE_CLOSED',
  CaseSuspended: 'CASE_SUSPENDED',
  CaseReturned: 'CASE_RETURNED',
  HeadRequired: 'DEPARTMENT_HEAD_REQUIRED',
  ExtensionLimit: 'EXTENSION_LIMIT_REACHED',
  ProcedureOpen: 'PROCEDURE_OPEN',
  ProcedureEnded: 'PROCEDURE_ENDED',
  NotAPause: 'NOT_A_PAUSE',
  ItemsOnlyWithReturn: 'ITEMS_ONLY_WITH_RETURN',
  MaterialUnknown: 'MATERIAL_UNKNOWN',
  /** A case-wide pause (every clock stops) is the deciding department's; a co-department pauses its own step. */
  CasePauseDecidingDepartmentOnly: 'CASE_PAUSE_DECIDING_DEPARTMENT_ONLY',
  /** The +15 extension of a joint case needs the 本级人民政府负责人 (AL art. 42 ¶2), not a department head. */
  GovernmentHeadRequired: 'GOVERNMENT_HEAD_REQUIRED',
  /** A task-level pause of this task is still running. */
  TaskPaused: 'TASK_PAUSED',
  ProcedureNotYours: 'PROCEDURE_NOT_YOURS',
} as const;

/** The case ended without a decision (撤回 / 终止): every officer action is refused. */
export const caseClosed = (closing: string | null): AppError =>
  AppError.conflict(
    ApprovalErrorCode.CaseClosed,
    closing === 'terminate'
      ? 'the application was terminated (终止); the case is closed'
      : 'the applicant withdrew the application (撤回); the case is closed',
    { closing },
  );

export const unprocessable = (
  code: string,
  field: string,
  message: string,
  details?: Record<string, unknown>,
): AppError => new AppError(code, `${field}: ${message}`, 422, { field, ...details });

export const forbidden = (code: string, message: string, details?: Record<string, unknown>): AppError =>
  new AppError(code, message, 403, details);

/** Something the caller may not see is reported as absent (no existence leak across departments). */
export const caseNotFound = (id: string): AppError => AppError.notFound('case', id);
export const taskNotFound = (id: string): AppError => AppError.notFound('task', id);
