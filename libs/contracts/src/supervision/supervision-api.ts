/**
 * HTTP contract of the supervision service (电子监察, `/api/supervision/…`): one zod schema per request and response,
 * used by the controllers (parse + OpenAPI), by the service's return types and by the web client (types + a runtime
 * check of every response in development builds). Schema const and inferred type share one name.
 * Browser-safe: zod only (imported by the web through `@hall/contracts/api`).
 */
import { z } from 'zod';
import { WarningType } from './alert-events.js';

// ── shared pieces ────────────────────────────────────────────────────────────────────────────────────────────

const Instant = z.iso.datetime({ offset: true });
const IsoDay = z.iso.date('expected a calendar date YYYY-MM-DD (China time)');
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM (China time)');
const DepartmentCode = z.string().min(1).max(48);
const CaseNo = z.string().min(1).max(40);
const Page = z.coerce.number().int().min(1).default(1);
const PageSize = z.coerce.number().int().min(1).max(200).default(50);

const paged = <T extends z.ZodType>(item: T) =>
  z.object({
    total: z.number().int().min(0).describe('Matching records in all pages'),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    items: z.array(item),
  });

/** Traffic-light card of a case or a step (红黄绿牌). */
export const CardLevel = z
  .enum(['green', 'yellow', 'red'])
  .describe('green 绿牌 (on track), yellow 黄牌 (near the limit), red 红牌 (over the limit)');
export type CardLevel = z.infer<typeof CardLevel>;

/** A period the statutory clock stood still (补正, 特别程序 …), as the clocks count it. */
export const ClockPause = z.object({
  start: Instant.describe('Start of the pause'),
  end: Instant.nullable().describe('End of the pause; null while it lasts'),
});
export type ClockPause = z.infer<typeof ClockPause>;

// ── 督办 records: GET /alerts, GET /alerts/:id, POST /alerts/:id/ack, POST /alerts/:id/resolve ───────────────────

export const AlertStatus = z
  .enum(['open', 'acknowledged', 'resolved', 'cleared'])
  .describe('open 待签收, acknowledged 已签收, resolved 已办结, cleared 条件消除');
export type AlertStatus = z.infer<typeof AlertStatus>;
export const AlertLevel = z.enum(['yellow', 'red']).describe('yellow 黄牌督办, red 红牌督办');
export type AlertLevel = z.infer<typeof AlertLevel>;
/** What raised the record: a yellow or red card, or an anomaly rule (the same enum as the `supervision.alert.*` events). */
export { WarningType };

export const AlertListQuery = z
  .object({
    level: AlertLevel.optional(),
    dept: DepartmentCode.optional().describe('Responsible department code'),
    status: AlertStatus.optional().describe('Default: open and acknowledged'),
    warningType: WarningType.optional(),
    applicationNo: CaseNo.optional().describe('Only the records of this case (办件编号)'),
    about: z
      .enum(['case', 'matter'])
      .optional()
      .describe(
        'case 办件 (card rules C01–C06 and the anomaly rules), matter 政务公开与咨询投诉 (card rules C07–C12)',
      ),
    page: Page,
    pageSize: PageSize,
  })
  .strict();
export type AlertListQuery = z.infer<typeof AlertListQuery>;

export const AckBody = z
  .object({
    note: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .describe('督办意见 (required: a 督办 goes out with what the department must do)'),
  })
  .strict();
export type AckBody = z.infer<typeof AckBody>;
export const ResolveBody = z
  .object({ result: z.string().trim().min(1).max(4000).describe('督办结果') })
  .strict();
export type ResolveBody = z.infer<typeof ResolveBody>;

/** A 督办 record with the GB/T 39046 §6.8 field names. */
export const AlertRecord = z.object({
  id: z.uuid(),
  supervisionNo: z.string().describe('督办编号 (DByyyymmdd + sequence)'),
  caseNo: z.string().describe('办件编号'),
  content: z.string().describe('督办内容'),
  body: z.string().describe('实施主体'),
  itemType: z.string().describe('事项类型'),
  itemName: z.string().describe('事项名称'),
  raisedAt: Instant.describe('预警时间'),
  ruleNo: z.string().describe('The card or anomaly rule that raised it'),
  warningType: WarningType,
  level: AlertLevel,
  subject: z.string().describe("The clock or rule subject (`case`, `task:<id>`, an anomaly's subject)"),
  result: z.string().nullable().describe('督办意见 once acknowledged, 督办结果 once resolved'),
  responsibleDepartment: z.string().describe('责任部门 code'),
  regionCode: z.string().describe('Region code of the case'),
  status: AlertStatus,
  acknowledgedAt: Instant.nullable(),
  acknowledgedBy: z.string().nullable().describe('User id of the supervisor who acknowledged'),
  resolvedAt: Instant.nullable(),
  resolvedBy: z.string().nullable().describe('User id of the supervisor who resolved'),
  clearedAt: Instant.nullable().describe('When the condition went away by itself'),
});
export type AlertRecord = z.infer<typeof AlertRecord>;

