/** Dates of licences are calendar dates in China time (UTC+8, no daylight saving). */
const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of an instant in China time. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** `2026年11月22日`. */
export function chinaDateLabel(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y ?? ''}年${Number(m)}月${Number(d)}日`;
}

/** Start of a China calendar date as an instant. */
function startOfChinaDate(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - OFFSET_MS);
}

/**
 * The last instant of validity for a licence valid from `from` for `months` months (0 = long-term → null):
 * the end of the day before the same calendar day `months` later (a month without that day clamps to its
 * last day), e.g. from 2026-11-22 for 60 months → valid until the end of 2031-11-21 (China time).
 */
export function validUntil(from: Date, months: number): Date | null {
  if (months <= 0) return null;
  const [y = 0, m = 1, d = 1] = chinaDate(from).split('-').map(Number);
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(d, lastDay);
  const anniversary = `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return new Date(startOfChinaDate(anniversary).getTime() - 1);
}

export { DAY_MS };
