/**
 * HTTP contract of the disclosure service (政务公开, `/api/disclosure/…`): 主动公开 items, their 保密审查 workflow,
 * history, and the public listing (政府信息公开目录, 专栏). Schema const and inferred type share one name.
 * Browser-safe: zod only (imported by the web through `@hall/contracts/api`).
 */
import { z } from 'zod';
import { KEY_AREAS, OPEN_CATEGORIES } from '../constants.js';

export { KEY_AREAS, OPEN_CATEGORIES };

// ── shared pieces ────────────────────────────────────────────────────────────────────────────────────────────

export const OpenCategory = z
  .enum(OPEN_CATEGORIES)
  .describe('五公开: decision 决策, execution 执行, management 管理, service 服务, result 结果');
export type OpenCategory = z.infer<typeof OpenCategory>;

export const KeyArea = z
  .enum(KEY_AREAS)
  .describe(
    'budget 财政预决算, three-public "三公"经费, housing 保障性住房, food-drug 食品药品, environment 环境保护, work-safety 安全生产, pricing 价格收费, land-expropriation 征地拆迁',
  );
export type KeyArea = z.infer<typeof KeyArea>;

/** general 一般信息, policy 政策文件 (requires a 政策解读 to publish), interpretation 政策解读 (of one policy). */
export const ItemKind = z.enum(['general', 'policy', 'interpretation']);
export type ItemKind = z.infer<typeof ItemKind>;

/** draft 草稿, in-review 保密审查中, published 已发布, withdrawn 已撤回. */
export const ItemStatus = z.enum(['draft', 'in-review', 'published', 'withdrawn']);
export type ItemStatus = z.infer<typeof ItemStatus>;

const Instant = z.iso.datetime({ offset: true });
const IsoDate = z.iso.date().describe('China date YYYY-MM-DD');
const Text = (max: number) => z.string().trim().min(1).max(max);

// ── staff: drafting and review ───────────────────────────────────────────────────────────────────────────────

/** A draft's editable fields (POST /items, PUT /items/:id, POST /items/:id/correct). */
export const ItemDraftBody = z.strictObject({
  title: Text(200).describe('标题'),
  body: Text(100_000).describe('正文'),
  writtenOn: IsoDate.describe('成文日期'),
  topic: Text(40).describe('主题分类'),
  openCategory: OpenCategory,
  keyArea: KeyArea.nullable().default(null).describe('重点领域, or null'),
  kind: ItemKind.default('general'),
  interpretsId: z.uuid().nullable().default(null).describe('政策解读: the policy item it interprets'),
});
export type ItemDraftBody = z.input<typeof ItemDraftBody>;

/** 保密审查 decision (POST /items/:id/review). */
export const ItemReviewBody = z.strictObject({
  decision: z.enum(['approve', 'reject']).describe('approve 通过并发布, reject 退回'),
  note: z.string().trim().max(500).optional().describe('审查意见 (required when rejecting)'),
});
export type ItemReviewBody = z.input<typeof ItemReviewBody>;

/** Withdrawal (POST /items/:id/withdraw). */
export const ItemWithdrawBody = z.strictObject({ reason: Text(500).describe('撤回理由') });
export type ItemWithdrawBody = z.input<typeof ItemWithdrawBody>;

/** Correction of a published item (POST /items/:id/correct): the new text and why. */
export const ItemCorrectBody = ItemDraftBody.extend({ note: Text(500).describe('更正说明') });
export type ItemCorrectBody = z.input<typeof ItemCorrectBody>;

/** Staff list filters (GET /items). */
export const StaffItemQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: ItemStatus.optional(),
  overdue: z
    .enum(['1', 'true'])
    .transform(() => true)
    .optional()
    .describe('only unpublished items past their 20-working-day deadline'),
});
/** What a client sends: every field optional (the defaults apply). */
export type StaffItemQuery = Partial<z.output<typeof StaffItemQuery>>;