export const AlertPage = paged(AlertRecord).describe('督办 records, newest first');
export type AlertPage = z.infer<typeof AlertPage>;

// ── GET /anomalies ───────────────────────────────────────────────────────────────────────────────────────────

/** The anomaly rules (异常规则) the projection checks, by number. */
export const ANOMALY_RULES = {
  A01: '一次性告知：同一办件发出多次补正通知',
  A02: '超过5个工作日才作出受理/补正/不予受理答复',
  A03: '一般并联：协办部门未全部办结即作出决定',
  A04: '不予受理或不予许可未说明理由',
  A05: '审批环节超过本环节时限',
  A06: '无准予许可决定即发放证照',
  A07: '受理与审批为同一工作人员',
  A08: '办结后超期未送达（出件）',
} as const;
export type AnomalyRuleNo = keyof typeof ANOMALY_RULES;
const RULE_NOS = Object.keys(ANOMALY_RULES) as [AnomalyRuleNo, ...AnomalyRuleNo[]];
export const AnomalyRuleNo = z.enum(RULE_NOS).describe('Anomaly rule number (A01…)');

export const AnomalyListQuery = z
  .object({
    rule: AnomalyRuleNo.optional(),
    dept: DepartmentCode.optional().describe('Department code of the case'),
    applicationNo: CaseNo.optional().describe('Only the anomalies of this case'),
    page: Page,
    pageSize: PageSize,
  })
  .strict();
export type AnomalyListQuery = z.infer<typeof AnomalyListQuery>;

/** One anomaly a rule found in a case. */
export const AnomalyRecord = z.object({
  id: z.string().describe('Stable id (case, rule and subject)'),
  applicationNo: z.string().describe('办件编号'),
  ruleNo: z.string().describe('Anomaly rule number (A01…)'),
  subject: z.string().describe('What in the case it is about (the case, a step, a notice)'),
  title: z.string().describe('The rule, in words'),
  detail: z.string().describe('What was found'),
  at: Instant.describe('When it happened'),
  regionCode: z.string(),
  departmentCode: z.string(),
});
export type AnomalyRecord = z.infer<typeof AnomalyRecord>;

export const AnomalyPage = paged(AnomalyRecord).extend({
  rules: z.record(z.string(), z.string()).describe('Every rule number with its text'),
});
export type AnomalyPage = z.infer<typeof AnomalyPage>;

// ── working calendar: GET /calendar, GET /calendar/:year, PUT /calendar/:year ───────────────────────────────────

/** A year of the working calendar, as a path parameter. */
export const CalendarYearParam = z.coerce
  .number()
  .int()
  .min(2000, 'expected a year between 2000 and 2100')
  .max(2100, 'expected a year between 2000 and 2100');

export const YearInput = z
  .object({
    holidays: z.array(z.string()).describe('Rest days (放假日), YYYY-MM-DD'),
    workdays: z.array(z.string()).describe('Make-up workdays (调休上班), weekend days, YYYY-MM-DD'),
    source: z.string().max(500).optional().describe('The notice, e.g. 国办发明电〔2026〕x号'),
  })
  .strict();
export type YearInput = z.infer<typeof YearInput>;

export const CalendarBasis = z
  .enum(['official', 'statutory-rules', 'weekends-only'])
  .describe(
    "official: the State Council's arrangement; statutory-rules: statutory holidays only, no 调休 (暂定); weekends-only (暂定)",
  );
export type CalendarBasis = z.infer<typeof CalendarBasis>;

