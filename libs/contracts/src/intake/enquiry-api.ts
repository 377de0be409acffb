/**
 * HTTP contract of 在线咨询与投诉 (online enquiries: 咨询 questions, 投诉 complaints, 建议 suggestions, 求助 requests for
 * help), a bounded context of the intake service (`/api/intake/enquiries…`). Browser-safe: zod only.
 */
import { z } from 'zod';
import {
  ENQUIRY_RATINGS,
  ENQUIRY_STATUSES,
  ENQUIRY_SUGGESTION_SOURCES,
  ENQUIRY_TYPES,
} from '../constants.js';
import { DepartmentCode, RegionCode } from '../shared/catalog-codes.js';

const Instant = z.iso.datetime({ offset: true });

export const EnquiryType = z
  .enum(ENQUIRY_TYPES)
  .describe('consultation 咨询, complaint 投诉, suggestion 建议, help 求助');
export type EnquiryType = z.infer<typeof EnquiryType>;

export const EnquiryStatus = z
  .enum(ENQUIRY_STATUSES)
  .describe(
    'submitted 待分派, routed 办理中, answered 已答复, closed 已办结 (rated, or closed by the asker)',
  );
export type EnquiryStatus = z.infer<typeof EnquiryStatus>;

export const EnquiryRating = z.enum(ENQUIRY_RATINGS).describe('满意 / 基本满意 / 不满意');
export type EnquiryRating = z.infer<typeof EnquiryRating>;

/** 咨询编号: type letter pair + date + serial, e.g. ZX20261206000001 (ZX 咨询, TS 投诉, JY 建议, QZ 求助). */
export const EnquiryNo = z
  .string()
  .regex(/^(ZX|TS|JY|QZ)\d{8}\d{6}$/, 'enquiry number: type(2) date(8) serial(6)');

const Text = (max: number) => z.string().trim().min(1).max(max);

/** Files uploaded first (`POST /api/intake/files`, the materials' checks), attached by id: at most 5. */
const AttachmentIds = z
  .array(z.uuid())
  .max(5)
  .optional()
  .describe('ids of my uploads (POST /api/intake/files) to attach; signed in only');

