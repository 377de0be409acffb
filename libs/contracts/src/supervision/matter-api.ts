/**
 * HTTP contract of supervision's clocked matters (监察事项, `/api/supervision/matters/…`): the 依申请公开 requests of
 * the disclosure service and the enquiries (咨询/投诉/建议/求助) of intake, each with its working-day answer clock.
 * Browser-safe: zod only (imported by the web through `@hall/contracts/api`).
 */
import { z } from 'zod';
import { CardLevel, TimelineActor } from './supervision-api.js';

const Instant = z.iso.datetime({ offset: true });
const DepartmentCode = z.string().min(1).max(48);

/** What kind of clocked work a matter is. */
export const MatterKind = z
  .enum(['disclosure-request', 'enquiry', 'disclosure-item'])
  .describe(
    'disclosure-request 依申请公开; enquiry 咨询/投诉/建议/求助; disclosure-item 主动公开 (publication within 20 working days of 成文日期)',
  );
export type MatterKind = z.infer<typeof MatterKind>;

/** The kind within the kind: `request` for a disclosure request, the enquiry type otherwise. */
export const MatterSubKind = z
  .enum(['request', 'consultation', 'complaint', 'suggestion', 'help', 'item'])
  .describe(
    'request 政府信息公开申请; consultation 咨询, complaint 投诉, suggestion 建议, help 求助; item 主动公开政府信息',
  );
export type MatterSubKind = z.infer<typeof MatterSubKind>;

/** Where a matter stands. */
export const MatterStatus = z
  .enum([
    'waiting',
    'open',
    'correction',
    'consultation',
    'payment',
    'answered',
    'review',
    'closed',
    'withdrawn',
    'in-review',
    'published',
  ])
  .describe(
    'waiting 待分派 (enquiry not routed yet); open 办理中 (an item: 起草中); correction 待补正 (clock stopped, art. 30); consultation 征求第三方意见 (clock paused, art. 33 ¶3); payment 待缴纳信息处理费 (收费通知 sent, clock paused); answered 已答复; review 复核中 (an unsatisfied complaint at the service centre); closed 已评价办结; withdrawn 撤回/视为放弃 (an item: published, then withdrawn); in-review 保密审查中 (an item); published 已发布 (an item)',
  );
export type MatterStatus = z.infer<typeof MatterStatus>;

/** A period the answer clock stood still, with the working days it touched. */
export const MatterPause = z.object({
  kind: z
    .enum(['correction', 'consultation', 'fee'])
    .describe(
      'correction 补正 (the clock restarts on the corrected request); consultation 征求第三方意见 (not counted); fee 收费通知 until paid (not counted)',
    ),
  startedAt: Instant,
  endedAt: Instant.nullable().describe('null while it lasts'),
  workingDays: z
    .number()
    .int()
    .min(0)
    .describe('Working days the pause touched so far (supervision calendar; an open pause counts until now)'),
});
export type MatterPause = z.infer<typeof MatterPause>;

/** One supervised request or enquiry with its answer clock. */
export const SupervisedMatter = z.object({
  matterNo: z.string().describe('申请编号 (request), 咨询投诉编号 (enquiry) or 索引号 (主动公开 item)'),
  kind: MatterKind,
  subKind: MatterSubKind,
  regionCode: z.string(),
  departmentCode: z
    .string()
    .nullable()
    .describe('Answering department; null while an enquiry waits to be routed'),
  status: MatterStatus,
  receivedAt: Instant.describe('First receipt (收到申请之日 / enquiry sent)'),
  startedAt: Instant.describe(
    'Where the current answer clock counts from (after a 补正: the corrected receipt)',
  ),
  limitDays: z.number().int().min(1).describe('Answer limit in working days, extension included'),
  extensionDays: z.number().int().min(0).describe('Approved extension (延期答复), working days'),
  dueAt: Instant.describe("Answer deadline by supervision's working-day calendar, pauses excluded"),
  stoppedAt: Instant.nullable().describe('Answered or withdrawn at; null while the clock runs'),
  open: z.boolean().describe('The clock still runs (or stands in a pause)'),
  pausedSince: Instant.nullable().describe('Start of the pause in force, if any'),
  pauses: z.array(MatterPause),
  pausedDays: z.number().int().min(0).describe('Working days touched by all pauses'),
  usedDays: z.number().int().min(0).describe('Working days used of the limit'),
  level: CardLevel,
  overdue: z.boolean().describe('More working days used than the limit (red card)'),
  onTime: z.boolean().nullable().describe('Answered within the limit; null before the answer'),
  outcome: z.string().nullable().describe('Answer type (art. 36) of a request, or the rating of an enquiry'),
  lastEventAt: Instant,
  provisional: z
    .boolean()
    .describe('The deadline counts into a year without the official holiday arrangement'),
});
export type SupervisedMatter = z.infer<typeof SupervisedMatter>;

