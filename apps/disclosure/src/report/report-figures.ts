import {
  APPLICANT_COLUMNS,
  APPLICANT_ORG_TYPES,
  REFUSAL_GROUNDS,
  UNAVAILABLE_GROUNDS,
  type ManualCell,
  type ProactiveGroup,
  type RefusalGround,
  type RemedyCounts,
  type RequestTableRow,
  type UnavailableGround,
} from '@hall/contracts';
import { chinaDateString } from '@hall/calendar';
import { orgTypeOfUscc } from '../requests/applicant-org-type.js';
import type { ReportRequestRow } from './report.repository.js';

/**
 * The figures of the 政府信息公开工作年度报告 (format of 国办公开办函〔2021〕30号) computed from the agency's records.
 * Pure: the service reads the rows, this counts them. The mapping from the hall's answer types to the rows of the
 * national table is documented in docs/disclosure.md ("Annual report").
 */

export type ApplicantColumn = (typeof APPLICANT_COLUMNS)[number];

export const APPLICANT_COLUMN_LABELS: Readonly<Record<ApplicantColumn, string>> = {
  'natural-person': '自然人',
  commercial: '商业企业',
  research: '科研机构',
  'public-welfare': '社会公益组织',
  'legal-service': '法律服务机构',
  'other-organisation': '其他',
  total: '总计',
};

export const REFUSAL_LABELS: Readonly<Record<RefusalGround, string>> = {
  'state-secret': '1.属于国家秘密',
  'prohibited-by-law': '2.其他法律行政法规禁止公开',
  'security-stability': '3.危及“三安全一稳定”',
  'third-party': '4.保护第三方合法权益',
  'internal-affairs': '5.属于三类内部事务信息',
  'process-information': '6.属于四类过程性信息',
  'enforcement-file': '7.属于行政执法案卷',
  'administrative-query': '8.属于行政查询事项',
};

export const UNAVAILABLE_LABELS: Readonly<Record<UnavailableGround, string>> = {
  'not-held': '1.本机关不掌握相关政府信息',
  'needs-creation': '2.没有现成信息需要另行制作',
  unclear: '3.补正后申请内容仍不明确',
};

/** 不予处理 rows (五)1–5. */
export const NOT_PROCESSED = [
  'petition-complaint',
  'repeated',
  'publication',
  'excessive',
  'confirmation',
] as const;
export type NotProcessedGround = (typeof NOT_PROCESSED)[number];
export const NOT_PROCESSED_LABELS: Readonly<Record<NotProcessedGround, string>> = {
  'petition-complaint': '1.信访举报投诉类申请',
  repeated: '2.重复申请',
  publication: '3.要求提供公开出版物',
  excessive: '4.无正当理由大量反复申请',
  confirmation: '5.要求行政机关确认或重新出具已获取信息',
};

/** 其他处理 rows (六)1–3. */
export const OTHER_HANDLING = ['no-correction', 'fee-unpaid', 'other'] as const;
export type OtherHandling = (typeof OTHER_HANDLING)[number];
export const OTHER_LABELS: Readonly<Record<OtherHandling, string>> = {
  'no-correction': '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  'fee-unpaid': '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  other: '3.其他',
};

/** The row keys of table 三 in the national order. */
export const REQUEST_ROW_KEYS: readonly string[] = [
  'new',
  'carried-in',
  'granted',
  'partial',
  ...REFUSAL_GROUNDS.map((g) => `refused.${g}`),
  ...UNAVAILABLE_GROUNDS.map((g) => `unavailable.${g}`),
  ...NOT_PROCESSED.map((g) => `not-processed.${g}`),
  ...OTHER_HANDLING.map((g) => `other.${g}`),
  'total',
  'carried-over',
];

function labelOf(key: string): { label: string; group: string | null } {
  const [head, ground] = key.split('.') as [string, string | undefined];
  switch (head) {
    case 'new':
      return { label: '一、本年新收政府信息公开申请数量', group: null };
    case 'carried-in':
      return { label: '二、上年结转政府信息公开申请数量', group: null };
    case 'granted':
      return { label: '（一）予以公开', group: '三、本年度办理结果' };
    case 'partial':
      return {
        label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
        group: '三、本年度办理结果',
      };
    case 'refused':
      return { label: REFUSAL_LABELS[ground as RefusalGround], group: '（三）不予公开' };
    case 'unavailable':
      return { label: UNAVAILABLE_LABELS[ground as UnavailableGround], group: '（四）无法提供' };
    case 'not-processed':
      return { label: NOT_PROCESSED_LABELS[ground as NotProcessedGround], group: '（五）不予处理' };
    case 'other':
      return { label: OTHER_LABELS[ground as OtherHandling], group: '（六）其他处理' };
    case 'total':
      return { label: '（七）总计', group: '三、本年度办理结果' };
    default:
      return { label: '四、结转下年度继续办理', group: null };
  }
}

