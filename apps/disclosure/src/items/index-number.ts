import type { OpenCategory } from '@hall/contracts';

/** The category part of a 索引号 per 五公开 category. */
export const CATEGORY_CODES: Readonly<Record<OpenCategory, string>> = Object.freeze({
  decision: 'JC',
  execution: 'ZX',
  management: 'GL',
  service: 'FW',
  result: 'JG',
});

/** 索引号: `<agency code>/<year>-<category code>-<serial, 5 digits>`, e.g. `330100-SCJG/2026-JC-00001`. */
export function formatIndexNo(
  agencyCode: string,
  year: number,
  category: OpenCategory,
  serial: number,
): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 99_999) throw new RangeError(`serial ${serial}`);
  return `${agencyCode}/${year}-${CATEGORY_CODES[category]}-${String(serial).padStart(5, '0')}`;
}