const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** GET /matters: filters. */
export const MatterListQuery = z
  .object({
    kind: MatterKind.optional(),
    subKind: MatterSubKind.optional(),
    dept: DepartmentCode.optional().describe('Answering department code'),
    level: CardLevel.optional(),
    open: Bool.optional().describe('true: clock running or paused; false: answered, closed or withdrawn'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type MatterListQuery = z.input<typeof MatterListQuery>;

export const MatterPage = z
  .object({
    total: z.number().int().min(0).describe('Matching records in all pages'),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
    readAt: Instant.describe('Open clocks are read at this instant'),
    items: z.array(SupervisedMatter),
  })
  .describe('Supervised requests and enquiries of the caller region, most urgent first');
export type MatterPage = z.infer<typeof MatterPage>;

/** GET /matters/summary: one row per department × kind × sub-kind. */
export const MatterSummaryRow = z.object({
  departmentCode: z.string().nullable().describe('null: enquiries waiting to be routed'),
  kind: MatterKind,
  subKind: MatterSubKind,
  total: z.number().int().min(0),
  open: z.number().int().min(0).describe('Clock running or paused'),
  paused: z.number().int().min(0).describe('Open and in a pause (补正, third-party consultation)'),
  yellow: z.number().int().min(0).describe('Open with a yellow card'),
  red: z.number().int().min(0).describe('Over the limit (open or answered late)'),
  answered: z.number().int().min(0).describe('Answered (or closed after the answer)'),
  answeredOnTime: z.number().int().min(0),
});
export type MatterSummaryRow = z.infer<typeof MatterSummaryRow>;

export const MatterSummary = z.object({
  readAt: Instant,
  rows: z.array(MatterSummaryRow),
});
export type MatterSummary = z.infer<typeof MatterSummary>;

/** GET /matters/timeline: the matter by its number (a query value: 申请编号 carry a `/`). */
export const MatterTimelineQuery = z
  .object({
    no: z
      .string()
      .regex(/^[A-Za-z0-9/-]{4,60}$/, 'expected a request or enquiry number')
      .describe(
        '申请编号 (e.g. 330100-SCJG/2026-YSQ-00001), 咨询投诉编号 (e.g. ZX20261206000001) or 索引号 (e.g. 330100-SCJG/2026-JC-00001)',
      ),
  })
  .strict();
export type MatterTimelineQuery = z.input<typeof MatterTimelineQuery>;

/** One step of a matter's timeline. */
export const MatterTimelineEntry = z.object({
  eventId: z.uuid(),
  type: z.string().describe('Event type'),
  label: z.string().describe('zh-CN label of the event type'),
  occurredAt: Instant,
  actor: TimelineActor.nullable(),
  pausedDays: z
    .number()
    .int()
    .min(0)
    .nullable()
    .describe('On the end of a pause (corrected, consultation ended): the working days the pause touched'),
  source: z.string().describe('Service that published the event'),
  traceId: z.string().nullable(),
  payload: z.unknown().describe('The event payload as recorded'),
});
export type MatterTimelineEntry = z.infer<typeof MatterTimelineEntry>;

/** GET /matters/:no/timeline. */
export const MatterTimeline = z.object({
  readAt: Instant,
  matter: SupervisedMatter,
  entries: z.array(MatterTimelineEntry),
});
export type MatterTimeline = z.infer<typeof MatterTimeline>;
