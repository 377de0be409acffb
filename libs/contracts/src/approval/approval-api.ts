/**
 * HTTP contract of the approval service (并联审批, `/api/approval/…`): one zod schema per request and response, used
 * by the controllers (parse + OpenAPI), by the services' return types and by the web client (types + a runtime check
 * of every response in development builds). Schema const and inferred type share one name.
 * Browser-safe: zod only (imported by the web through `@hall/contracts/api`).
 */
import { z } from 'zod';
import { ApplicationNo, ProvidedMaterial } from '../intake/application-events.js';
import { Actor, PartyIdentity } from '../shared/parties.js';
import { SpecialProcedureKind, Verdict } from './case-events.js';

const Instant = z.iso.datetime({ offset: true });
const Page = {
  page: z.number().int().min(1).describe('1-based page number'),
  pageSize: z.number().int().min(1).max(100).describe('Entries per page'),
  total: z.number().int().min(0).describe('Entries in the whole list'),
};
const PageQuery = {
  page: z.coerce.number().int().min(1).max(10_000).default(1).describe('1-based page number'),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).describe('Entries per page (≤ 100)'),
};
const ExpectedVersion = z
  .number()
  .int()
  .nonnegative()
  .optional()
  .describe('The task version the caller saw; a different current version → 409 STALE_VERSION');

// ── path parameters ──────────────────────────────────────────────────────────────────────────────────────────────

/** `:id` of the case routes: the case id or the application number (办件编号); an unknown or foreign case is 404. */
export const CaseRef = z
  .union([z.guid(), ApplicationNo])
  .describe('Case id or application number (办件编号)');
export type CaseRef = z.infer<typeof CaseRef>;
/** `:id` of the task routes and `:pid` of a special procedure: a row id (8-4-4-4-12 hex); an unknown or foreign one is 404. */
export const RowId = z.guid().describe('Row id');
export type RowId = z.infer<typeof RowId>;

// ── tasks: GET /tasks, POST /tasks/:id/{claim,release,complete} ──────────────────────────────────────────────────

/** Queue filters: `open` is every task still to be worked (pending + claimed + cosign). */
export const TASK_QUEUE_STATUSES = ['open', 'pending', 'claimed', 'cosign', 'completed', 'closed'] as const;
export const TaskQueueStatus = z
  .enum(TASK_QUEUE_STATUSES)
  .describe('open = pending + claimed + cosign; or one task status');
export type TaskQueueStatus = z.infer<typeof TaskQueueStatus>;

/**
 * The caller's work lists (待办 / 等待他人 / 已完成), counted and paged on the server: `todo` holds exactly what the
 * caller can act on now (a task to claim, examine or co-sign, and a decision due from the caller's department);
 * `waiting` what is still running but waits for someone else; `done` the rest.
 */
export const TASK_QUEUE_VIEWS = ['todo', 'waiting', 'done'] as const;
export const TaskQueueView = z
  .enum(TASK_QUEUE_VIEWS)
  .describe('todo 待办 (actionable by the caller now) | waiting 等待他人 | done 已完成');
export type TaskQueueView = z.infer<typeof TaskQueueView>;

/**
 * What is due on a queue row, for the caller. Actionable (view `todo`): `claim` 待认领, `examine` 待出具意见 (the
 * caller holds the task), `cosign` 待会签 (another official signed first), `decide` 待作出决定 (every department's
 * opinion is in; the caller's department decides). Waiting (view `waiting`): `await-cosign` (the caller signed
 * first; another official co-signs), `await-holder` (another official holds the task), `await-opinions` (the
 * decision waits for other departments' opinions), `await-supplement` (returned to the applicant, 退回补正),
 * `await-procedure` (a special procedure runs), `recused` (the caller accepted the application, 受审分离).
 * Finished (view `done`): `none`.
 */
export const QUEUE_ACTIONS = [
  'claim',
  'examine',
  'cosign',
  'decide',
  'await-cosign',
  'await-holder',
  'await-opinions',
  'await-supplement',
  'await-procedure',
  'recused',
  'none',
] as const;
export const QueueAction = z.enum(QUEUE_ACTIONS).describe('What is due on the row, for the caller');
export type QueueAction = z.infer<typeof QueueAction>;