/** One year as supervision counts it. */
export const CalendarYear = z.object({
  year: z.number().int(),
  basis: CalendarBasis,
  provisional: z
    .boolean()
    .describe('暂定: not the official arrangement; deadlines counted into it are provisional too'),
  holidays: z.array(IsoDay).describe('Rest days besides plain weekends'),
  workdays: z.array(IsoDay).describe('Make-up workdays (调休上班)'),
  source: z.string().nullable().describe('The notice or rule the days come from'),
  hasData: z.boolean().describe('The calendar holds data for the year (shipped or loaded)'),
  overridden: z.boolean().describe('An administrator loaded this year here (replaces the shipped data)'),
  updatedBy: z.string().nullable().describe('Who loaded the override'),
  updatedAt: Instant.nullable().describe('When the override was loaded'),
});
export type CalendarYear = z.infer<typeof CalendarYear>;

/** PUT /calendar/:year: the year as stored, and how many open cases were re-evaluated with it. */
export const CalendarYearReplaced = CalendarYear.extend({
  reevaluatedCases: z
    .number()
    .int()
    .min(0)
    .describe('Open cases (and open 依申请公开 requests and enquiries) whose clocks were re-projected'),
});
export type CalendarYearReplaced = z.infer<typeof CalendarYearReplaced>;

/** GET /calendar: the provisional years the dashboard warns about. */
export const CalendarStatus = z.object({
  currentYear: z.number().int(),
  officialYears: z.array(z.number().int()).describe('Years with the official arrangement'),
  provisionalYears: z
    .array(z.object({ year: z.number().int(), basis: CalendarBasis }))
    .describe('Provisional years among this year, next year and the years the open deadlines reach'),
  provisionalOpenClocks: z
    .number()
    .int()
    .min(0)
    .describe('Open clocks whose deadline falls into a provisional year'),
});
export type CalendarStatus = z.infer<typeof CalendarStatus>;

// ── GET /cases/:no/timeline ──────────────────────────────────────────────────────────────────────────────────

/** A case number (办件编号) as a path parameter. */
export const CaseNoParam = CaseNo.describe('办件编号');

/** Who did it (from the event's actor); the applicant's view has name and role only. */
export const TimelineActor = z.object({
  userId: z.string().optional(),
  name: z.string().optional(),
  role: z.string().optional(),
  department: z.string().optional(),
});
export type TimelineActor = z.infer<typeof TimelineActor>;

/** One event of a case's timeline. `source`, `traceId` and `payload` are in the supervisor's view only. */
export const CaseTimelineEntry = z.object({
  eventId: z.uuid(),
  type: z.string().describe('Event type'),
  label: z.string().describe('zh-CN label of the event type'),
  occurredAt: Instant,
  actor: TimelineActor.nullable(),
  source: z.string().optional().describe('Service that published the event'),
  traceId: z.string().nullable().optional().describe('The case trace (W3C trace id) the event travelled in'),
  payload: z.unknown().optional().describe('The event payload as recorded (personal fields sealed)'),
});
export type CaseTimelineEntry = z.infer<typeof CaseTimelineEntry>;

/** A pause of the case (补正, 特别程序) with its procedure. */
export const CasePause = z.object({
  procedureId: z.string(),
  kind: z.string().describe('补正 or a 特别程序 kind'),
  reason: z.string(),
  startedAt: Instant,
  endedAt: Instant.nullable(),
  result: z.string().nullable(),
});
export type CasePause = z.infer<typeof CasePause>;

/** An approved extension of the limit (延期). */
export const CaseExtension = z.object({
  procedureId: z.string(),
  days: z.number().int().describe('Working days added'),
  reason: z.string(),
  approvedBy: z.string().describe('User id'),
  at: Instant,
});
export type CaseExtension = z.infer<typeof CaseExtension>;

/** What the applicant sees of their own case. */
export const ApplicantCaseView = z.object({
  status: z.string().describe('Case status'),
  itemName: z.string(),
  receivedAt: Instant.nullable(),
  acceptedAt: Instant.nullable(),
  promisedLimitDays: z.number().int().describe('承诺时限 (working days)'),
  promisedDueAt: Instant.nullable(),
  provisional: z
    .boolean()
    .describe('暂定: a deadline counted into a year without the official holiday arrangement'),
  pauses: z.array(CasePause),
  extensions: z.array(CaseExtension),
  decisionOutcome: z.string().nullable(),
  decidedAt: Instant.nullable(),
  completedAt: Instant.nullable(),
  deliveredAt: Instant.nullable(),
});
export type ApplicantCaseView = z.infer<typeof ApplicantCaseView>;