export const EnquiryAttachment = z.object({
  id: z.uuid(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().min(0),
  from: z.enum(['asker', 'department']).describe('with the question, or with the answer'),
  url: z.string().describe('download link (the asker, the handling department and the dispatcher only)'),
});
export type EnquiryAttachment = z.infer<typeof EnquiryAttachment>;

export const SubmitEnquiryBody = z
  .object({
    type: EnquiryType,
    subject: Text(100).describe('标题'),
    text: Text(4000).describe('内容'),
    regionCode: RegionCode.describe('where the matter is (the service centre that dispatches it)'),
    implementationCode: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('the item asked about (from its guide)'),
    applicationNo: z
      .string()
      .min(1)
      .max(40)
      .optional()
      .describe('the application asked about (from 我的办件)'),
    contactName: Text(50).optional(),
    contactPhone: z
      .string()
      .regex(/^1\d{10}$/, 'mobile number of 11 digits')
      .optional()
      .describe('for a call back (stored encrypted)'),
    public: z
      .boolean()
      .default(false)
      .describe('the asker agrees to publish the question and answer (personal data removed)'),
    attachmentIds: AttachmentIds,
  })
  .strict();
export type SubmitEnquiryBody = z.infer<typeof SubmitEnquiryBody>;

export const EnquiryReceipt = z.object({
  no: EnquiryNo,
  dueBy: Instant.describe('answer due (working days by type)'),
  queryCode: z
    .string()
    .optional()
    .describe('查询码 for an anonymous asker: the only way back to the answer (shown once)'),
});
export type EnquiryReceipt = z.infer<typeof EnquiryReceipt>;

export const EnquiryStepView = z.object({
  kind: z.enum([
    'submitted',
    'routed',
    'transferred',
    'answered',
    'follow-up',
    'rated',
    'closed',
    'upheld',
    'returned',
    'extension-requested',
    'extended',
    'extension-rejected',
  ]),
  at: Instant,
  actorName: z.string().nullable(),
  departmentCode: z.string().nullable(),
  note: z.string().nullable(),
});
export type EnquiryStepView = z.infer<typeof EnquiryStepView>;

export const EnquiryView = z.object({
  no: EnquiryNo,
  type: EnquiryType,
  status: EnquiryStatus,
  subject: z.string(),
  text: z.string(),
  regionCode: z.string(),
  departmentCode: z.string().nullable(),
  implementationCode: z.string().nullable(),
  applicationNo: z.string().nullable(),
  public: z.boolean(),
  anonymous: z.boolean(),
  createdAt: Instant,
  dueBy: Instant,
  overdue: z.boolean(),
  transfers: z.number().int().min(0),
  answer: z.string().nullable(),
  answeredAt: Instant.nullable(),
  followUp: z.string().nullable(),
  followUpAnswer: z.string().nullable(),
  rating: EnquiryRating.nullable(),
  reviewDecision: z
    .enum(['upheld', 'reanswer'])
    .nullable()
    .describe(
      '复核 of an unsatisfied complaint: upheld 维持原答复, reanswer 退回重新答复; null before a review',
    ),
  reviewNote: z
    .string()
    .nullable()
    .describe("the reviewer's note to the citizen (upheld) or reason (reanswer)"),
  reAnswer: z.string().nullable().describe("the department's new answer after the review sent it back"),
  extension: z
    .object({
      status: z.enum(['pending', 'approved', 'rejected']),
      days: z.number().int().min(1),
      reason: z.string(),
      note: z.string().nullable().describe("the dispatcher's note on the decision"),
    })
    .nullable()
    .describe("延期: the department's one request for more working days and its decision"),
  attachments: z.array(EnquiryAttachment),
  steps: z.array(EnquiryStepView),
});
export type EnquiryView = z.infer<typeof EnquiryView>;

export const EnquiryListQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type EnquiryListQuery = z.infer<typeof EnquiryListQuery>;

export const EnquiryWorkQuery = EnquiryListQuery.extend({
  queue: z
    .enum(['dispatch', 'department', 'review', 'extension'])
    .describe(
      "dispatch: waiting to be routed in my region (窗口/服务中心); department: routed to my department; review: unsatisfied complaints of my region waiting for the service centre's 复核; extension: extension requests of my region to decide",
    ),
}).strict();
export type EnquiryWorkQuery = z.infer<typeof EnquiryWorkQuery>;

export const EnquirySummary = EnquiryView.pick({
  no: true,
  type: true,
  status: true,
  subject: true,
  regionCode: true,
  departmentCode: true,
  createdAt: true,
  dueBy: true,
  overdue: true,
  rating: true,
});
export type EnquirySummary = z.infer<typeof EnquirySummary>;

export const EnquiryPage = z.object({
  total: z.number().int().min(0),
  pageSize: z.number().int().min(1),
  items: z.array(EnquirySummary),
});
export type EnquiryPage = z.infer<typeof EnquiryPage>;

export const EnquiryLookupQuery = z
  .object({ code: z.string().min(1).max(20).optional().describe('查询码 of an anonymous enquiry') })
  .strict();
export type EnquiryLookupQuery = z.infer<typeof EnquiryLookupQuery>;

export const RouteEnquiryBody = z
  .object({ departmentCode: DepartmentCode, note: Text(500).optional() })
  .strict();
export type RouteEnquiryBody = z.infer<typeof RouteEnquiryBody>;

export const TransferEnquiryBody = z
  .object({ reason: Text(500).describe('why the department is not the right one') })
  .strict();
export type TransferEnquiryBody = z.infer<typeof TransferEnquiryBody>;

export const AnswerEnquiryBody = z.object({ answer: Text(4000), attachmentIds: AttachmentIds }).strict();
export type AnswerEnquiryBody = z.infer<typeof AnswerEnquiryBody>;

export const ReviewEnquiryBody = z
  .object({
    decision: z
      .enum(['uphold', 'reanswer'])
      .describe('uphold 维持原答复 (closes it); reanswer 退回承办部门重新答复 (a new answer clock)'),
    note: Text(500).describe('to the citizen (uphold) or to the department (reanswer)'),
  })
  .strict();
export type ReviewEnquiryBody = z.infer<typeof ReviewEnquiryBody>;

export const RequestEnquiryExtensionBody = z
  .object({
    days: z
      .number()
      .int()
      .min(1)
      .describe('working days more (at most ENQUIRY_MAX_EXTENSION_DAYS, default 5)'),
    reason: Text(500),
  })
  .strict();
export type RequestEnquiryExtensionBody = z.infer<typeof RequestEnquiryExtensionBody>;

export const DecideEnquiryExtensionBody = z
  .object({
    approve: z.boolean(),
    note: Text(500).optional().describe('to the department; required to reject'),
  })
  .strict();
export type DecideEnquiryExtensionBody = z.infer<typeof DecideEnquiryExtensionBody>;

export const FollowUpEnquiryBody = z
  .object({ text: Text(2000), code: z.string().min(1).max(20).optional() })
  .strict();
export type FollowUpEnquiryBody = z.infer<typeof FollowUpEnquiryBody>;

export const RateEnquiryBody = z
  .object({
    rating: EnquiryRating,
    comment: Text(500).optional(),
    code: z.string().min(1).max(20).optional(),
  })
  .strict();
export type RateEnquiryBody = z.infer<typeof RateEnquiryBody>;

export const PublishedEnquiryQuery = z
  .object({
    q: z.string().trim().max(50).optional(),
    implementationCode: z.string().min(1).max(64).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(50).default(10),
  })
  .strict();
export type PublishedEnquiryQuery = z.infer<typeof PublishedEnquiryQuery>;

/** A published question and its answer (the asker agreed; no personal data). */
export const PublishedEnquiry = z.object({
  no: EnquiryNo,
  type: EnquiryType,
  subject: z.string(),
  text: z.string(),
  answer: z.string(),
  departmentCode: z.string().nullable(),
  implementationCode: z.string().nullable(),
  answeredAt: Instant,
});
export type PublishedEnquiry = z.infer<typeof PublishedEnquiry>;

export const PublishedEnquiryPage = z.object({
  total: z.number().int().min(0),
  pageSize: z.number().int().min(1),
  items: z.array(PublishedEnquiry),
});
export type PublishedEnquiryPage = z.infer<typeof PublishedEnquiryPage>;

// ——— Suggestions before sending (问前推荐) and deflected questions ———

export const EnquirySuggestionSource = z
  .enum(ENQUIRY_SUGGESTION_SOURCES)
  .describe(
    "faq 常见问题, materials 申请材料, fees 收费标准, time-limit 办理时限 (from the item's guide), published 已公开的答复",
  );
export type EnquirySuggestionSource = z.infer<typeof EnquirySuggestionSource>;

export const EnquirySuggestionQuery = z
  .object({
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('the draft question (subject and/or text), Chinese or pinyin'),
    implementationCode: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('the item asked about: its guide answers come first'),
    regionCode: RegionCode.optional().describe('where the matter is: items of this region or above'),
  })
  .strict();
export type EnquirySuggestionQuery = z.infer<typeof EnquirySuggestionQuery>;

export const EnquirySuggestion = z.object({
  source: EnquirySuggestionSource,
  title: z.string().describe('the FAQ question, the section name or the published subject'),
  text: z
    .string()
    .describe('the answer to show (FAQ answer, materials, fees, time limits, published answer)'),
  implementationCode: z.string().nullable().describe('the item it comes from'),
  itemName: z.string().nullable().describe("the item's name"),
  enquiryNo: EnquiryNo.nullable().describe('the published enquiry it comes from'),
});
export type EnquirySuggestion = z.infer<typeof EnquirySuggestion>;

export const EnquirySuggestionList = z.object({
  items: z.array(EnquirySuggestion).max(10).describe('best match first'),
});
export type EnquirySuggestionList = z.infer<typeof EnquirySuggestionList>;

export const EnquiryDeflectionBody = z
  .object({
    type: EnquiryType,
    regionCode: RegionCode,
    implementationCode: z.string().min(1).max(64).optional(),
    source: EnquirySuggestionSource.describe('the kind of suggestion that answered the question'),
  })
  .strict()
  .describe('a question the citizen did not send because a suggestion answered it (no personal data)');
export type EnquiryDeflectionBody = z.infer<typeof EnquiryDeflectionBody>;

export const EnquiryDeflectionReceipt = z.object({ recorded: z.literal(true) });
export type EnquiryDeflectionReceipt = z.infer<typeof EnquiryDeflectionReceipt>;

// ——— Statistics (诉求统计) per department and type ———

const Day = z.iso.date('expected a calendar date YYYY-MM-DD (China time)');
const Count = z.number().int().min(0);

export const EnquiryStatsQuery = z
  .object({
    from: Day.optional().describe('First day (asked on or after), China time'),
    to: Day.optional().describe('Last day (asked on or before), China time'),
  })
  .strict();
export type EnquiryStatsQuery = z.infer<typeof EnquiryStatsQuery>;

export const EnquiryTopic = z.object({
  label: z.string().describe("the item's name (事项名称), or 其他 for enquiries about no item"),
  count: Count,
});
export type EnquiryTopic = z.infer<typeof EnquiryTopic>;

export const EnquiryStatsRow = z.object({
  departmentCode: z
    .string()
    .nullable()
    .describe('the department it is routed to; null: not routed yet (待分派)'),
  type: EnquiryType,
  received: Count,
  answered: Count.describe('answered at least once'),
  answeredOnTime: Count.describe('first answer by its due date'),
  onTimeRate: z
    .number()
    .nullable()
    .describe('answeredOnTime / answered, 4 decimals; null when none answered'),
  overdue: Count.describe('not answered and past its due date'),
  rated: Count,
  satisfied: Count,
  basicallySatisfied: Count,
  unsatisfied: Count,
  satisfactionRate: z
    .number()
    .nullable()
    .describe('(satisfied + basicallySatisfied) / rated, 4 decimals; null when none rated'),
  topTopics: z.array(EnquiryTopic).max(3).describe('the most asked-about items, most first'),
});
export type EnquiryStatsRow = z.infer<typeof EnquiryStatsRow>;

export const EnquiryStats = z.object({
  rows: z.array(EnquiryStatsRow).describe('one per department and type, by department then type'),
  total: EnquiryStatsRow.omit({ departmentCode: true, type: true }),
  deflected: z
    .array(z.object({ type: EnquiryType, count: Count }))
    .describe('questions answered by a suggestion and not sent (问前推荐), per type'),
});
export type EnquiryStats = z.infer<typeof EnquiryStats>;
