import { z } from 'zod';
import { DepartmentCode, JointKind, ScopeRegionCode } from '../shared/catalog-codes.js';
import { ResultLicence } from '../catalog/implementation-snapshot.js';
import { defineEvent } from '../event-contract.js';
import { ApplicationNo, ClosingAction } from '../intake/application-events.js';
import { Actor, PartyIdentity, Timestamp } from '../shared/parties.js';
import { Topics } from '../topics.js';

const CaseEventBase = z.object({
  caseId: z.string().min(1),
  applicationNo: ApplicationNo,
  occurredAt: Timestamp,
  actor: Actor,
});

export const TaskRole = z.enum(['lead', 'co', 'escalated']).describe('牵头 / 协办 / higher-level decider');
export type TaskRole = z.infer<typeof TaskRole>;

export const TaskSummary = z.object({
  taskId: z.string().min(1),
  departmentCode: DepartmentCode,
  departmentName: z.string().min(1),
  role: TaskRole,
  limitDays: z.number().int().nonnegative(),
  dueAt: Timestamp.describe(
    'Step deadline (end of the last working day), pauses excluded at the time of the event',
  ),
});
export type TaskSummary = z.infer<typeof TaskSummary>;

export const CaseOpenedPayload = CaseEventBase.extend({
  implementationCode: z.string().min(1),
  implementationVersion: z.number().int().positive(),
  itemName: z.string().min(1),
  regionCode: ScopeRegionCode,
  jointKind: JointKind,
  acceptedAt: Timestamp,
  acceptedBy: z.string().min(1).describe('User id of the clerk who accepted (separation of duties)'),
  promisedLimitDays: z.number().int().nonnegative(),
  legalLimitDays: z.number().int().nonnegative(),
  promisedDueAt: Timestamp,
  legalDueAt: Timestamp,
  tasks: z.array(TaskSummary).min(1),
});
export type CaseOpenedPayload = z.infer<typeof CaseOpenedPayload>;

export const TaskAssignedPayload = CaseEventBase.extend({ task: TaskSummary, assignee: Actor.optional() });
export type TaskAssignedPayload = z.infer<typeof TaskAssignedPayload>;

export const Verdict = z
  .enum(['approve', 'deny', 'return', 'promise'])
  .describe('同意 / 不同意 / 退回补正 / 承诺 (pre-condition joint case)');
export type Verdict = z.infer<typeof Verdict>;

export const TaskCompletedPayload = CaseEventBase.extend({
  task: TaskSummary,
  verdict: Verdict,
  opinion: z.string().max(4000),
  officials: z
    .array(Actor)
    .min(1)
    .describe('Two distinct officials for on-site verification steps (AL art. 34)'),
  completedAt: Timestamp,
  returnItems: z
    .array(
      z.object({
        materialId: z.string().max(40).optional(),
        name: z.string().min(1).max(200),
        problem: z.string().min(1).max(1000),
      }),
    )
    .optional()
    .describe(
      '退回补正: what the department asks the applicant to supply or correct (the opinion states the reasons)',
    ),
});
export type TaskCompletedPayload = z.infer<typeof TaskCompletedPayload>;

export const SpecialProcedureKind = z
  .enum([
    'extension',
    'hearing',
    'tendering',
    'auction',
    'inspection',
    'testing',
    'quarantine',
    'appraisal',
    'expert-review',
    'supplement',
  ])
  .describe(
    "'supplement' (退回补正) is opened by a department's return and ended by the applicant's answer, never by an officer",
  );
export type SpecialProcedureKind = z.infer<typeof SpecialProcedureKind>;

/** zh-CN names of the special procedures (特别程序), for notices and messages. */
export const SPECIAL_PROCEDURE_NAMES: Readonly<Record<SpecialProcedureKind, string>> = {
  extension: '延长审批',
  hearing: '听证',
  tendering: '招标',
  auction: '拍卖',
  inspection: '检验',
  testing: '检测',
  quarantine: '检疫',
  appraisal: '鉴定',
  'expert-review': '专家评审',
  supplement: '退回补正',
};