/** A service point as a handover names it. */
const HandoverPoint = z.object({
  id: z.string(),
  name: z.string().describe("The point's name (便民服务站 / 代办点 / 综合窗口)"),
  regionCode: z.string().describe("The point's region (6 or 12 digits)"),
});

/**
 * 代办 handover (转交) of a case a township or village point took in: from which point to which window, when, and the
 * working time it took — from receipt at the point to the handover, and from the handover to acceptance (受理).
 * Working hours are the hours elapsed on working days (工作日) of the calendar; working days as the clocks count them.
 */
export const HandoverRecord = z.object({
  from: HandoverPoint.describe('The 代办 point that took the application in (收件)'),
  to: HandoverPoint.describe('The competent window it was handed to'),
  receivedAt: Instant.nullable().describe('Receipt at the point'),
  handedOverAt: Instant,
  waitWorkingDays: z.number().int().min(0).nullable().describe('Working days from receipt to handover'),
  waitWorkingHours: z.number().min(0).nullable().describe('Working hours from receipt to handover'),
  acceptedAt: Instant.nullable().describe('Acceptance at the window, once accepted'),
  acceptWorkingDays: z.number().int().min(0).nullable().describe('Working days from handover to acceptance'),
  acceptWorkingHours: z.number().min(0).nullable().describe('Working hours from handover to acceptance'),
});
export type HandoverRecord = z.infer<typeof HandoverRecord>;

/** The supervision projection of a case (staff view). */
export const SupervisedCaseView = z.object({
  applicationNo: z.string(),
  status: z.string(),
  regionCode: z.string(),
  departmentCode: z.string(),
  implementationCode: z.string(),
  implementationVersion: z.number().int(),
  itemName: z.string(),
  applicantUserId: z.string().nullable(),
  applicantName: z.string().nullable(),
  receivedAt: Instant.nullable(),
  acceptedAt: Instant.nullable(),
  acceptedBy: z.string().nullable(),
  acceptanceMode: z.string().nullable(),
  refusedAt: Instant.nullable(),
  supplementCount: z.number().int(),
  caseId: z.string().nullable().describe('Approval case id'),
  jointKind: z.string().nullable().describe('并联 kind'),
  promisedLimitDays: z.number().int().describe('承诺时限 (working days)'),
  legalLimitDays: z.number().int().describe('法定时限 (working days)'),
  extensionDays: z.number().int(),
  promisedDueAt: Instant.nullable(),
  legalDueAt: Instant.nullable(),
  pauses: z.array(CasePause),
  extensions: z.array(CaseExtension),
  pausedSince: Instant.nullable(),
  decisionOutcome: z.string().nullable(),
  decisionReasons: z.string().nullable(),
  decidedAt: Instant.nullable(),
  decidedBy: z.string().nullable(),
  completedAt: Instant.nullable(),
  completionOutcome: z.string().nullable(),
  deliveredAt: Instant.nullable(),
  deliveryMethod: z.string().nullable(),
  closedAt: Instant.nullable(),
  licenceIdentifiers: z.array(z.string()).describe('Licences issued for the case'),
  workingDaysUsed: z.number().int().nullable(),
  onTime: z.boolean().nullable(),
  cardLevel: CardLevel,
  lastEventAt: Instant,
  provisional: z
    .boolean()
    .describe('暂定: a deadline counted into a year without the official holiday arrangement'),
  handover: HandoverRecord.nullable().describe('代办 handover from a township/village point; null when none'),
});
export type SupervisedCaseView = z.infer<typeof SupervisedCaseView>;

/** One approval step of the case. */
export const CaseTaskView = z.object({
  applicationNo: z.string(),
  taskId: z.string(),
  departmentCode: z.string(),
  departmentName: z.string(),
  role: z.string().describe('lead / assist …'),
  limitDays: z.number().int().describe('Step limit (working days)'),
  startedAt: Instant,
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  completedAt: Instant.nullable(),
  verdict: z.string().nullable(),
  opinion: z.string().nullable(),
  officials: z
    .array(z.object({ userId: z.string(), name: z.string() }))
    .describe('Officials who signed the step'),
  dueAt: Instant,
  workingDaysUsed: z.number().int().nullable(),
  provisional: z.boolean(),
});
export type CaseTaskView = z.infer<typeof CaseTaskView>;