export const TaskQueueQuery = z
  .object({
    view: TaskQueueView.optional().describe(
      'A work list of the caller (todo | waiting | done); not together with status',
    ),
    status: TaskQueueStatus.optional().describe(
      'open = pending + claimed + cosign (the default without view); or one task status',
    ),
    ...PageQuery,
  })
  .strict()
  .refine((q) => q.view === undefined || q.status === undefined, {
    path: ['view'],
    message: 'give either view or status, not both',
  });
export type TaskQueueQuery = z.infer<typeof TaskQueueQuery>;

export const TaskActionBody = z.object({ version: ExpectedVersion }).strict();
export type TaskActionBody = z.infer<typeof TaskActionBody>;

/** 退回补正: one thing the applicant must supply or correct — a material of the item (materialId) or a named thing. */
export const ReturnItemInput = z
  .object({
    materialId: z
      .string()
      .trim()
      .min(1)
      .max(40)
      .optional()
      .describe('A material of the implementation; its name is taken from the catalog'),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('What to supply when it is not one of the listed materials'),
    problem: z.string().trim().min(1).max(1000).describe('What is wrong or missing'),
  })
  .strict();
export type ReturnItemInput = z.infer<typeof ReturnItemInput>;

export const CompleteTaskBody = z
  .object({
    verdict: Verdict,
    opinion: z
      .string()
      .trim()
      .max(4000)
      .default('')
      .describe('审查意见; reasons are required for deny and return'),
    items: z
      .array(ReturnItemInput)
      .max(30)
      .optional()
      .describe(
        '退回补正 only: what the applicant must supply or correct, listed in the one-time notice intake sends',
      ),
    version: ExpectedVersion,
  })
  .strict();
export type CompleteTaskBody = z.infer<typeof CompleteTaskBody>;

const TaskDeadline = z.object({
  limitDays: z.number().int().describe('Working days the step has'),
  dueAt: Instant.describe('End of the due day'),
  workingDaysLeft: z.number().int().describe('Negative when overdue'),
  overdue: z.boolean(),
  paused: z.boolean().describe("A case-wide pause or this step's own (task-level) pause is running"),
  pausedSince: Instant.nullable().describe("Start of this step's own pause; null when none runs"),
  provisional: z.boolean().describe('暂定: counted in a year without the official holiday arrangement'),
});

/** A task as its department sees it: state, assignee, deadline with working days left. */
export const TaskView = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  applicationNo: ApplicationNo.describe('办件编号'),
  itemName: z.string().describe('事项名称'),
  regionCode: z.string().describe('Region of the case (行政区划代码)'),
  departmentCode: z.string().describe('The department whose step this is'),
  departmentName: z.string(),
  role: z.string().describe('lead 牵头, co 协办 or escalated (the higher-level decider)'),
  status: z
    .string()
    .describe('pending | claimed | cosign (waiting for the second official) | completed | closed'),
  version: z.number().int().min(0).describe('Optimistic concurrency: send it back with the next action'),
  assignee: z
    .object({ userId: z.string(), name: z.string() })
    .nullable()
    .describe('The official who claimed it; null while in the queue'),
  twoOfficials: z.boolean().describe('On-site verification (AL art. 34): two distinct officials sign'),
  pendingVerdict: z
    .string()
    .nullable()
    .describe(
      'The verdict the first official signed, while the task waits for the co-signature (status cosign)',
    ),
  firstSignature: z
    .object({
      official: z.object({ userId: z.string(), name: z.string() }),
      opinion: z.string(),
      returnItems: z.array(
        z.object({ materialId: z.string().optional(), name: z.string(), problem: z.string() }),
      ),
    })
    .optional()
    .describe(
      'While the task waits for the co-signature (status cosign): who signed first, their opinion and 退回补正 items, so the co-signer reads what they confirm. In the case view and action answers (not the queue)',
    ),
  deadline: TaskDeadline.describe("The step's deadline"),
});
export type TaskView = z.infer<typeof TaskView>;

/** A queue row: the task and what is due on it for the caller, by when. */
export const TaskQueueItem = TaskView.extend({
  action: QueueAction,
  due: TaskDeadline.nullable().describe(
    "Deadline of the due action: the step's own, the case's promised deadline (承诺时限) for a decision; null when done",
  ),
});
export type TaskQueueItem = z.infer<typeof TaskQueueItem>;

