import { chinaDateString } from '@hall/calendar';
import type { MonthlyQuery, MonthlyReport } from '@hall/contracts';
import type { SupervisionStore } from '../supervision.store.js';
import { monthlyRows } from './stats.repository.js';

/** The fields of a case row the monthly report counts. */
export interface MonthlyInput {
  /** The implementation's region. */
  regionCode: string;
  /** The township or village whose point took the case in (受理下移 / 代办), if any. */
  takenInRegion: string | null;
  departmentCode: string;
  receivedAt: Date | null;
  acceptedAt: Date | null;
  completedAt: Date | null;
  decidedAt: Date | null;
  closedAt: Date | null;
  onTime: boolean | null;
}

export const MONTHLY_COLUMNS = ['received', 'accepted', 'completed', 'onTime', 'overdue'] as const;
export type MonthlyCounts = Record<(typeof MONTHLY_COLUMNS)[number], number>;

const zero = (): MonthlyCounts => ({ received: 0, accepted: 0, completed: 0, onTime: 0, overdue: 0 });
const monthOf = (d: Date): string => chinaDateString(d).slice(0, 7);
const SEP = '\u0000';

/**
 * The region a case counts under in the monthly table: where it was taken in (a township or village point), else the
 * implementation's region. A point only takes in items of an implementation whose region covers it, so a staff scope
 * that covers this place is exactly one that reaches the case (`caseInScope`: the implementation's region or the
 * taken-in region under the prefix).
 */
export const monthlyPlaceOf = (row: Pick<MonthlyInput, 'regionCode' | 'takenInRegion'>): string =>
  row.takenInRegion ?? row.regionCode;

/**
 * What one case contributes to the monthly report, per (month, department, place — `monthlyPlaceOf`): received in its month of
 * receipt, accepted in its month of acceptance, completed in its month of completion, on time / overdue in the month
 * its promised clock stopped (decision, else completion, else withdrawal/termination).
 */
export function monthlyContributions(row: MonthlyInput | null): Map<string, MonthlyCounts> {
  const out = new Map<string, MonthlyCounts>();
  if (row === null) return out;
  const add = (at: Date | null, column: keyof MonthlyCounts): void => {
    if (at === null) return;
    const key = [monthOf(at), row.departmentCode, monthlyPlaceOf(row)].join(SEP);
    const counts = out.get(key) ?? zero();
    counts[column] += 1;
    out.set(key, counts);
  };
  add(row.receivedAt, 'received');
  add(row.acceptedAt, 'accepted');
  add(row.completedAt, 'completed');
  if (row.onTime !== null)
    add(row.decidedAt ?? row.completedAt ?? row.closedAt, row.onTime ? 'onTime' : 'overdue');
  return out;
}

/** new − old, per key, only the keys that change; sorted keys (a fixed lock order between transactions). */
export function monthlyDelta(
  before: MonthlyInput | null,
  after: MonthlyInput | null,
): [string, MonthlyCounts][] {
  const a = monthlyContributions(before);
  const b = monthlyContributions(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: [string, MonthlyCounts][] = [];
  for (const key of keys) {
    const d = zero();
    for (const c of MONTHLY_COLUMNS) d[c] = (b.get(key)?.[c] ?? 0) - (a.get(key)?.[c] ?? 0);
    if (MONTHLY_COLUMNS.some((c) => d[c] !== 0)) out.push([key, d]);
  }
  return out;
}

/** A row key of `monthly_department_stat`, by column. */
export interface MonthlyKey {
  month: string;
  department_code: string;
  region_code: string;
}

/**
 * What several cases' changes (each a row before and after) move in `monthly_department_stat`: the sum of their
 * deltas, keys that do not change left out, in key order (a fixed lock order between transactions). Applied as atomic
 * increments in the projection's transaction (`saveProjections`: no read-modify-write race between cases); a
 * replay re-projects to the same row, whose delta is empty: no double counting.
 */
export function monthlyDeltaOf(
  changes: Iterable<readonly [MonthlyInput | null, MonthlyInput | null]>,
): [MonthlyKey, MonthlyCounts][] {
  const sum = new Map<string, MonthlyCounts>();
  for (const [before, after] of changes) {
    for (const [key, d] of monthlyDelta(before, after)) {
      const s = sum.get(key) ?? zero();
      for (const c of MONTHLY_COLUMNS) s[c] += d[c];
      sum.set(key, s);
    }
  }
  const out: [MonthlyKey, MonthlyCounts][] = [];
  for (const key of [...sum.keys()].sort()) {
    const d = sum.get(key);
    const [month, dept, region] = key.split(SEP);
    if (d === undefined || month === undefined || dept === undefined || region === undefined) continue;
    if (MONTHLY_COLUMNS.some((c) => d[c] !== 0))
      out.push([{ month, department_code: dept, region_code: region }, d]);
  }
  return out;
}

/** The monthly per-department table of the caller's region, with the on-time rate of the cases finished that month. */
export async function monthlyReport(
  store: SupervisionStore,
  regionPrefix: string,
  q: MonthlyQuery,
): Promise<MonthlyReport> {
  const rows = await monthlyRows(store.prisma, regionPrefix, q);
  const rate = (onTime: number, overdue: number): number | null =>
    onTime + overdue > 0 ? Math.round((onTime / (onTime + overdue)) * 10_000) / 10_000 : null;
  return {
    from: q.from ?? null,
    to: q.to ?? null,
    rows: rows.map((r) => ({ ...r, onTimeRate: rate(r.onTime, r.overdue) })),
  };
}