/** A clock of the case (`case`) or of a step (`task:<id>`), open ones read at request time. */
export const CaseClockView = z.object({
  applicationNo: z.string(),
  subject: z.string().describe('`case` or `task:<id>`'),
  kind: z.string().describe('case or task'),
  regionCode: z.string(),
  departmentCode: z.string(),
  startedAt: Instant,
  limitDays: z.number().int(),
  dueAt: Instant,
  stoppedAt: Instant.nullable(),
  open: z.boolean(),
  pausedSince: Instant.nullable(),
  pauses: z.array(ClockPause),
  usedDays: z.number().int().describe('Working days used'),
  level: CardLevel,
  provisional: z.boolean(),
});
export type CaseClockView = z.infer<typeof CaseClockView>;

export const ApplicantCaseTimeline = z.object({
  applicationNo: z.string(),
  view: z.literal('applicant'),
  case: ApplicantCaseView,
  entries: z.array(CaseTimelineEntry),
});
export type ApplicantCaseTimeline = z.infer<typeof ApplicantCaseTimeline>;

export const SupervisorCaseTimeline = z.object({
  applicationNo: z.string(),
  view: z.literal('supervisor'),
  readAt: Instant.describe('When the open clocks were read'),
  case: SupervisedCaseView,
  tasks: z.array(CaseTaskView),
  clocks: z.array(CaseClockView),
  anomalies: z.array(AnomalyRecord),
  entries: z.array(CaseTimelineEntry),
});
export type SupervisorCaseTimeline = z.infer<typeof SupervisorCaseTimeline>;

/** A case's timeline: the supervisor's full view, or the reduced view of the case's own applicant. */
export const CaseTimeline = z.discriminatedUnion('view', [SupervisorCaseTimeline, ApplicantCaseTimeline]);
export type CaseTimeline = z.infer<typeof CaseTimeline>;

// ── GET /timelines/:key ──────────────────────────────────────────────────────────────────────────────────────

/** The key of a recorded event stream: a case number or an implementation key. */
export const TimelineKeyParam = z
  .string()
  .min(1)
  .max(200)
  .describe('Case number (办件编号) or implementation key');

/** One recorded event. */
export const RecordedEvent = z.object({
  eventId: z.uuid(),
  key: z.string().describe('Case number or implementation key'),
  type: z.string(),
  source: z.string().describe('Service that published it'),
  occurredAt: Instant,
  traceId: z.string().nullable(),
  payload: z.unknown().describe('The event payload as recorded (personal fields sealed)'),
  recordedAt: Instant,
  caseNo: z.string().nullable().describe('办件编号; null for catalog events'),
});
export type RecordedEvent = z.infer<typeof RecordedEvent>;

export const KeyTimeline = z.object({
  key: z.string(),
  entries: z.array(RecordedEvent).describe('Oldest first'),
});
export type KeyTimeline = z.infer<typeof KeyTimeline>;

// ── 好差评: POST /ratings, GET /ratings/mine, GET /ratings, POST /ratings/:id/appeal ────────────────────────────

export const RatingGrade = z
  .enum(['good', 'medium', 'bad'])
  .describe('good 好评 (1-2), medium 中评 (3), bad 差评 (4-5)');
export type RatingGrade = z.infer<typeof RatingGrade>;
export const RatingChannel = z
  .enum(['web', 'window'])
  .describe('web: the applicant online; window: the window rating device (评价器)');
export type RatingChannel = z.infer<typeof RatingChannel>;
export const RatingLevel = z
  .number()
  .int()
  .min(1)
  .max(5)
  .describe('1 非常满意, 2 满意, 3 基本满意, 4 不满意, 5 非常不满意');

export const RatingInput = z
  .object({
    applicationNo: CaseNo.describe('办件编号'),
    level: RatingLevel,
    comment: z.string().trim().max(2000).optional(),
    applicantPresent: z
      .boolean()
      .optional()
      .describe("Window rating (clerk's screen): the applicant is present and rates themselves"),
    windowRatingCode: z
      .string()
      .min(16)
      .max(64)
      .optional()
      .describe(
        "Window rating (评价器): the one-time code intake returned for this case's window pickup (proof that the applicant was there)",
      ),
  })
  .strict();
export type RatingInput = z.infer<typeof RatingInput>;

export const MyRatingQuery = z.object({ applicationNo: CaseNo.describe('办件编号') }).strict();
export type MyRatingQuery = z.infer<typeof MyRatingQuery>;

