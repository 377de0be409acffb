import ExcelJS from 'exceljs';
import { EnquiryType, type EnquiryRating, type EnquiryStats, type EnquiryStatsRow } from '@hall/contracts';

const ENQUIRY_TYPES: readonly EnquiryType[] = EnquiryType.options;

/** What the statistics read of one enquiry. */
export interface StatsInput {
  type: string;
  departmentCode: string | null;
  implementationCode: string | null;
  answeredAt: Date | null;
  answeredOnTime: boolean | null;
  dueBy: Date;
  rating: string | null;
}

type Counts = Omit<
  EnquiryStatsRow,
  'departmentCode' | 'type' | 'onTimeRate' | 'satisfactionRate' | 'topTopics'
>;

const OTHER_TOPIC = '其他';
const rate = (n: number, d: number): number | null =>
  d === 0 ? null : Math.round((n / d) * 10_000) / 10_000;

const RATING_FIELD: Readonly<Record<EnquiryRating, 'satisfied' | 'basicallySatisfied' | 'unsatisfied'>> = {
  satisfied: 'satisfied',
  'basically-satisfied': 'basicallySatisfied',
  unsatisfied: 'unsatisfied',
};

function add(c: Counts, e: StatsInput, now: Date): void {
  c.received += 1;
  if (e.answeredAt !== null) {
    c.answered += 1;
    if (e.answeredOnTime === true) c.answeredOnTime += 1;
  } else if (now > e.dueBy) c.overdue += 1;
  const field = e.rating === null ? undefined : RATING_FIELD[e.rating as EnquiryRating];
  if (field !== undefined) {
    c.rated += 1;
    c[field] += 1;
  }
}

const zero = (): Counts => ({
  received: 0,
  answered: 0,
  answeredOnTime: 0,
  overdue: 0,
  rated: 0,
  satisfied: 0,
  basicallySatisfied: 0,
  unsatisfied: 0,
});

function finish(c: Counts, topics: Map<string, number>): Omit<EnquiryStatsRow, 'departmentCode' | 'type'> {
  return {
    ...c,
    onTimeRate: rate(c.answeredOnTime, c.answered),
    satisfactionRate: rate(c.satisfied + c.basicallySatisfied, c.rated),
    topTopics: [...topics]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
      .slice(0, 3)
      .map(([label, count]) => ({ label, count })),
  };
}

/**
 * 诉求统计: per department (null: not routed yet) and type — received, answered, first answer on time, overdue
 * (unanswered past its due date at `now`), ratings and the satisfaction rate ((满意 + 基本满意) / rated), and the
 * three most asked-about items (`itemName` of the enquiry's item; 其他 for none) — with a total row.
 */
export function enquiryStats(
  enquiries: readonly StatsInput[],
  now: Date,
  itemName: (code: string) => string | undefined,
  deflected: ReadonlyMap<string, number>,
): EnquiryStats {
  const groups = new Map<
    string,
    { dept: string | null; type: EnquiryType; c: Counts; topics: Map<string, number> }
  >();
  const total = zero();
  const totalTopics = new Map<string, number>();
  for (const e of enquiries) {
    const key = `${e.departmentCode ?? ''}|${e.type}`;
    let g = groups.get(key);
    if (!g) {
      g = { dept: e.departmentCode, type: e.type as EnquiryType, c: zero(), topics: new Map() };
      groups.set(key, g);
    }
    add(g.c, e, now);
    add(total, e, now);
    const topic = (e.implementationCode && itemName(e.implementationCode)) || OTHER_TOPIC;
    g.topics.set(topic, (g.topics.get(topic) ?? 0) + 1);
    totalTopics.set(topic, (totalTopics.get(topic) ?? 0) + 1);
  }
  const typeOrder = (t: EnquiryType) => ENQUIRY_TYPES.indexOf(t);
  const rows = [...groups.values()]
    .sort(
      (a, b) =>
        (a.dept ?? '\uffff').localeCompare(b.dept ?? '\uffff') || typeOrder(a.type) - typeOrder(b.type),
    )
    .map((g) => ({ departmentCode: g.dept, type: g.type, ...finish(g.c, g.topics) }));
  return {
    rows,
    total: finish(total, totalTopics),
    deflected: ENQUIRY_TYPES.map((type) => ({ type, count: deflected.get(type) ?? 0 })),
  };
}

const TYPE_NAME: Readonly<Record<EnquiryType, string>> = {
  consultation: '咨询',
  complaint: '投诉',
  suggestion: '建议',
  help: '求助',
};

type Line = Omit<EnquiryStatsRow, 'departmentCode' | 'type'> & {
  departmentCode?: string | null;
  type?: EnquiryType;
};

const COLUMNS: [string, (r: Line) => string | number | null][] = [
  ['部门', (r) => (r.type === undefined ? '合计' : (r.departmentCode ?? '待分派'))],
  ['类型', (r) => (r.type === undefined ? '' : TYPE_NAME[r.type])],
  ['收到', (r) => r.received],
  ['已答复', (r) => r.answered],
  ['按时答复', (r) => r.answeredOnTime],
  ['按时答复率', (r) => r.onTimeRate],
  ['超期未答复', (r) => r.overdue],
  ['已评价', (r) => r.rated],
  ['满意', (r) => r.satisfied],
  ['基本满意', (r) => r.basicallySatisfied],
  ['不满意', (r) => r.unsatisfied],
  ['满意率', (r) => r.satisfactionRate],
  ['热点事项', (r) => r.topTopics.map((t) => `${t.label}(${t.count})`).join('；')],
];

const linesOf = (s: EnquiryStats): Line[] => [...s.rows, s.total];

/** The statistics as CSV (UTF-8 with a BOM, so that Excel reads the Chinese), the total last. */
export function enquiryStatsCsv(s: EnquiryStats): string {
  const cell = (v: string | number | null): string => {
    const text = v === null ? '' : String(v);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [
    COLUMNS.map(([h]) => h).join(','),
    ...linesOf(s).map((r) => COLUMNS.map(([, f]) => cell(f(r))).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The statistics as an Excel workbook: a title line, the header, a row per department and type, the total. */
export async function enquiryStatsXlsx(s: EnquiryStats, title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('诉求统计');
  ws.addRow([title]);
  ws.addRow(COLUMNS.map(([h]) => h)).font = { bold: true };
  for (const r of linesOf(s)) ws.addRow(COLUMNS.map(([, f]) => f(r)));
  const deflected = ws.addRow(['问前推荐已解决（未提交）']);
  deflected.font = { bold: true };
  for (const d of s.deflected) ws.addRow([TYPE_NAME[d.type], d.count]);
  ws.columns.forEach((c) => (c.width = 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