/** GET /tasks: my department's queue within my region, earliest deadline first. */
export const TaskQueue = z.object({
  department: z.string().describe("The caller's department"),
  region: z.string().describe("The caller's region (its sub-regions included)"),
  view: TaskQueueView.nullable().describe('The work list asked for; null when filtered by status'),
  status: TaskQueueStatus.nullable().describe('The status filter; null with a view'),
  ...Page,
  totalCapped: z.boolean().describe('Counting stopped at 1000: total is a lower bound ("1000+")'),
  items: z.array(TaskQueueItem),
});
export type TaskQueue = z.infer<typeof TaskQueue>;

// ── cases: GET /cases/:id, POST /cases/:id/decide ────────────────────────────────────────────────────────────────

export const DecideBody = z
  .object({
    outcome: z.enum(['approved', 'denied']).describe('准予 / 不予'),
    reasons: z
      .string()
      .trim()
      .max(3000)
      .default('')
      .describe('Required for a denial; the rights to review/litigation are appended'),
    version: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('The case version the caller saw; a different current version → 409 STALE_VERSION'),
  })
  .strict();
export type DecideBody = z.infer<typeof DecideBody>;

/** 特别程序 as shown on the case: an extension, a case-wide pause (every clock) or a task-level pause (one step). */
export const SpecialProcedureView = z.object({
  id: z.uuid(),
  kind: SpecialProcedureKind,
  scope: z
    .enum(['case', 'task'])
    .describe('case: every clock of the case; task: only the step of taskId (an extension is always case)'),
  taskId: z.uuid().nullable().describe('The paused task (scope task)'),
  reason: z.string(),
  departmentCode: z.string().describe('The department that started it'),
  days: z.number().int().nullable().describe('Extension: working days added'),
  expectedDays: z
    .number()
    .int()
    .nullable()
    .describe('Expected length of a pause in working days (information only)'),
  startedAt: Instant,
  endedAt: Instant.nullable().describe('null while the pause runs (an extension ends when granted)'),
  result: z.string().nullable().describe('Result of the hearing, test, expert review …'),
  notice: z.string().describe('The written notice to the applicant (特别程序告知书)'),
  startedBy: Actor,
  endedBy: Actor.nullable(),
});
export type SpecialProcedureView = z.infer<typeof SpecialProcedureView>;

export const CaseOpinion = z.object({
  taskId: z.uuid(),
  departmentCode: z.string(),
  departmentName: z.string(),
  role: z.string().describe('lead 牵头, co 协办 or escalated'),
  verdict: Verdict,
  opinion: z.string().describe('审查意见 with its reasons'),
  officials: z.array(Actor).describe('The signing officials (two for on-site verification)'),
  at: Instant,
});
export type CaseOpinion = z.infer<typeof CaseOpinion>;