export const RatingListQuery = z
  .object({
    bad: z.enum(['0', '1']).optional().describe('1 = bad ratings (4-5) only'),
    grade: RatingGrade.optional(),
    dept: DepartmentCode.optional().describe('Department code'),
    page: Page,
    pageSize: PageSize,
  })
  .strict();
export type RatingListQuery = z.infer<typeof RatingListQuery>;

export const RectificationStatus = z
  .enum(['open', 'called-back', 'rectified', 'appealed', 'closed'])
  .describe('open 待整改, called-back 已回访, rectified 已整改, appealed 申诉中, closed 已办结');
export type RectificationStatus = z.infer<typeof RectificationStatus>;
export const CallbackMethod = z.enum(['phone', 'sms', 'visit', 'other']).describe('回访方式');
export type CallbackMethod = z.infer<typeof CallbackMethod>;
export const ReviewOutcome = z
  .enum(['upheld', 'dismissed'])
  .describe('upheld: the appeal succeeded, the rectification reopened; dismissed: closed');
export type ReviewOutcome = z.infer<typeof ReviewOutcome>;

export const RectificationListQuery = z
  .object({
    status: RectificationStatus.optional(),
    dept: DepartmentCode.optional().describe('Department code'),
  })
  .strict();
export type RectificationListQuery = z.infer<typeof RectificationListQuery>;

export const CallbackInput = z
  .object({
    method: CallbackMethod,
    reached: z.boolean().describe('Whether the applicant was reached'),
    summary: z.string().trim().min(1).max(2000).describe('回访记录'),
  })
  .strict();
export type CallbackInput = z.infer<typeof CallbackInput>;
export const ResultInput = z
  .object({ result: z.string().trim().min(1).max(4000).describe('整改结果') })
  .strict();
export type ResultInput = z.infer<typeof ResultInput>;
export const AppealInput = z
  .object({ reason: z.string().trim().min(1).max(2000).describe('申诉理由') })
  .strict();
export type AppealInput = z.infer<typeof AppealInput>;
export const ReviewInput = z
  .object({
    upheld: z
      .boolean()
      .describe('true: the appeal is upheld and the rectification reopens with a new deadline'),
    conclusion: z.string().trim().min(1).max(2000).describe('复核结论'),
  })
  .strict();
export type ReviewInput = z.infer<typeof ReviewInput>;

/** One 回访 of a rectification. */
export const CallbackRecord = CallbackInput.extend({
  at: Instant,
  by: z.string().describe('User id of the supervisor'),
  byName: z.string().optional().describe('Name of the supervisor (absent from early records)'),
});
export type CallbackRecord = z.infer<typeof CallbackRecord>;

/** A rectification (整改) of a bad rating, as the supervisor sees it. */
export const Rectification = z.object({
  id: z.uuid(),
  ratingId: z.uuid(),
  applicationNo: z.string(),
  departmentCode: z.string(),
  regionCode: z.string(),
  status: RectificationStatus,
  round: z.number().int().min(1).describe('1, plus one per upheld appeal'),
  openedAt: Instant,
  dueAt: Instant.describe('整改期限'),
  callbacks: z.array(CallbackRecord),
  result: z.string().nullable().describe('整改结果'),
  resultAt: Instant.nullable(),
  resultBy: z.string().nullable(),
  appealReason: z.string().nullable().describe('申诉理由'),
  appealedAt: Instant.nullable(),
  reviewOutcome: ReviewOutcome.nullable(),
  reviewConclusion: z.string().nullable().describe('复核结论'),
  reviewedAt: Instant.nullable(),
  reviewedBy: z.string().nullable(),
});
export type Rectification = z.infer<typeof Rectification>;

/** A rating as staff see it. */
export const RatingRecord = z.object({
  id: z.uuid(),
  applicationNo: z.string(),
  level: RatingLevel,
  grade: RatingGrade,
  comment: z.string().nullable(),
  channel: RatingChannel,
  raterUserId: z.string().nullable().describe('The applicant for an online rating; null for a window rating'),
  raterName: z.string().nullable(),
  recordedBy: z.string().describe('User id of who submitted it (applicant or window clerk)'),
  applicantPresent: z.boolean(),
  ratedAt: Instant,
  regionCode: z.string(),
  departmentCode: z.string(),
  itemName: z.string(),
  label: z.string().describe('zh-CN label of the level'),
  channelLabel: z.string().describe('zh-CN label of the channel'),
});
export type RatingRecord = z.infer<typeof RatingRecord>;

