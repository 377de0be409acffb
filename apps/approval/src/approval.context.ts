import {
  calendarDataOf,
  chinaCalendar,
  type Clock,
  RuntimeCalendar,
  systemClock,
  type WorkingCalendar,
} from '@hall/calendar';
import type { JointKind } from '@hall/contracts';
import type { ApprovalStore } from './approval.store.js';
import { calendarYears } from './calendar/calendar-year.repository.js';
import { CaseClock } from './deadlines/case-clock.js';

/** Settings of the approval service (local rules: configurable, never hard-coded in the rules). */
export interface ApprovalOptions {
  clock?: Clock;
  /** The base calendar (default the shipped China data); years loaded through supervision are laid over it. */
  calendar?: WorkingCalendar;
  /** How often the years loaded through supervision are re-read from the database (ms; 0 = only at start). Default 60 s. */
  calendarRefreshMs?: number;
  /** 延长审批: working days added (AL art. 42: 10). */
  extensionDays?: number;
  /** How many extensions a case may have (default 1). */
  maxExtensions?: number;
  /**
   * AL art. 42 ¶2 — joint handling (联合办理/统一办理/集中办理): the template kinds it applies to (default general
   * and pre-condition joint cases with at least one co-department), their legal limit (45 working days, instead
   * of the single body's limit) and the working days an extension adds (15, instead of `extensionDays`).
   */
  jointKinds?: readonly JointKind[];
  jointLimitDays?: number;
  jointExtensionDays?: number;
}

/** What every use case of the service needs: the store, time, the working-day clock and the settings. */
export class ApprovalContext {
  readonly clock: Clock;
  /** The calendar every deadline is counted with: the base with the years an administrator loaded in supervision. */
  readonly calendar: RuntimeCalendar;
  readonly calendarRefreshMs: number;
  readonly caseClock: CaseClock;
  readonly extensionDays: number;
  readonly maxExtensions: number;
  readonly jointKinds: readonly JointKind[];
  readonly jointLimitDays: number;
  readonly jointExtensionDays: number;

  constructor(
    readonly store: ApprovalStore,
    options: ApprovalOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.calendar = new RuntimeCalendar(options.calendar ?? chinaCalendar);
    this.calendarRefreshMs = options.calendarRefreshMs ?? 60_000;
    this.caseClock = new CaseClock(this.calendar);
    this.extensionDays = options.extensionDays ?? 10;
    this.maxExtensions = options.maxExtensions ?? 1;
    this.jointKinds = options.jointKinds ?? ['general', 'precondition'];
    this.jointLimitDays = options.jointLimitDays ?? 45;
    this.jointExtensionDays = options.jointExtensionDays ?? 15;
  }

  /** Re-reads the calendar years stored from `supervision.calendar.replaced` (at start and periodically). */
  refreshCalendar(): Promise<WorkingCalendar> {
    return this.calendar.refresh(async () => calendarDataOf(await calendarYears(this.store.prisma)));
  }

  /** Joint handling (AL art. 42 ¶2): a configured joint kind with more than one department examining. */
  isJointHandling(c: { jointKind: string; departmentCodes: readonly string[] }): boolean {
    return this.jointKinds.some((k) => k === c.jointKind) && c.departmentCodes.length > 1;
  }

  /** The legal limit of a case: the joint-handling limit for a joint case, else the implementation's own. */
  legalLimitDays(
    c: { jointKind: string; departmentCodes: readonly string[] },
    implementationLegalDays: number,
  ): number {
    return this.isJointHandling(c) ? this.jointLimitDays : implementationLegalDays;
  }

  /** Working days one extension (延长审批) adds: +15 for joint handling, else +10 (AL art. 42). */
  extensionDaysFor(c: { jointKind: string; departmentCodes: readonly string[] }): number {
    return this.isJointHandling(c) ? this.jointExtensionDays : this.extensionDays;
  }
}