export const CaseSuspendedPayload = CaseEventBase.extend({
  procedureId: z.string().min(1),
  kind: SpecialProcedureKind.exclude(['extension']),
  reason: z.string().min(1).max(2000),
  startedAt: Timestamp,
  expectedDays: z.number().int().nonnegative().optional(),
});
export type CaseSuspendedPayload = z.infer<typeof CaseSuspendedPayload>;

export const CaseResumedPayload = CaseEventBase.extend({
  procedureId: z.string().min(1),
  kind: SpecialProcedureKind.exclude(['extension']),
  endedAt: Timestamp,
  result: z.string().max(2000),
  promisedDueAt: Timestamp.describe('New promised deadline after the pause'),
  legalDueAt: Timestamp,
});
export type CaseResumedPayload = z.infer<typeof CaseResumedPayload>;

export const CaseExtendedPayload = CaseEventBase.extend({
  procedureId: z.string().min(1),
  days: z.number().int().positive(),
  reason: z.string().min(1).max(2000),
  promisedDueAt: Timestamp,
  legalDueAt: Timestamp,
});
export type CaseExtendedPayload = z.infer<typeof CaseExtendedPayload>;

/**
 * The working calendar changed under an open case (an administrator loaded a year's official 放假安排 in supervision,
 * `supervision.calendar.replaced`): every deadline was counted again from acceptance with the new calendar, pauses
 * and extensions as before. Not an extension and not a pause: the limits in working days are unchanged.
 */
export const CaseDeadlinesRecomputedPayload = CaseEventBase.extend({
  reason: z.string().min(1).max(1000),
  calendarYear: z.number().int().describe('The year whose arrangement was replaced'),
  promisedDueAt: Timestamp,
  legalDueAt: Timestamp,
  previousPromisedDueAt: Timestamp,
  previousLegalDueAt: Timestamp,
  tasks: z.array(TaskSummary).describe('Every task of the case with its recomputed deadline'),
});
export type CaseDeadlinesRecomputedPayload = z.infer<typeof CaseDeadlinesRecomputedPayload>;

/**
 * A task-level pause (特别程序 of one department's step, e.g. a co-department's on-site inspection): only this
 * task's deadline stops; the case clocks (promised and legal limits) run on. Not a case suspension: consumers
 * that track case clocks must not treat it as one (approval.case.suspended is the case-wide pause).
 */
export const TaskSuspendedPayload = CaseEventBase.extend({
  procedureId: z.string().min(1),
  task: TaskSummary.describe('The paused task (its deadline as before the pause)'),
  kind: SpecialProcedureKind.exclude(['extension']),
  reason: z.string().min(1).max(2000),
  startedAt: Timestamp,
  expectedDays: z.number().int().nonnegative().optional(),
});
export type TaskSuspendedPayload = z.infer<typeof TaskSuspendedPayload>;

export const TaskResumedPayload = CaseEventBase.extend({
  procedureId: z.string().min(1),
  task: TaskSummary.describe('The task with its new deadline: pushed by the working days the pause touched'),
  kind: SpecialProcedureKind.exclude(['extension']),
  startedAt: Timestamp,
  endedAt: Timestamp,
  result: z.string().max(2000),
});
export type TaskResumedPayload = z.infer<typeof TaskResumedPayload>;

export const CaseDecidedPayload = CaseEventBase.extend({
  outcome: z.enum(['approved', 'denied']),
  reasons: z.string().max(4000).describe('Reasons; a denial also states the rights to review/litigation'),
  decidedAt: Timestamp,
  departmentCode: DepartmentCode,
  opinions: z.array(
    z.object({ departmentCode: z.string(), role: TaskRole, verdict: Verdict, opinion: z.string() }),
  ),
  implementationCode: z.string().min(1),
  implementationVersion: z.number().int().positive(),
  itemName: z.string().min(1),
  regionCode: ScopeRegionCode,
  holder: PartyIdentity.describe('Holder of the licences to issue = the applicant'),
  issuer: z.object({
    name: z.string().min(1),
    uscc: z.string().regex(/^[0-9A-Z]{18}$/),
    departmentCode: DepartmentCode,
  }),
  licences: z.array(ResultLicence).describe('Licence types to issue (多证联办); empty when denied'),
  formData: z.record(z.string(), z.unknown()).default({}),
});
export type CaseDecidedPayload = z.infer<typeof CaseDecidedPayload>;