/** POST /ratings: the rating given, with the rectification a bad rating opened. */
export const RatingGiven = RatingRecord.extend({ rectification: Rectification.nullable() });
export type RatingGiven = z.infer<typeof RatingGiven>;

export const RatingPage = paged(RatingRecord).describe('Ratings, newest first');
export type RatingPage = z.infer<typeof RatingPage>;

/** What the applicant who rated sees of the rectification of their bad rating (no officer identities). */
export const MyRectification = z.object({
  id: z.uuid(),
  status: RectificationStatus,
  round: z.number().int().min(1),
  openedAt: Instant,
  dueAt: Instant,
  callbacks: z.number().int().min(0).describe('How many callbacks were made'),
  result: z.string().nullable(),
  resultAt: Instant.nullable(),
  appealReason: z.string().nullable(),
  appealedAt: Instant.nullable(),
  reviewOutcome: ReviewOutcome.nullable(),
  reviewConclusion: z.string().nullable(),
  reviewedAt: Instant.nullable(),
});
export type MyRectification = z.infer<typeof MyRectification>;

/** GET /ratings/mine: whether the case can be rated (办结) and the applicant's rating if given. */
export const MyRating = z.object({
  applicationNo: z.string(),
  completed: z.boolean().describe('Supervision knows the case is 办结; ratings are accepted from then on'),
  rating: z
    .object({
      id: z.uuid(),
      level: RatingLevel,
      label: z.string(),
      grade: RatingGrade,
      comment: z.string().nullable(),
      ratedAt: Instant,
      rectification: MyRectification.nullable().describe('The rectification a bad rating opened'),
    })
    .nullable()
    .describe("The applicant's own online rating; null when not yet rated"),
  windowRating: z
    .object({ level: RatingLevel, label: z.string(), channelLabel: z.string(), ratedAt: Instant })
    .nullable()
    .describe('The window rating (评价器) given at pickup, shown labelled, never in place of theirs'),
});
export type MyRating = z.infer<typeof MyRating>;

// ── 差评整改: GET /rectifications, POST /rectifications/:id/{callback,result,review} ─────────────────────────────

/** A rectification in the worklist, with its rating and whether it is overdue. */
export const RectificationListItem = Rectification.extend({
  overdue: z.boolean().describe('Open or called back past its deadline'),
  rating: z
    .object({
      level: RatingLevel,
      label: z.string(),
      comment: z.string().nullable(),
      channel: RatingChannel,
      raterName: z.string().nullable(),
      ratedAt: Instant,
      itemName: z.string(),
    })
    .nullable(),
});
export type RectificationListItem = z.infer<typeof RectificationListItem>;

export const RectificationList = z.object({
  items: z.array(RectificationListItem).describe('Earliest deadline first'),
});
export type RectificationList = z.infer<typeof RectificationList>;

// ── GET /risk ────────────────────────────────────────────────────────────────────────────────────────────────