/** The whole case as its departments see it: clocks, every task, every opinion (with reasons), procedures, decision. */
export const CaseView = z.object({
  id: z.uuid(),
  applicationNo: ApplicationNo.describe('办件编号'),
  status: z
    .string()
    .describe('open | suspended (特别程序) | returned (退回补正) | decided | closed (撤回 / 终止)'),
  jointKind: z.string().describe('single | general | precondition | escalated'),
  version: z.number().int().min(0).describe('Optimistic concurrency: send it back with the decision'),
  implementation: z
    .object({ code: z.string(), version: z.number().int() })
    .describe('The catalog version the application was filed under'),
  itemName: z.string(),
  regionCode: z.string(),
  leadDepartmentCode: z.string(),
  decidingDepartmentCode: z.string().describe('The lead, or the higher level for an escalated case'),
  departmentCodes: z.array(z.string()).describe('Every department holding a task'),
  applicant: PartyIdentity.describe('申请人'),
  formData: z.record(z.string(), z.unknown()).describe('申请表 values by field key'),
  formFields: z
    .array(z.object({ key: z.string(), label: z.string(), type: z.string() }))
    .describe('申请表 fields of the filed version (labels for formData keys); empty for the general form'),
  materials: z
    .array(ProvidedMaterial)
    .describe('How each material was provided (files: GET /cases/:id/materials)'),
  acceptanceMode: z.string().describe('How intake accepted it (normal, 容缺 …)'),
  acceptedAt: Instant,
  acceptedBy: z
    .object({ userId: z.string(), name: z.string() })
    .describe('The clerk who accepted; takes no part in examining it'),
  clocks: z.object({
    promisedLimitDays: z.number().int(),
    legalLimitDays: z.number().int(),
    extensionDays: z.number().int().describe('Working days added by 延长审批'),
    promisedDueAt: Instant,
    legalDueAt: Instant,
    provisional: z.boolean().describe('暂定: a due day in a year without the official holiday arrangement'),
    workingDaysUsed: z.number().int(),
    paused: z.boolean(),
    stopped: z.boolean().describe('Decided or closed'),
  }),
  tasks: z.array(TaskView),
  opinions: z.array(CaseOpinion),
  specialProcedures: z.array(SpecialProcedureView),
  closure: z
    .object({
      closing: z.string().nullable().describe('withdraw 撤回 or terminate 终止'),
      reason: z.string().nullable(),
      closedAt: Instant,
    })
    .nullable()
    .describe('Closed without a decision'),
  extension: z
    .object({
      approver: z
        .enum(['department-head', 'government-head'])
        .describe("AL art. 42 ¶1 (the deciding department's head) or ¶2 (joint case: the government head)"),
      days: z.number().int().describe('Working days one extension adds'),
      used: z.number().int(),
      max: z.number().int(),
    })
    .describe('Who approves an extension of this case and what it adds'),
  decision: z
    .object({
      outcome: z.string().describe('approved 准予 / denied 不予'),
      reasons: z.string().nullable(),
      decidedAt: Instant.nullable(),
      decidedBy: Actor.nullable(),
    })
    .nullable(),
});
export type CaseView = z.infer<typeof CaseView>;

// ── GET /cases/:id/materials ─────────────────────────────────────────────────────────────────────────────────────

export const CaseMaterials = z.object({
  caseId: z.uuid(),
  applicationNo: ApplicationNo,
  materials: z.array(
    z.object({
      materialId: z.string(),
      name: z.string(),
      source: z
        .enum(['upload', 'licence', 'promise'])
        .describe("uploaded file, the holder's e-licence (免提交) or a signed promise (告知承诺)"),
      licenceIdentifier: z.string().optional().describe('免提交: the referenced licence'),
      licenceTypeCode: z.string().optional(),
      licenceCheckedAt: Instant.optional().describe('免提交: when intake last checked the reference'),
      files: z.array(
        z.object({
          name: z.string(),
          contentType: z.string(),
          size: z.number().int().min(0),
          sha256: z.string(),
          url: z
            .string()
            .describe("Approval's download route (needs the bearer token; never a link to the object store)"),
        }),
      ),
    }),
  ),
});
export type CaseMaterials = z.infer<typeof CaseMaterials>;

// ── POST /cases/:id/special-procedures, …/:pid/end ───────────────────────────────────────────────────────────────

export const ProcedureScope = z
  .enum(['case', 'task'])
  .describe(
    "case: every clock of the case stops (the deciding department only); task: only the caller's department's own step (its task deadline) stops",
  );
export type ProcedureScope = z.infer<typeof ProcedureScope>;

export const StartProcedureBody = z
  .object({
    kind: SpecialProcedureKind.exclude(['supplement']).describe(
      'extension (延长审批) or a pause: hearing 听证, tendering 招标, auction 拍卖, inspection 检验, testing 检测, quarantine 检疫, appraisal 鉴定, expert-review 专家评审',
    ),
    reason: z
      .string()
      .trim()
      .min(2)
      .max(2000)
      .describe('Reason, quoted in the written notice to the applicant'),
    expectedDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .describe('Expected length of a pause in working days (information only)'),
    scope: ProcedureScope.default('case').describe(
      "A pause's scope (default case); an extension is always case-wide",
    ),
    taskId: z.uuid().optional().describe("scope task: the caller's department's task to pause"),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.scope === 'task' && b.kind === 'extension') {
      ctx.addIssue({
        code: 'custom',
        path: ['scope'],
        message: 'an extension (延长审批) is case-wide; only a pause can have scope task',
      });
    }
    if (b.scope === 'task' && b.taskId === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['taskId'],
        message: "scope task needs the taskId of your department's task",
      });
    if (b.scope === 'case' && b.taskId !== undefined)
      ctx.addIssue({ code: 'custom', path: ['taskId'], message: 'a taskId is only for scope task' });
  });