export const CaseClosedPayload = CaseEventBase.extend({
  closing: ClosingAction,
  reason: z.string().max(1000),
  closedAt: Timestamp,
  closedTaskIds: z.array(z.string()).describe('Tasks that left their queues'),
}).describe(
  'The case ended without a decision (撤回 / 终止): every open task closed, no decision and no licence will follow.',
);
export type CaseClosedPayload = z.infer<typeof CaseClosedPayload>;

export const CaseCloseRefusedPayload = CaseEventBase.extend({
  closing: ClosingAction,
  outcome: z.enum(['approved', 'denied']),
  decidedAt: Timestamp,
}).describe('A withdrawal or termination arrived after the decision committed: the decision stands.');
export type CaseCloseRefusedPayload = z.infer<typeof CaseCloseRefusedPayload>;

const approval = <T extends string, S extends z.ZodType<{ applicationNo: string }>>(
  type: T,
  payload: S,
  description: string,
) =>
  defineEvent({
    type,
    version: 1,
    topic: Topics.approvalCase,
    payload,
    key: (p) => p.applicationNo,
    description,
  });

export const CaseOpened = approval(
  'approval.case.opened',
  CaseOpenedPayload,
  'A parallel-approval case was opened with one task per department.',
);
export const TaskAssigned = approval(
  'approval.task.assigned',
  TaskAssignedPayload,
  'A task was placed in a department queue or claimed.',
);
export const TaskCompleted = approval(
  'approval.task.completed',
  TaskCompletedPayload,
  'A department gave its opinion.',
);
export const CaseSuspended = approval(
  'approval.case.suspended',
  CaseSuspendedPayload,
  'A special procedure (特别程序) paused the clocks.',
);
export const CaseResumed = approval(
  'approval.case.resumed',
  CaseResumedPayload,
  'A special procedure ended; clocks run again.',
);
export const CaseExtended = approval(
  'approval.case.extended',
  CaseExtendedPayload,
  "延长审批 approved by the deciding department's head (AL art. 42 ¶1) or, for a joint case, by the 本级人民政府负责人 (¶2).",
);
export const CaseDeadlinesRecomputed = approval(
  'approval.case.deadlines-recomputed',
  CaseDeadlinesRecomputedPayload,
  "The case's deadlines were recounted with a newly loaded working calendar (official 放假安排 replacing a provisional year).",
);
export const TaskSuspended = approval(
  'approval.task.suspended',
  TaskSuspendedPayload,
  'A department paused its own step (task-level 特别程序); the case clocks run on.',
);
export const TaskResumed = approval(
  'approval.task.resumed',
  TaskResumedPayload,
  "A task-level pause ended; the step's deadline moved by the paused working days.",
);
export const CaseDecided = approval(
  'approval.case.decided',
  CaseDecidedPayload,
  'The lead department decided (准予/不予).',
);

export const CaseClosed = approval(
  'approval.case.closed',
  CaseClosedPayload,
  "Closed without a decision on the applicant's withdrawal or a termination.",
);
export const CaseCloseRefused = approval(
  'approval.case.close-refused',
  CaseCloseRefusedPayload,
  'A withdrawal/termination came after the decision and was refused.',
);

export const APPROVAL_EVENTS = [
  CaseOpened,
  TaskAssigned,
  TaskCompleted,
  CaseSuspended,
  CaseResumed,
  CaseExtended,
  CaseDecided,
  TaskSuspended,
  TaskResumed,
  CaseClosed,
  CaseCloseRefused,
  CaseDeadlinesRecomputed,
] as const;