export const RiskQuery = z
  .object({
    dept: DepartmentCode.optional().describe('Responsible department of the case'),
    minProbability: z.coerce
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Only cases at or above this probability'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type RiskQuery = z.infer<typeof RiskQuery>;

export const RiskBasis = z
  .enum(['item', 'department', 'global', 'prior'])
  .describe("Which history the step's distribution came from");
export type RiskBasis = z.infer<typeof RiskBasis>;

/** One open step of a case with its probability of missing the case's limit. */
export const StepRisk = z.object({
  taskId: z
    .string()
    .nullable()
    .describe('null: the case itself (not yet dispatched, or awaiting the decision)'),
  departmentCode: z.string(),
  departmentName: z.string(),
  elapsedDays: z.number().int().describe('Working days used by the step'),
  limitDays: z.number().int(),
  probability: z.number().min(0).max(1),
  basis: RiskBasis,
  samples: z.number().int().min(0),
  expectedRemainingDays: z.number(),
  queue: z
    .object({ ahead: z.number().int().min(0), ratePerDay: z.number(), waitDays: z.number() })
    .describe("The department's queue"),
});
export type StepRisk = z.infer<typeof StepRisk>;

export const CaseRisk = z.object({
  applicationNo: z.string(),
  itemName: z.string(),
  regionCode: z.string(),
  departmentCode: z.string(),
  status: z.string(),
  promisedDueAt: Instant,
  remainingWorkingDays: z.number().int().describe('Negative: already over the promised limit'),
  probability: z.number().min(0).max(1).describe('Probability of missing the promised limit'),
  slowestStep: StepRisk,
  steps: z.array(StepRisk),
  reasons: z.array(z.string()).describe('zh-CN reasons'),
});
export type CaseRisk = z.infer<typeof CaseRisk>;

export const RiskResult = z.object({
  readAt: Instant,
  model: z
    .object({ minSamples: z.number().int(), priorRatePerDay: z.number() })
    .describe('The risk model settings'),
  total: z.number().int().min(0).describe('Cases at risk before the limit'),
  items: z.array(CaseRisk).describe('Most likely to miss first'),
});
export type RiskResult = z.infer<typeof RiskResult>;

// ── GET /stats, /stats/monthly, /stats/export.{xlsx,csv} ──────────────────────────────────────────────────────

export const StatsGroupBy = z.enum(['department', 'region', 'item', 'month', 'servicePoint']);
export type StatsGroupBy = z.infer<typeof StatsGroupBy>;

/** The depth `groupBy=region` rolls up to (村 → 乡镇 → 区县 → 地市). */
export const StatsRegionLevel = z.enum(['city', 'county', 'township', 'village']);
export type StatsRegionLevel = z.infer<typeof StatsRegionLevel>;

export const StatsQuery = z
  .object({
    groupBy: StatsGroupBy.default('department'),
    level: StatsRegionLevel.optional().describe(
      'groupBy=region: roll the place of each case (the village or township point that took it in, else the ' +
        "implementation's region) up to this depth; a place above the depth stays as it is. Default: the place itself",
    ),
    from: IsoDay.optional().describe('First day (received on or after), China time'),
    to: IsoDay.optional().describe('Last day (received on or before), China time'),
  })
  .strict();
export type StatsQuery = z.infer<typeof StatsQuery>;

const Count = z.number().int().min(0);

export const StatsRow = z.object({
  key: z
    .string()
    .describe(
      'Group key (department, region, item code, month, or the 代办 point that handed the case over)',
    ),
  label: z.string(),
  received: Count,
  accepted: Count,
  completed: Count,
  finished: Count.describe('Cases whose promised clock stopped (on time or not)'),
  onTime: Count,
  onTimeRate: z.number().nullable().describe('onTime / finished; null when none finished'),
  avgWorkingDays: z.number().nullable(),
  p90WorkingDays: z.number().nullable(),
  overdue: Count,
  cards: z.object({ green: Count, yellow: Count, red: Count }),
  ratings: z.object({
    '1': Count,
    '2': Count,
    '3': Count,
    '4': Count,
    '5': Count,
    good: Count,
    medium: Count,
    bad: Count,
  }),
  handedOver: Count.describe('Cases a township/village 代办 point handed over to the window (转交)'),
  avgHandoverHours: z
    .number()
    .nullable()
    .describe('Average working hours from receipt at the point to the handover; null when none'),
  maxHandoverHours: z
    .number()
    .nullable()
    .describe('Longest working hours from receipt at the point to the handover; null when none'),
});
export type StatsRow = z.infer<typeof StatsRow>;

export const StatsResult = z.object({
  groupBy: StatsGroupBy,
  from: IsoDay.nullable(),
  to: IsoDay.nullable(),
  rows: z.array(StatsRow),
  total: StatsRow.describe('合计'),
});
export type StatsResult = z.infer<typeof StatsResult>;

export const MonthlyQuery = z
  .object({
    from: Month.optional().describe('First month, inclusive'),
    to: Month.optional().describe('Last month, inclusive'),
    dept: DepartmentCode.optional().describe('Department code'),
  })
  .strict();
export type MonthlyQuery = z.infer<typeof MonthlyQuery>;

export const MonthlyRow = z.object({
  month: Month,
  departmentCode: z.string(),
  regionCode: z.string(),
  received: Count,
  accepted: Count,
  completed: Count,
  onTime: Count,
  overdue: Count,
  onTimeRate: z.number().nullable().describe('onTime / (onTime + overdue); null when none finished'),
});
export type MonthlyRow = z.infer<typeof MonthlyRow>;

export const MonthlyReport = z.object({
  from: Month.nullable(),
  to: Month.nullable(),
  rows: z.array(MonthlyRow),
});
export type MonthlyReport = z.infer<typeof MonthlyReport>;