export type StartProcedureBody = z.infer<typeof StartProcedureBody>;

export const EndProcedureBody = z
  .object({
    result: z.string().trim().min(1).max(2000).describe('Result of the hearing, test, expert review …'),
  })
  .strict();
export type EndProcedureBody = z.infer<typeof EndProcedureBody>;

// ── GET /cases/:id/audit, /audit/verify ──────────────────────────────────────────────────────────────────────────

export const CaseAuditEntry = z.object({
  id: z.string().describe('Row id'),
  caseId: z.uuid(),
  seq: z.number().int().min(1).describe('Position in the chain, from 1'),
  action: z.string().describe('case.decided, task.claimed, …'),
  actor: z.unknown().describe('Who acted (an Actor, as hashed)'),
  at: Instant,
  opinion: z.string().nullable(),
  before: z.unknown().describe('State before the action (JSON, as hashed)'),
  after: z.unknown().describe('State after the action (JSON, as hashed)'),
  prevHash: z.string().describe("The previous entry's hash ('' for the first)"),
  hash: z.string().describe('SHA-256(prevHash + canonical JSON of the entry)'),
});
export type CaseAuditEntry = z.infer<typeof CaseAuditEntry>;

export const CaseAuditTrail = z.object({
  caseId: z.uuid(),
  applicationNo: ApplicationNo,
  entries: z.array(CaseAuditEntry).describe('The hash chain in sequence order'),
});
export type CaseAuditTrail = z.infer<typeof CaseAuditTrail>;

export const CaseAuditVerification = z.object({
  caseId: z.uuid(),
  applicationNo: ApplicationNo,
  checkedAt: Instant,
  head: z
    .object({ seq: z.number().int().min(0), hash: z.string() })
    .describe('The chain head the case row points to'),
  intact: z.boolean(),
  entries: z.number().int().min(0).describe('Entries checked'),
  firstBroken: z
    .object({
      seq: z.number().int(),
      id: z.string().nullable().describe('null when entries were removed from the end'),
      reason: z.enum(['sequence-gap', 'prev-hash-mismatch', 'hash-mismatch', 'head-mismatch']),
    })
    .optional()
    .describe('The first entry that does not verify'),
});
export type CaseAuditVerification = z.infer<typeof CaseAuditVerification>;

// ── GET /joint-cases (本级人民政府负责人) ─────────────────────────────────────────────────────────────────────────────

export const JointCasesQuery = z.object({ ...PageQuery }).strict();
export type JointCasesQuery = z.infer<typeof JointCasesQuery>;

/** An undecided joint case (联合办理) with its clocks and whether the +15 extension (AL art. 42 ¶2) may be granted. */
export const JointCaseView = z.object({
  id: z.uuid(),
  applicationNo: ApplicationNo,
  itemName: z.string(),
  regionCode: z.string(),
  status: z.string().describe('open | suspended | returned'),
  jointKind: z.string(),
  leadDepartmentCode: z.string(),
  decidingDepartmentCode: z.string(),
  departmentCodes: z.array(z.string()),
  acceptedAt: Instant,
  clocks: z.object({
    promisedDueAt: Instant,
    legalDueAt: Instant,
    extensionDays: z.number().int(),
    legalWorkingDaysLeft: z.number().int(),
    paused: z.boolean(),
  }),
  extension: z.object({
    used: z.number().int(),
    max: z.number().int(),
    days: z.number().int().describe('Working days the extension adds (+15)'),
    allowed: z.boolean().describe('May still be granted'),
  }),
});
export type JointCaseView = z.infer<typeof JointCaseView>;

export const JointCasePage = z.object({
  region: z.string().describe("The government head's region"),
  ...Page,
  items: z.array(JointCaseView).describe('Nearest legal deadline first'),
});
export type JointCasePage = z.infer<typeof JointCasePage>;
