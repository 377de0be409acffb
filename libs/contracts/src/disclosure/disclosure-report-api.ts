/**
 * HTTP contract of the 政府信息公开工作年度报告 (annual report on government information disclosure, 《政府信息公开条例》
 * art. 49–50; format of 国办公开办函〔2021〕30号) in the disclosure service (`/api/disclosure/reports/…`). The figures
 * are computed from the agency's items and requests; only the narrative sections and the cells the hall cannot
 * know are typed by the officer. Schema const and inferred type share one name. Browser-safe: zod only.
 */
import { z } from 'zod';

const Instant = z.iso.datetime({ offset: true });

/** The report year in a path (`/reports/2026`). */
export const ReportYear = z.coerce.number().int().min(2008).max(2100).describe('统计年度 (1 Jan – 31 Dec)');
export type ReportYear = z.infer<typeof ReportYear>;

/** draft 草稿 (figures live, text editable) | published 已发布 (figures and text frozen, a 主动公开 item made). */
export const ReportStatus = z.enum(['draft', 'published']);
export type ReportStatus = z.infer<typeof ReportStatus>;

/**
 * Cells of table 二 the hall cannot count (it keeps no 规章, 行政许可/处罚/强制 decisions or fee revenue of the agency):
 * typed by the officer and shown as manual. `fees.amount` is in 万元 (ten thousand yuan).
 */
export const MANUAL_CELLS = [
  'regulations.issued',
  'regulations.repealed',
  'regulations.in-force',
  'licensing.decisions',
  'penalty.decisions',
  'enforcement.decisions',
  'fees.amount',
] as const;
export const ManualCell = z.enum(MANUAL_CELLS);
export type ManualCell = z.infer<typeof ManualCell>;

const Narrative = z.string().trim().max(20_000);
const Count = z.number().int().min(0).max(10_000_000).nullable().optional();

/** The officer's part of a draft: the narrative sections (一、五、六) and the manual cells (null = 未填报). */
export const ReportDraftBody = z.strictObject({
  narrative: z.strictObject({
    overview: Narrative.describe('一、总体情况'),
    problems: Narrative.describe('五、存在的主要问题及改进情况'),
    other: Narrative.describe('六、其他需要报告的事项 (the 信息处理费 sentence is added from the data)'),
  }),
  manual: z
    .strictObject({
      'regulations.issued': Count.describe('规章 本年制发件数'),
      'regulations.repealed': Count.describe('规章 本年废止件数'),
      'regulations.in-force': Count.describe('规章 现行有效件数'),
      'licensing.decisions': Count.describe('行政许可 本年处理决定数量'),
      'penalty.decisions': Count.describe('行政处罚 本年处理决定数量'),
      'enforcement.decisions': Count.describe('行政强制 本年处理决定数量'),
      'fees.amount': z
        .number()
        .min(0)
        .max(1_000_000_000)
        .multipleOf(0.0001)
        .nullable()
        .optional()
        .describe('行政事业性收费 本年收费金额（万元）'),
    })
    .describe('values of the manual cells of table 二; a missing key keeps 未填报 (null)'),
});
export type ReportDraftBody = z.input<typeof ReportDraftBody>;

/** One cell of table 二: computed from the items, or typed by the officer (`manual`, null = not yet entered). */
export const ProactiveCell = z.object({
  key: z.string().describe('e.g. normative-documents.issued, regulations.issued'),
  value: z.number().nullable(),
  manual: z.boolean(),
});
export type ProactiveCell = z.infer<typeof ProactiveCell>;

/** Table 二 (主动公开政府信息情况): four groups by 条例 art. 20 item, each with its columns and rows. */
export const ProactiveGroup = z.object({
  article: z.string().describe('第二十条第（一）项 …'),
  columns: z.array(z.string()).describe('column headings after 信息内容'),
  rows: z.array(z.object({ key: z.string(), label: z.string(), cells: z.array(ProactiveCell) })),
});
export type ProactiveGroup = z.infer<typeof ProactiveGroup>;

/** Applicant columns of table 三 in order: 自然人, 法人或其他组织 (five kinds), 总计. */
export const APPLICANT_COLUMNS = [
  'natural-person',
  'commercial',
  'research',
  'public-welfare',
  'legal-service',
  'other-organisation',
  'total',
] as const;

/** One row of table 三: counts per applicant column (order of APPLICANT_COLUMNS, the last is the total). */
export const RequestTableRow = z.object({
  key: z
    .string()
    .describe(
      'new | carried-in | granted | partial | refused.<ground> | unavailable.<ground> | not-processed.<ground> | other.<ground> | total | carried-over',
    ),
  label: z.string().describe('the row heading of the national format'),
  group: z.string().nullable().describe('the heading of its group, e.g. （三）不予公开'),
  counts: z.array(z.number().int()).length(APPLICANT_COLUMNS.length),
});
export type RequestTableRow = z.infer<typeof RequestTableRow>;

/** Counts of one column group of table 四. */
export const RemedyCounts = z.object({
  upheld: z.number().int().describe('结果维持'),
  corrected: z.number().int().describe('结果纠正'),
  other: z.number().int().describe('其他结果'),
  pending: z.number().int().describe('尚未审结'),
  total: z.number().int().describe('总计'),
});
export type RemedyCounts = z.infer<typeof RemedyCounts>;

/** The annual report of an agency for a year. */
export const AnnualReport = z.object({
  year: z.number().int(),
  departmentCode: z.string(),
  agencyName: z.string().describe('报告机关'),
  status: ReportStatus,
  asOf: Instant.describe(
    'the figures are those of this instant (the year end, now for a running year, or publication)',
  ),
  narrative: z.object({ overview: z.string(), problems: z.string(), other: z.string() }),
  proactive: z.array(ProactiveGroup).describe('二、主动公开政府信息情况'),
  requests: z
    .object({
      columns: z.array(z.string()).describe('column headings, order of APPLICANT_COLUMNS'),
      rows: z.array(RequestTableRow),
    })
    .describe('三、收到和处理政府信息公开申请情况'),
  remedies: z
    .object({
      review: RemedyCounts.describe('行政复议'),
      litigationDirect: RemedyCounts.describe('行政诉讼：未经复议直接起诉'),
      litigationAfterReview: RemedyCounts.describe('行政诉讼：复议后起诉'),
    })
    .describe('四、政府信息公开行政复议、行政诉讼情况'),
  fees: z.object({
    requests: z.number().int().describe('requests answered in the year with a 信息处理费'),
    totalYuan: z.number().int().describe('信息处理费 charged in the year, yuan'),
  }),
  itemsPublished: z.number().int().describe('主动公开 items first published in the year (for 总体情况)'),
  missingManual: z
    .array(ManualCell)
    .describe('manual cells not yet entered (publication needs none missing)'),
  item: z
    .object({ id: z.uuid(), indexNo: z.string(), status: z.string() })
    .nullable()
    .describe('the 主动公开 item the report was published as (结果公开, through 保密审查)'),
  updatedAt: Instant.nullable(),
  publishedAt: Instant.nullable(),
});
export type AnnualReport = z.infer<typeof AnnualReport>;

export const AnnualReportList = z.object({
  items: z.array(
    z.object({
      year: z.number().int(),
      status: ReportStatus,
      updatedAt: Instant,
      publishedAt: Instant.nullable(),
    }),
  ),
});
export type AnnualReportList = z.infer<typeof AnnualReportList>;
