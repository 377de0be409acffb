import { chinaDateString } from '@hall/calendar';
import ExcelJS from 'exceljs';
import {
  HandoverRecord,
  type StatsQuery,
  type StatsRegionLevel,
  type StatsResult,
  type StatsRow,
} from '@hall/contracts';
import type { SupervisionStore } from '../supervision.store.js';
import { ratingsOfCases, receivedCases } from './stats.repository.js';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * A region code rolled up to a depth (village → township → county → city): `330106109201` is `330106109000` at
 * township depth, `330106` at county depth, `330100` at city depth. A code above the depth (a county's own case at
 * township depth) stays as it is.
 */
export function rollUp(code: string, level: StatsRegionLevel | undefined): string {
  switch (level) {
    case 'city':
      return code.length === 12 || !code.endsWith('00') ? `${code.slice(0, 4)}00` : code;
    case 'county':
      return code.slice(0, 6);
    case 'township':
      return code.length === 12 ? `${code.slice(0, 9)}000` : code;
    default:
      return code;
  }
}

/** Statistics over the projection (办件统计): per department, region, item or month of receipt. */
export class StatsService {
  constructor(private readonly store: SupervisionStore) {}

  async compute(regionPrefix: string, q: StatsQuery): Promise<StatsResult> {
    const from = q.from !== undefined ? new Date(`${q.from}T00:00:00+08:00`) : undefined;
    const to = q.to !== undefined ? new Date(`${q.to}T23:59:59.999+08:00`) : undefined;
    const cases = await receivedCases(this.store.prisma, regionPrefix, from, to);
    // One rating per case: the applicant's own online rating when there is one, else the window's (评价器).
    const ratings = await ratingsOfCases(
      this.store.prisma,
      cases.map((c) => c.applicationNo),
    );
    const ratingOf = new Map(ratings.map((r) => [r.applicationNo, r]));
    const handoverOf = new Map(
      cases.flatMap((c) =>
        c.handover === null ? [] : [[c.applicationNo, HandoverRecord.parse(c.handover)] as const],
      ),
    );
    const keyOf = (c: (typeof cases)[number]): [string, string] => {
      switch (q.groupBy) {
        case 'region': {
          const place = rollUp(c.takenInRegion ?? c.regionCode, q.level);
          return [place, place];
        }
        case 'item':
          return [c.implementationCode, c.itemName];
        case 'servicePoint': {
          // The 代办 point that took the case in and handed it over; cases taken in at a window directly form one group.
          const h = handoverOf.get(c.applicationNo);
          return h !== undefined ? [h.from.id, h.from.name] : ['-', '窗口直接收件'];
        }
        case 'month':
          return c.receivedAt !== null
            ? [chinaDateString(c.receivedAt).slice(0, 7), chinaDateString(c.receivedAt).slice(0, 7)]
            : ['-', '-'];
        default:
          return [c.departmentCode, c.departmentCode];
      }
    };
    const groups = new Map<string, { label: string; items: typeof cases }>();
    for (const c of cases) {
      const [key, label] = keyOf(c);
      const g = groups.get(key) ?? { label, items: [] };
      g.items.push(c);
      groups.set(key, g);
    }
    const summarise = (key: string, label: string, items: typeof cases): StatsRow => {
      const durations = items
        .map((c) => c.workingDaysUsed)
        .filter((d): d is number => d !== null)
        .sort((a, b) => a - b);
      const finished = items.filter((c) => c.onTime !== null);
      const onTime = finished.filter((c) => c.onTime === true).length;
      const waits = items.flatMap((c) => {
        const h = handoverOf.get(c.applicationNo)?.waitWorkingHours;
        return h === undefined || h === null ? [] : [h];
      });
      const row: StatsRow = {
        key,
        label,
        received: items.length,
        accepted: items.filter((c) => c.acceptedAt !== null).length,
        completed: items.filter((c) => c.completedAt !== null).length,
        finished: finished.length,
        onTime,
        onTimeRate: finished.length > 0 ? round2(onTime / finished.length) : null,
        avgWorkingDays:
          durations.length > 0 ? round2(durations.reduce((a, b) => a + b, 0) / durations.length) : null,
        p90WorkingDays: percentile(durations, 90),
        overdue: items.filter(
          (c) => c.onTime === false || (c.onTime === null && c.closedAt === null && c.cardLevel === 'red'),
        ).length,
        cards: { green: 0, yellow: 0, red: 0 },
        ratings: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, good: 0, medium: 0, bad: 0 },
        handedOver: items.filter((c) => handoverOf.has(c.applicationNo)).length,
        avgHandoverHours: waits.length > 0 ? round2(waits.reduce((a, b) => a + b, 0) / waits.length) : null,
        maxHandoverHours: waits.length > 0 ? Math.max(...waits) : null,
      };
      for (const c of items) {
        if (c.cardLevel === 'green' || c.cardLevel === 'yellow' || c.cardLevel === 'red')
          row.cards[c.cardLevel] += 1;
        const r = ratingOf.get(c.applicationNo);
        if (r !== undefined) {
          const level = String(r.level);
          if (level === '1' || level === '2' || level === '3' || level === '4' || level === '5')
            row.ratings[level] += 1;
          if (r.grade === 'good' || r.grade === 'medium' || r.grade === 'bad') row.ratings[r.grade] += 1;
        }
      }
      return row;
    };
    const rows = [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, g]) => summarise(key, g.label, g.items));
    return {
      groupBy: q.groupBy,
      from: q.from ?? null,
      to: q.to ?? null,
      rows,
      total: summarise('total', '合计', cases),
    };
  }
}

const COLUMNS: [string, (r: StatsRow) => string | number | null][] = [
  ['分组', (r) => r.key],
  ['名称', (r) => r.label],
  ['收件数', (r) => r.received],
  ['受理数', (r) => r.accepted],
  ['办结数', (r) => r.completed],
  ['按时办结率', (r) => r.onTimeRate],
  ['平均用时（工作日）', (r) => r.avgWorkingDays],
  ['P90用时（工作日）', (r) => r.p90WorkingDays],
  ['超期数', (r) => r.overdue],
  ['绿灯', (r) => r.cards.green],
  ['黄灯', (r) => r.cards.yellow],
  ['红灯', (r) => r.cards.red],
  ['好评', (r) => r.ratings.good],
  ['中评', (r) => r.ratings.medium],
  ['差评', (r) => r.ratings.bad],
  ['代办转交数', (r) => r.handedOver],
  ['平均转交用时（工作小时）', (r) => r.avgHandoverHours],
  ['最长转交用时（工作小时）', (r) => r.maxHandoverHours],
];

export function statsCsv(rows: readonly StatsRow[]): string {
  const cell = (v: string | number | null): string => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const lines = [
    COLUMNS.map(([h]) => h).join(','),
    ...rows.map((r) => COLUMNS.map(([, f]) => cell(f(r))).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`; // BOM: Excel opens UTF-8 Chinese correctly
}

export async function statsXlsx(rows: readonly StatsRow[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('办件统计');
  ws.addRow([title]);
  ws.addRow(COLUMNS.map(([h]) => h)).font = { bold: true };
  for (const r of rows) ws.addRow(COLUMNS.map(([, f]) => f(r)));
  ws.columns.forEach((c) => (c.width = 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