/**
 * The applicant column of a request: a person is 自然人; a 法人或其他组织 is counted under the kind recorded with the
 * request (chosen by the applicant online or the officer at the window); a row without one (a legacy row not yet
 * filled) is read from its 统一社会信用代码 like the migration fills it (`orgTypeOfUscc`).
 */
export function applicantColumn(
  r: Pick<ReportRequestRow, 'applicantKind' | 'applicantIdType' | 'applicantIdNumber' | 'applicantOrgType'>,
): ApplicantColumn {
  if (r.applicantKind === 'person') return 'natural-person';
  if (r.applicantOrgType !== null && (APPLICANT_ORG_TYPES as readonly string[]).includes(r.applicantOrgType))
    return r.applicantOrgType as ApplicantColumn;
  if (r.applicantIdType !== 'USCC') return 'other-organisation';
  return orgTypeOfUscc(r.applicantIdNumber);
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * A 不予公开 answer's row: its recorded `ground`, or, for answers given before the ground was asked for, read from
 * the legal basis it cites (条例 art. 15 → third party; art. 16 ¶2 → 过程性信息 or 行政执法案卷; art. 16 → 内部事务;
 * 国家秘密 → state secret; 三安全一稳定 words → security; 行政查询 → query; otherwise other laws).
 */
export function refusalGround(answer: Record<string, unknown>): RefusalGround {
  const g = answer['ground'];
  if (typeof g === 'string' && (REFUSAL_GROUNDS as readonly string[]).includes(g)) return g as RefusalGround;
  const basis = text(answer['legalBasis']);
  const all = `${basis} ${text(answer['reason'])}`;
  if (basis.includes('第十五条')) return 'third-party';
  if (basis.includes('第十六条第二款'))
    return all.includes('执法案卷') ? 'enforcement-file' : 'process-information';
  if (basis.includes('第十六条')) return 'internal-affairs';
  if (all.includes('国家秘密') || all.includes('保密法')) return 'state-secret';
  if (/国家安全|公共安全|经济安全|社会稳定/.test(all)) return 'security-stability';
  if (all.includes('行政查询')) return 'administrative-query';
  return 'prohibited-by-law';
}

/** The table-三 row of a request concluded in the year (answered or withdrawn). */
export function outcomeRow(
  r: Pick<ReportRequestRow, 'status' | 'answerType' | 'answer' | 'withdrawReason'>,
): string {
  if (r.status === 'withdrawn')
    return r.withdrawReason === 'deemed'
      ? 'other.no-correction'
      : r.withdrawReason === 'fee-unpaid'
        ? 'other.fee-unpaid'
        : 'other.other';
  const answer =
    r.answer !== null && typeof r.answer === 'object' && !Array.isArray(r.answer)
      ? (r.answer as Record<string, unknown>)
      : {};
  switch (r.answerType) {
    case 'already-public':
    case 'granted':
      return 'granted';
    case 'partial':
      return 'partial';
    case 'refused':
      return `refused.${refusalGround(answer)}`;
    case 'not-exist': {
      const g = answer['ground'];
      return `unavailable.${typeof g === 'string' && (UNAVAILABLE_GROUNDS as readonly string[]).includes(g) ? g : 'not-held'}`;
    }
    case 'not-responsible':
      return 'unavailable.not-held';
    case 'repeated':
      return 'not-processed.repeated';
    case 'not-disclosure-request': {
      const kind = answer['redirectKind'];
      return kind === 'complaint' || kind === 'petition' ? 'not-processed.petition-complaint' : 'other.other';
    }
    default: // special-rules (条例 art. 36 (七)) and anything newer
      return 'other.other';
  }
}

/** Start of a China calendar year as an instant. */
export const yearStart = (year: number): Date => new Date(`${year}-01-01T00:00:00+08:00`);

export interface RequestFigures {
  rows: RequestTableRow[];
  fees: { requests: number; totalYuan: number };
}

/** Table 三 over [from, asOf): new, carried in, concluded by outcome, total, carried over; and the fees. */
export function requestTable(rows: readonly ReportRequestRow[], from: Date, asOf: Date): RequestFigures {
  const counts = new Map<string, number[]>(REQUEST_ROW_KEYS.map((k) => [k, APPLICANT_COLUMNS.map(() => 0)]));
  const add = (key: string, col: ApplicantColumn): void => {
    const c = counts.get(key);
    if (!c) throw new Error(`no row ${key}`);
    const i = APPLICANT_COLUMNS.indexOf(col);
    const last = APPLICANT_COLUMNS.length - 1;
    c[i] = (c[i] ?? 0) + 1;
    c[last] = (c[last] ?? 0) + 1;
  };
  const fees = { requests: 0, totalYuan: 0 };
  const t0 = from.getTime();
  const t1 = asOf.getTime();
  for (const r of rows) {
    const filed = r.submittedAt.getTime();
    if (filed >= t1) continue;
    const col = applicantColumn(r);
    const ended = (r.answeredAt ?? r.withdrawnAt)?.getTime();
    if (ended !== undefined && ended < t0) continue; // concluded before the year: not the year's
    add(filed >= t0 ? 'new' : 'carried-in', col);
    if (ended !== undefined && ended < t1) {
      add(outcomeRow(r), col);
      add('total', col);
      if (r.answeredAt !== null && (r.feeYuan ?? 0) > 0) {
        fees.requests += 1;
        fees.totalYuan += r.feeYuan ?? 0;
      }
    } else add('carried-over', col);
  }
  return {
    rows: REQUEST_ROW_KEYS.map((key) => ({ key, ...labelOf(key), counts: counts.get(key) ?? [] })),
    fees,
  };
}

export interface RemedyRow {
  requestId: string;
  kind: string;
  filedOn: string;
  outcome: string;
  decidedOn: string | null;
}

const emptyCounts = (): RemedyCounts => ({ upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 });

/**
 * Table 四: 行政复议 and 行政诉讼 cases filed in the year (the rows given), by their outcome as of `asOfDay` (a decision
 * after it is still 尚未审结 then). A 行政诉讼 is 复议后起诉 when a 行政复议 on the same request was filed on or before
 * it (`all`: every remedy of those requests), otherwise 未经复议直接起诉.
 */
export function remedyTable(
  filed: readonly RemedyRow[],
  all: readonly { requestId: string; kind: string; filedOn: string }[],
  asOfDay: string,
): { review: RemedyCounts; litigationDirect: RemedyCounts; litigationAfterReview: RemedyCounts } {
  const out = {
    review: emptyCounts(),
    litigationDirect: emptyCounts(),
    litigationAfterReview: emptyCounts(),
  };
  for (const m of filed) {
    const decided = m.outcome !== 'pending' && m.decidedOn !== null && m.decidedOn <= asOfDay;
    const outcome = decided ? (m.outcome as 'upheld' | 'corrected' | 'other') : 'pending';
    const target =
      m.kind === 'review'
        ? out.review
        : all.some((o) => o.requestId === m.requestId && o.kind === 'review' && o.filedOn <= m.filedOn)
          ? out.litigationAfterReview
          : out.litigationDirect;
    target[outcome] += 1;
    target.total += 1;
  }
  return out;
}

export type ManualValues = Partial<Record<ManualCell, number | null>>;

/**
 * Table 二. The hall counts 行政规范性文件 as its `policy` items (政策文件: first published in the year = 制发, withdrawn
 * in the year = 废止, published and not withdrawn at `asOf` = 现行有效); 规章, 行政许可/处罚/强制 decisions and
 * 行政事业性收费 are typed by the officer (manual).
 */
export function proactiveTable(
  items: readonly { kind: string; publishedAt: Date | null; withdrawnAt: Date | null }[],
  from: Date,
  asOf: Date,
  manual: ManualValues,
): ProactiveGroup[] {
  const t0 = from.getTime();
  const t1 = asOf.getTime();
  const within = (d: Date | null): boolean => d !== null && d.getTime() >= t0 && d.getTime() < t1;
  const policies = items.filter((i) => i.kind === 'policy');
  const issued = policies.filter((i) => within(i.publishedAt)).length;
  const repealed = policies.filter((i) => within(i.withdrawnAt)).length;
  const inForce = policies.filter(
    (i) =>
      i.publishedAt !== null &&
      i.publishedAt.getTime() < t1 &&
      (i.withdrawnAt === null || i.withdrawnAt.getTime() >= t1),
  ).length;
  const m = (key: ManualCell) => ({ key, value: manual[key] ?? null, manual: true });
  const c = (key: string, value: number) => ({ key, value, manual: false });
  return [
    {
      article: '第二十条第（一）项',
      columns: ['本年制发件数', '本年废止件数', '现行有效件数'],
      rows: [
        {
          key: 'regulations',
          label: '规章',
          cells: [m('regulations.issued'), m('regulations.repealed'), m('regulations.in-force')],
        },
        {
          key: 'normative-documents',
          label: '行政规范性文件',
          cells: [
            c('normative-documents.issued', issued),
            c('normative-documents.repealed', repealed),
            c('normative-documents.in-force', inForce),
          ],
        },
      ],
    },
    {
      article: '第二十条第（五）项',
      columns: ['本年处理决定数量'],
      rows: [{ key: 'licensing', label: '行政许可', cells: [m('licensing.decisions')] }],
    },
    {
      article: '第二十条第（六）项',
      columns: ['本年处理决定数量'],
      rows: [
        { key: 'penalty', label: '行政处罚', cells: [m('penalty.decisions')] },
        { key: 'enforcement', label: '行政强制', cells: [m('enforcement.decisions')] },
      ],
    },
    {
      article: '第二十条第（八）项',
      columns: ['本年收费金额（单位：万元）'],
      rows: [{ key: 'fees', label: '行政事业性收费', cells: [m('fees.amount')] }],
    },
  ];
}

/** The China date (YYYY-MM-DD) of the last instant before `asOf`. */
export const lastDayBefore = (asOf: Date): string => chinaDateString(new Date(asOf.getTime() - 1));
