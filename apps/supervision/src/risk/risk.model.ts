/**
 * Risk of missing the promised limit (超期风险预测) — a pure, deterministic model over plain numbers.
 *
 * For one open step: its remaining work R is drawn from the empirical distribution of completed step durations
 * (working days) of the same department and item, falling back to the department, then to all departments, when a
 * level has fewer than `minSamples` samples; below that everywhere, the samples are padded with a prior (uniform
 * over 1..the step's own limit) up to `minSamples` weight. The distribution is conditioned on the step having
 * already run `elapsed` days (only durations ≥ elapsed count; R = duration − elapsed). A step slower than every
 * sample is assumed to need one more working day. The department's queue adds a wait W = (open steps of the
 * department ahead of this one) / (the department's historical completions per working day).
 * P(miss) = P(R + W > remaining working days of the case). A case misses when any of its open steps misses
 * (independence): P = 1 − Π(1 − pᵢ). A case already over its limit has P = 1.
 */

export interface RiskSettings {
  /** A level (item, department) is used only with at least this many completed steps; also the prior's weight. */
  minSamples: number;
  /** Completions per working day assumed for a department with no history. */
  priorRatePerDay: number;
}

export const DEFAULT_RISK_SETTINGS: RiskSettings = { minSamples: 5, priorRatePerDay: 1 };

/** A completed step: the raw material of the distributions. */
export interface StepSample {
  departmentCode: string;
  implementationCode: string;
  durationDays: number;
}

export type RiskBasis = 'item' | 'department' | 'global' | 'prior';

/** A weighted duration distribution (working days). */
export interface Distribution {
  basis: RiskBasis;
  samples: number;
  points: { days: number; weight: number }[];
}

/** Indexes completed step durations per (department, item), department and overall. */
export class DurationHistory {
  private readonly byItem = new Map<string, number[]>();
  private readonly byDept = new Map<string, number[]>();
  private readonly all: number[] = [];

  constructor(samples: readonly StepSample[]) {
    for (const s of samples) {
      push(this.byItem, `${s.departmentCode}\u0000${s.implementationCode}`, s.durationDays);
      push(this.byDept, s.departmentCode, s.durationDays);
      this.all.push(s.durationDays);
    }
  }

  /** The distribution for a step of `departmentCode` in a case of `implementationCode` with its own `limitDays`. */
  distribution(
    departmentCode: string,
    implementationCode: string,
    limitDays: number,
    settings: RiskSettings = DEFAULT_RISK_SETTINGS,
  ): Distribution {
    const levels: [RiskBasis, readonly number[]][] = [
      ['item', this.byItem.get(`${departmentCode}\u0000${implementationCode}`) ?? []],
      ['department', this.byDept.get(departmentCode) ?? []],
      ['global', this.all],
    ];
    for (const [basis, values] of levels) {
      if (values.length >= settings.minSamples)
        return { basis, samples: values.length, points: values.map((days) => ({ days, weight: 1 })) };
    }
    // Little history anywhere: the department's samples (or all) plus a prior worth the missing samples.
    const own = this.byDept.get(departmentCode) ?? [];
    const values = own.length > 0 ? own : this.all;
    const limit = Math.max(1, limitDays);
    const priorWeight = (settings.minSamples - values.length) / limit;
    const points = values.map((days) => ({ days, weight: 1 }));
    for (let d = 1; d <= limit; d++) points.push({ days: d, weight: priorWeight });
    return { basis: 'prior', samples: values.length, points };
  }
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/**
 * Remaining work of a step that has run `elapsed` working days: the distribution conditioned on duration ≥ elapsed,
 * shifted by −elapsed. When no mass is left (slower than all history), one more working day.
 */
export function remainingWork(dist: Distribution, elapsed: number): { days: number; weight: number }[] {
  const left = dist.points.filter((p) => p.days >= elapsed);
  const total = left.reduce((n, p) => n + p.weight, 0);
  if (total <= 0) return [{ days: 1, weight: 1 }];
  return left.map((p) => ({ days: p.days - elapsed, weight: p.weight / total }));
}

/** P(R + wait > remainingDays) for a remaining-work distribution whose weights sum to 1. */
export function missProbability(
  remaining: readonly { days: number; weight: number }[],
  waitDays: number,
  remainingDays: number,
): number {
  if (remainingDays < 0) return 1;
  const p = remaining.reduce((n, r) => (r.days + waitDays > remainingDays ? n + r.weight : n), 0);
  return clamp01(p);
}

/** Expected value of a remaining-work distribution. */
export function expectedDays(remaining: readonly { days: number; weight: number }[]): number {
  return remaining.reduce((n, r) => n + r.days * r.weight, 0);
}

/** Queue wait in working days: steps ahead divided by the completion rate (prior rate when there is none). */
export function queueWait(
  ahead: number,
  ratePerDay: number | null,
  settings: RiskSettings = DEFAULT_RISK_SETTINGS,
): { ratePerDay: number; waitDays: number } {
  const rate = ratePerDay !== null && ratePerDay > 0 ? ratePerDay : settings.priorRatePerDay;
  return { ratePerDay: rate, waitDays: ahead / rate };
}

/** A case misses when any of its open steps does (assumed independent). */
export function combine(probabilities: readonly number[]): number {
  return clamp01(1 - probabilities.reduce((q, p) => q * (1 - p), 1));
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Rounds for output (stable across platforms: probabilities are sums of rationals). */
export const round4 = (n: number): number => Math.round(n * 10_000) / 10_000;
