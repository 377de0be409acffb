import type { Actor, EventContract, ImplementationSnapshot, PayloadOf, TaskView } from '@hall/contracts';
import type { RawExecutor } from '@hall/messaging';
import { AppError } from '@hall/platform';
import { regionCovers } from '@hall/auth';
import type { Officer } from '../access/officer-scope.js';
import type { ApprovalContext } from '../approval.context.js';
import { ApprovalErrorCode, caseClosed, forbidden, taskNotFound } from '../approval.errors.js';
import { appendAudit, prepareAudit, type AuditInput } from '../audit/audit.repository.js';
import { taskView } from '../cases/task-view.js';
import type { ApprovalCase, ApprovalTask, SpecialProcedure } from '../generated/prisma/client.js';
import { filedSnapshot } from '../implementations/implementation-version.repository.js';
import {
  lockCaseOfTask,
  readCaseVersion,
  setCaseStatus,
  writeTaskAudited,
  type OpinionRow,
  type TaskWrite,
} from '../records/case.repository.js';
import { insertCasePause, type NewCasePause } from '../records/procedure.repository.js';

/**
 * What the task actions (claim, release, complete) read and write, in the transaction of the action: the
 * repositories, the outbox and the clock. {@link taskActionStore} binds them to the service; the use cases'
 * specs give an in-memory one.
 */
export interface TaskActionStore {
  /** One transaction on the database's own driver (raw SQL only, no ORM; the outbox rows commit with it). */
  transaction<T>(fn: (tx: RawExecutor) => Promise<T>): Promise<T>;
  now(): Date;
  /** Locks the case of task `taskId` (as `lockCase`) and returns it with the task; null when there is no such task. */
  lockCaseOfTask(tx: RawExecutor, taskId: string): Promise<{ c: ApprovalCase; t: ApprovalTask } | null>;
  readCaseVersion(tx: RawExecutor, caseId: string): Promise<Pick<ApprovalCase, 'id' | 'version'>>;
  /** The case's status, optimistically (only at the version read, else 409). */
  setCaseStatus(
    tx: RawExecutor,
    current: Pick<ApprovalCase, 'id' | 'version'>,
    status: string,
  ): Promise<void>;
  /**
   * A task action's write: the optimistic task write (only at the version read, else 409), the opinion it records
   * (if any) and the case's audit entry, all or nothing (one statement on the database).
   */
  writeTask(
    tx: RawExecutor,
    current: ApprovalTask,
    data: TaskWrite,
    audit: AuditInput,
    opinion?: OpinionRow,
  ): Promise<ApprovalTask>;
  /** Opens a case-wide pause (退回补正's `supplement`). */
  createCasePause(tx: RawExecutor, data: NewCasePause): Promise<Pick<SpecialProcedure, 'id'>>;
  /** The implementation version the case was filed under (its materials name the 退回补正 items). */
  filedSnapshot(tx: RawExecutor, c: ApprovalCase): Promise<Pick<ImplementationSnapshot, 'materials'>>;
  appendAudit(tx: RawExecutor, caseId: string, input: AuditInput): Promise<void>;
  stage<C extends EventContract>(tx: RawExecutor, contract: C, payload: PayloadOf<C>): Promise<unknown>;
  view(task: ApprovalTask, caseStatus: string): TaskView;
}

/** A task of the officer's own department within the officer's region, or 404 (no existence leak). */
export function assertVisibleTask(
  t: Pick<ApprovalTask, 'departmentCode' | 'regionCode'>,
  taskId: string,
  officer: Officer,
): void {
  if (t.departmentCode !== officer.department || !regionCovers(officer.region, t.regionCode))
    throw taskNotFound(taskId);
}

/**
 * The task actions' store on the service's database, outbox and clock. A task action runs on the driver's own
 * transaction (issue 22: an ORM interactive transaction costs several times the CPU per statement), raw SQL only.
 */
export function taskActionStore(ctx: ApprovalContext): TaskActionStore {
  return {
    transaction: (fn) => ctx.store.messaging.rawTransaction(fn),
    now: () => ctx.clock.now(),
    lockCaseOfTask: (tx, taskId) => lockCaseOfTask(tx, taskId, ctx.store.pii),
    readCaseVersion,
    setCaseStatus,
    writeTask: async (tx, current, data, audit, opinion) =>
      writeTaskAudited(tx, current, data, await prepareAudit(tx, current.caseId, audit), opinion ?? null),
    createCasePause: insertCasePause,
    filedSnapshot: (tx, c) => filedSnapshot(tx, c, ctx.store.snapshots),
    appendAudit,
    stage: (tx, contract, payload) => ctx.store.messaging.stage(tx, contract, payload),
    view: (task, caseStatus) => taskView(ctx, task, caseStatus),
  };
}

/** What every event of a task action carries. */
export function eventBase(c: ApprovalCase, actor: Actor, now: Date) {
  return { caseId: c.id, applicationNo: c.applicationNo, occurredAt: now.toISOString(), actor };
}

/** Separation of duties (受审分离): whoever accepted the application at the window takes no part in examining it. */
export function assertNotAcceptor(c: Pick<ApprovalCase, 'acceptedBy'>, officer: Officer): void {
  if (c.acceptedBy === officer.id) {
    throw forbidden(
      ApprovalErrorCode.SeparationOfDuties,
      'you accepted this application at the window; another official must examine and approve it',
    );
  }
}

/** The 409 of a task another officer holds. */
export function claimedByAnother(t: Pick<ApprovalTask, 'assigneeName'>, prefix: string): AppError {
  return AppError.conflict(
    ApprovalErrorCode.TaskClaimed,
    `${prefix} ${t.assigneeName ?? 'another officer'}`,
    { assignee: t.assigneeName },
  );
}

/**
 * One task action: the case row is locked (found from the task), the task read under the lock and must be in the
 * officer's department and region (else 404, whatever the route), the caller's expected version checked, then `fn` writes through
 * conditional updates and returns the task as its write left it (nothing when it wrote none). Returns the task as
 * it is after the action.
 */
export async function runTaskAction(
  store: TaskActionStore,
  taskId: string,
  officer: Officer,
  body: { version?: number | undefined },
  fn: (tx: RawExecutor, c: ApprovalCase, t: ApprovalTask, now: Date) => Promise<ApprovalTask | undefined>,
): Promise<TaskView> {
  return store.transaction(async (tx) => {
    // The case is locked, found from the task, and the task read under the lock (one statement): a task outside
    // the officer's department or region answers 404 as an unknown one does.
    const locked = await store.lockCaseOfTask(tx, taskId);
    if (locked === null) throw taskNotFound(taskId);
    const { c, t } = locked;
    assertVisibleTask(t, taskId, officer);
    if (c.status === 'decided') throw AppError.conflict(ApprovalErrorCode.CaseDecided, 'the case is decided');
    if (c.status === 'closed') throw caseClosed(c.closing);
    if (body.version !== undefined && body.version !== t.version) {
      throw AppError.conflict(
        ApprovalErrorCode.StaleVersion,
        `the task is at version ${t.version}, not ${body.version}; reload it`,
        { version: t.version },
      );
    }
    const written = await fn(tx, c, t, store.now());
    // Nothing written: the task is as read under the lock.
    return store.view(written ?? t, c.status);
  });
}
