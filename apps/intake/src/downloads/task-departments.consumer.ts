import type { CaseOpened, PayloadOf, TaskAssigned } from '@hall/contracts';
import type { HandlerContext, RawExecutor } from '@hall/messaging';
import type { IntakeRawTx } from '../intake.store.js';
import { addTaskDepartments } from './task-department.repository.js';

/** Applications whose committed task departments a consumer remembers before it starts afresh (bounded memory). */
const KNOWN_MAX = 10_000;

/**
 * Which departments have an approval task on an application (approval's `case.opened` names one task per
 * department; `task.assigned` may add one, e.g. an escalation). Their officers may download the application's
 * materials. Only ever adds (a department that had a task keeps its reading right); replays are harmless.
 *
 * Approval opens a case with `case.opened` and an unassigned `task.assigned` per task, all naming departments already
 * stored by whichever of them came first. The consumer remembers the departments it *committed* per application (after
 * the commit, never on a rollback), and an event naming only remembered ones is acknowledged without a transaction
 * (issue 22: ~3 statements and consumer transactions per case). Whatever the order — `task.assigned` first,
 * `case.opened` late or missing, a restart that forgot everything — an event naming a department not remembered is
 * written as before, so nothing is skipped that is not in the database. The departments of one consumer transaction
 * (a delivered batch: the unassigned `task.assigned` of a case opening arrive together) are written by one statement.
 */
export class TaskDepartments {
  /** Departments committed per application, by this consumer (a fresh instance per service store). */
  private readonly known = new Map<string, Set<string>>();
  /** Departments gathered per open transaction, written by its `beforeCommit` work. */
  private readonly pending = new WeakMap<IntakeRawTx, Map<string, Set<string>>>();

  constructor(
    /** Runs work once the consumer's transaction committed (the store's `messaging.afterCommit`). */
    private readonly afterCommit: (tx: RawExecutor, fn: () => void) => void,
  ) {}

  /** Whether `case.opened` names a department not known to be stored. */
  readonly actsOnCaseOpened = (p: PayloadOf<typeof CaseOpened>): boolean =>
    !this.allKnown(
      p.applicationNo,
      p.tasks.map((t) => t.departmentCode),
    );

  /**
   * The `task.assigned` events `onTaskAssigned` acts on: a claim (an assignee) is of a task announced before,
   * unassigned, in the same case's key order (approval opens every task with an unassigned `task.assigned` and
   * `case.opened`), so its department is known already; an unassigned one whose department is stored neither.
   */
  readonly actsOnTaskAssigned = (p: PayloadOf<typeof TaskAssigned>): boolean =>
    p.assignee === undefined && !this.allKnown(p.applicationNo, [p.task.departmentCode]);

  readonly onCaseOpened = (
    p: PayloadOf<typeof CaseOpened>,
    ctx: HandlerContext<IntakeRawTx>,
  ): Promise<void> => {
    this.add(
      ctx,
      p.applicationNo,
      p.tasks.map((t) => t.departmentCode),
    );
    return Promise.resolve();
  };

  readonly onTaskAssigned = (
    p: PayloadOf<typeof TaskAssigned>,
    ctx: HandlerContext<IntakeRawTx>,
  ): Promise<void> => {
    if (p.assignee === undefined) this.add(ctx, p.applicationNo, [p.task.departmentCode]);
    return Promise.resolve();
  };

  private allKnown(applicationNo: string, departments: readonly string[]): boolean {
    const known = this.known.get(applicationNo);
    return known !== undefined && departments.every((d) => known.has(d));
  }

  /**
   * Gathers the departments of the transaction's events, written by one statement just before its commit (a batch of
   * `task.assigned`, the three of a case opening, was one statement per event), then remembered once committed.
   */
  private add(ctx: HandlerContext<IntakeRawTx>, applicationNo: string, departments: readonly string[]): void {
    let pending = this.pending.get(ctx.tx);
    if (pending === undefined) {
      const gathered = new Map<string, Set<string>>();
      this.pending.set(ctx.tx, (pending = gathered));
      const { tx } = ctx;
      ctx.onRollback(() => {
        this.pending.delete(tx);
        return Promise.resolve();
      });
      ctx.beforeCommit(async () => {
        this.pending.delete(tx);
        await addTaskDepartments(tx, gathered);
        this.afterCommit(tx, () => this.remember(gathered));
      });
    }
    let set = pending.get(applicationNo);
    if (set === undefined) pending.set(applicationNo, (set = new Set()));
    for (const d of departments) set.add(d);
  }

  private remember(committed: ReadonlyMap<string, ReadonlySet<string>>): void {
    for (const [applicationNo, departments] of committed) {
      let known = this.known.get(applicationNo);
      if (known === undefined) {
        if (this.known.size >= KNOWN_MAX) this.known.clear();
        this.known.set(applicationNo, (known = new Set()));
      }
      for (const d of departments) known.add(d);
    }
  }
}