export const ItemAttachment = z.object({
  id: z.uuid(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});
export type ItemAttachment = z.infer<typeof ItemAttachment>;

/** One item as staff see it (the whole record). */
export const StaffItem = z.object({
  id: z.uuid(),
  indexNo: z.string().describe('索引号'),
  departmentCode: z.string(),
  departmentName: z.string().describe('发布机构'),
  title: z.string(),
  body: z.string(),
  writtenOn: IsoDate,
  publishedOn: IsoDate.nullable().describe('发布日期'),
  dueAt: Instant.describe('publication deadline: 20 working days after 成文日期'),
  overdue: z.boolean().describe('not published and past dueAt'),
  topic: z.string(),
  openCategory: OpenCategory,
  keyArea: KeyArea.nullable(),
  kind: ItemKind,
  interpretsId: z.uuid().nullable(),
  interpretationIds: z.array(z.uuid()).describe('政策解读 items linked to this policy'),
  status: ItemStatus,
  version: z.number().int(),
  authorName: z.string(),
  reviewerName: z.string().nullable(),
  reviewNote: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  attachments: z.array(ItemAttachment),
  mayReview: z
    .boolean()
    .describe('the caller may decide the 保密审查 (a head of the department, not the author)'),
});
export type StaffItem = z.infer<typeof StaffItem>;

export const StaffItemPage = z.object({
  items: z.array(StaffItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type StaffItemPage = z.infer<typeof StaffItemPage>;

export const ItemVersion = z.object({
  seq: z.number().int(),
  version: z.number().int(),
  action: z.enum(['published', 'corrected', 'withdrawn']),
  title: z.string(),
  body: z.string(),
  note: z.string().nullable(),
  actorName: z.string(),
  at: Instant,
});
export type ItemVersion = z.infer<typeof ItemVersion>;

export const ItemHistory = z.object({ versions: z.array(ItemVersion) });
export type ItemHistory = z.infer<typeof ItemHistory>;

// ── public: listing, search, 目录, 专栏 ─────────────────────────────────────────────────────────────────────────

export const PublicItemQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  agency: z
    .string()
    .regex(/^[a-z-]{2,40}$/)
    .optional()
    .describe('发布机构 (department code)'),
  category: OpenCategory.optional(),
  keyArea: KeyArea.optional(),
  q: z
    .string()
    .trim()
    .max(80)
    .optional()
    .describe(
      'keyword: Chinese words of the title or body (also the 主题分类 and key area), or pinyin of the title, 主题分类 or key area in full (caizheng) or as initials (czyjs)',
    ),
});
/** What a client sends: every field optional (the defaults apply). */
export type PublicItemQuery = Partial<z.output<typeof PublicItemQuery>>;

/** A published item in a list. */
export const PublicItemSummary = z.object({
  id: z.uuid(),
  indexNo: z.string(),
  departmentCode: z.string(),
  departmentName: z.string(),
  title: z.string(),
  writtenOn: IsoDate,
  publishedOn: IsoDate,
  topic: z.string(),
  openCategory: OpenCategory,
  keyArea: KeyArea.nullable(),
  kind: ItemKind,
});
export type PublicItemSummary = z.infer<typeof PublicItemSummary>;

export const PublicItemPage = z.object({
  items: z.array(PublicItemSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type PublicItemPage = z.infer<typeof PublicItemPage>;

/** A published item in full, with its interpretations (or the policy it interprets) and attachments. */
export const PublicItemDetail = PublicItemSummary.extend({
  body: z.string(),
  version: z.number().int().describe('1, or more after corrections'),
  interpretsId: z.uuid().nullable(),
  interpretations: z.array(z.object({ id: z.uuid(), title: z.string() })),
  attachments: z.array(ItemAttachment),
});
export type PublicItemDetail = z.infer<typeof PublicItemDetail>;

/** 政府信息公开目录 of one agency: counts per 五公开 category and the latest items. */
export const AgencyCatalogue = z.object({
  departmentCode: z.string(),
  departmentName: z.string(),
  agencyCode: z.string().describe('the agency part of its 索引号'),
  categories: z.array(z.object({ category: OpenCategory, count: z.number().int() })),
  keyAreas: z.array(z.object({ keyArea: KeyArea, count: z.number().int() })),
});
export type AgencyCatalogue = z.infer<typeof AgencyCatalogue>;

/** The agencies that publish (for the 目录 index). */
export const AgencyList = z.object({
  agencies: z.array(
    z.object({ departmentCode: z.string(), departmentName: z.string(), agencyCode: z.string() }),
  ),
});
export type AgencyList = z.infer<typeof AgencyList>;

/** How a 依申请公开 request can be filed (政府信息公开指南). */
export const GUIDE_CHANNELS = ['online', 'in-person', 'post'] as const;

/**
 * 政府信息公开指南 of one agency (《政府信息公开条例》 art. 24): its 分类与编排体系, how to obtain proactively published
 * information, how to file a 依申请公开 request, the time limits, fees, remedies and the office's contact details.
 */
export const AgencyGuide = z.object({
  departmentCode: z.string(),
  departmentName: z.string(),
  agencyCode: z.string().describe('the agency part of its 索引号'),
  editedOn: IsoDate.describe('编制日期 of the guide'),
  office: z
    .object({
      name: z.string().describe('the office that handles disclosure (政府信息公开工作机构)'),
      address: z.string(),
      postcode: z.string(),
      hours: z.string(),
      phone: z.string(),
      email: z.string(),
    })
    .describe('受理机构: where to file in person or by post'),
  scheme: z
    .object({
      indexNoPattern: z.string().describe('索引号 structure'),
      indexNoExample: z.string(),
      categories: z.array(
        z.object({
          category: OpenCategory,
          code: z.string().describe('category part of the 索引号'),
          scope: z.string(),
        }),
      ),
      keyAreas: z.array(KeyArea).describe('重点领域 with a 政府信息公开专栏'),
      topics: z.array(z.string()).describe('主题分类 the agency uses'),
    })
    .describe('分类与编排体系'),
  access: z.array(z.string()).describe('获取方式 of 主动公开 information'),
  request: z
    .object({
      channels: z.array(z.object({ channel: z.enum(GUIDE_CHANNELS), how: z.string() })),
      contents: z.array(z.string()).describe('what a request states (art. 29)'),
      answerWorkingDays: z
        .number()
        .int()
        .describe('answer within this many working days of receipt (art. 33)'),
      extensionWorkingDays: z.number().int().describe('one extension of at most this many working days'),
      feeCharged: z.boolean().describe('false: no fee by default'),
      fee: z.string().describe('信息处理费 rule'),
    })
    .describe('依申请公开'),
  remedies: z
    .object({
      reviewBody: z.string().describe('行政复议机关'),
      reviewDays: z.number().int().describe('行政复议: within this many days of knowing the act'),
      litigationMonths: z.number().int().describe('行政诉讼: within this many months'),
      complaintBody: z.string().describe('where to complain about disclosure work (art. 47, 51)'),
    })
    .describe('救济方式'),
});
export type AgencyGuide = z.infer<typeof AgencyGuide>;

/** Unpublished items past their deadline, every department (GET /overdue; supervisors). */
export const OverdueItems = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      indexNo: z.string(),
      departmentCode: z.string(),
      departmentName: z.string(),
      title: z.string(),
      status: ItemStatus,
      writtenOn: IsoDate,
      dueAt: Instant,
    }),
  ),
});
export type OverdueItems = z.infer<typeof OverdueItems>;
