import type { Actor, EventContract, ImplementationSnapshot, PayloadOf, TaskView } from '@hall/contracts';
import { AppError } from '@hall/platform';
import { regionCovers } from '@hall/auth';
import type { Officer } from '../access/officer-scope.js';
import type { ApprovalContext } from '../approval.context.js';
import { ApprovalErrorCode, caseClosed, forbidden, taskNotFound } from '../approval.errors.js';
import type { ApprovalTx } from '../approval.store.js';
import { appendAudit, prepareAudit, type AuditInput } from '../audit/audit.repository.js';
import { taskView } from '../cases/task-view.js';
import type { ApprovalCase, ApprovalTask, Prisma, SpecialProcedure } from '../generated/prisma/client.js';
import { filedSnapshot } from '../implementations/implementation-version.repository.js';
import {
  lockCase,
  lockCaseOfTask,
  readCaseVersion,
  updateCase,
  updateTask,
  writeTaskAudited,
  type OpinionRow,
  type TaskWrite,
} from '../records/case.repository.js';
import { createProcedure } from '../records/procedure.repository.js';

export type TaskUpdate = Parameters<typeof updateTask>[2];
export type CaseUpdate = Parameters<typeof updateCase>[2];

/**
 * What the task actions (claim, release, complete) read and write, in the transaction of the action: the
 * repositories, the outbox and the clock. {@link taskActionStore} binds them to the service; the use cases'
 * specs give an in-memory one.
 */
export interface TaskActionStore {
  transaction<T>(fn: (tx: ApprovalTx) => Promise<T>): Promise<T>;
  now(): Date;
  /** Locks the case of task `taskId` (as `lockCase`) and returns it with the task; null when there is no such task. */
  lockCaseOfTask(tx: ApprovalTx, taskId: string): Promise<{ c: ApprovalCase; t: ApprovalTask } | null>;
  lockCase(tx: ApprovalTx, caseId: string): Promise<ApprovalCase>;
  readCaseVersion(tx: ApprovalTx, caseId: string): Promise<Pick<ApprovalCase, 'id' | 'version'>>;
  updateCase(tx: ApprovalTx, current: Pick<ApprovalCase, 'id' | 'version'>, data: CaseUpdate): Promise<void>;
  updateTask(
    tx: ApprovalTx,
    current: Pick<ApprovalTask, 'id' | 'version'>,
    data: TaskUpdate,
  ): Promise<ApprovalTask>;
  /**
   * A task action's write: the optimistic task write (as `updateTask`), the opinion it records (if any) and the
   * case's audit entry, all or nothing (one statement on the database).
   */
  writeTask(
    tx: ApprovalTx,
    current: ApprovalTask,
    data: TaskWrite,
    audit: AuditInput,
    opinion?: OpinionRow,
  ): Promise<ApprovalTask>;
  createProcedure(
    tx: ApprovalTx,
    data: Prisma.SpecialProcedureUncheckedCreateInput,
  ): Promise<Pick<SpecialProcedure, 'id'>>;
  /** The implementation version the case was filed under (its materials name the 退回补正 items). */
  filedSnapshot(tx: ApprovalTx, c: ApprovalCase): Promise<Pick<ImplementationSnapshot, 'materials'>>;
  appendAudit(tx: ApprovalTx, caseId: string, input: AuditInput): Promise<void>;
  stage<C extends EventContract>(tx: ApprovalTx, contract: C, payload: PayloadOf<C>): Promise<unknown>;
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

/** The task actions' store on the service's database, outbox and clock. */
export function taskActionStore(ctx: ApprovalContext): TaskActionStore {
  return {
    transaction: (fn) => ctx.store.messaging.transaction(fn),
    now: () => ctx.clock.now(),
    lockCaseOfTask: (tx, taskId) => lockCaseOfTask(tx, taskId, ctx.store.pii),
    lockCase: (tx, caseId) => lockCase(tx, caseId, ctx.store.pii),
    readCaseVersion,
    updateCase,
    updateTask,
    writeTask: async (tx, current, data, audit, opinion) =>
      writeTaskAudited(tx, current, data, await prepareAudit(tx, current.caseId, audit), opinion ?? null),
    createProcedure,
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
  fn: (tx: ApprovalTx, c: ApprovalCase, t: ApprovalTask, now: Date) => Promise<ApprovalTask | undefined>,
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
