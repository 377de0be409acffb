import {
  combine,
  DurationHistory,
  expectedDays,
  missProbability,
  queueWait,
  remainingWork,
  type StepSample,
} from './risk.model.js';

const samples = (departmentCode: string, implementationCode: string, days: number[]): StepSample[] =>
  days.map((durationDays) => ({ departmentCode, implementationCode, durationDays }));

describe('risk model: distributions and fallbacks', () => {
  const history = new DurationHistory([
    ...samples('market', 'food', [1, 2, 2, 3, 4]),
    ...samples('market', 'drug', [6, 8]),
    ...samples('health', 'food', [1, 1]),
    ...samples('fire', 'x', [2]),
  ]);

  it('uses the department and item when it has enough samples', () => {
    const d = history.distribution('market', 'food', 5);
    expect(d).toMatchObject({ basis: 'item', samples: 5 });
    expect(d.points.map((p) => p.days)).toEqual([1, 2, 2, 3, 4]);
  });

  it('falls back to the department, then to all departments', () => {
    expect(history.distribution('market', 'drug', 5)).toMatchObject({ basis: 'department', samples: 7 });
    expect(history.distribution('health', 'food', 5)).toMatchObject({ basis: 'global', samples: 10 });
  });

  it('pads little history with a uniform prior over the step limit, worth the missing samples', () => {
    const sparse = new DurationHistory(samples('fire', 'x', [2]));
    const d = sparse.distribution('fire', 'x', 4);
    expect(d).toMatchObject({ basis: 'prior', samples: 1 });
    expect(d.points).toEqual([
      { days: 2, weight: 1 },
      { days: 1, weight: 1 },
      { days: 2, weight: 1 },
      { days: 3, weight: 1 },
      { days: 4, weight: 1 },
    ]);
    const empty = new DurationHistory([]).distribution('fire', 'x', 2);
    expect(empty).toMatchObject({
      basis: 'prior',
      samples: 0,
      points: [
        { days: 1, weight: 2.5 },
        { days: 2, weight: 2.5 },
      ],
    });
  });
});

describe('risk model: probability of missing', () => {
  const dist = {
    basis: 'item' as const,
    samples: 4,
    points: [1, 2, 3, 6].map((days) => ({ days, weight: 1 })),
  };

  it('conditions on the time already spent and shifts by it', () => {
    expect(remainingWork(dist, 0)).toEqual([1, 2, 3, 6].map((days) => ({ days, weight: 0.25 })));
    // Running 2 days: only durations ≥ 2 remain (2, 3, 6) → remaining 0, 1, 4.
    const r = remainingWork(dist, 2);
    expect(r.map((x) => x.days)).toEqual([0, 1, 4]);
    expect(r.map((x) => x.weight)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(expectedDays(r)).toBeCloseTo(5 / 3);
    // Slower than all history: one more working day.
    expect(remainingWork(dist, 7)).toEqual([{ days: 1, weight: 1 }]);
  });

  it('is P(remaining work + queue wait > remaining working days)', () => {
    const r = remainingWork(dist, 0);
    expect(missProbability(r, 0, 10)).toBe(0);
    expect(missProbability(r, 0, 3)).toBe(0.25); // only 6 > 3
    expect(missProbability(r, 0, 2)).toBe(0.5);
    expect(missProbability(r, 1.5, 3)).toBe(0.75); // 2, 3 and 6 plus a 1.5-day wait exceed 3
    expect(missProbability(r, 0, 0)).toBe(1);
    expect(missProbability(r, 0, -1)).toBe(1); // already over the limit
  });

  it('queue wait is the steps ahead divided by the completion rate, with a prior rate when there is none', () => {
    expect(queueWait(6, 2)).toEqual({ ratePerDay: 2, waitDays: 3 });
    expect(queueWait(3, null)).toEqual({ ratePerDay: 1, waitDays: 3 });
    expect(queueWait(3, 0, { minSamples: 5, priorRatePerDay: 0.5 })).toEqual({
      ratePerDay: 0.5,
      waitDays: 6,
    });
  });

  it('a case misses when any open step misses', () => {
    expect(combine([])).toBe(0);
    expect(combine([0.5, 0.5])).toBe(0.75);
    expect(combine([1, 0.2])).toBe(1);
  });
});

describe('risk model: why a ranking can read 0% everywhere', () => {
  // History like the demo's load runs: 50 steps of the department, each completed within the day it started.
  const history = new DurationHistory(
    samples(
      'market',
      'food',
      Array.from({ length: 50 }, () => 0),
    ),
  );

  it('gives every case with its limit ahead 0%, even behind a queue of 25, when the history finishes steps the same day', () => {
    const dist = history.distribution('market', 'food', 20);
    expect(dist).toMatchObject({ basis: 'item', samples: 50 });
    const wait = queueWait(25, 50);
    expect(wait.waitDays).toBe(0.5);
    expect(missProbability(remainingWork(dist, 0), wait.waitDays, 19)).toBe(0);
  });

  it('but not a step already slower than all of that history with no working day left', () => {
    const dist = history.distribution('market', 'food', 20);
    // Slower than every sample: one more working day is assumed, and none is left.
    expect(missProbability(remainingWork(dist, 3), 0, 0)).toBe(1);
    expect(missProbability(remainingWork(dist, 3), 0, 1)).toBe(0);
  });
});
