import { chinaDateString } from '@hall/calendar';
import type { EnquiryType } from '@hall/contracts';
import { pinyinSearchText } from '@hall/search-text';

/**
 * Answer time limits in working days, by type. No national rule fixes them: the State Council's opinion on the
 * 12345 hotlines (国办发〔2020〕53号) asks for time limits without numbers, and cities set their own. These defaults
 * follow common local 12345 practice (a question within 5 working days, a complaint within 10, a suggestion within
 * 15); `ENQUIRY_LIMIT_DAYS="consultation=3,complaint=7"` overrides any of them.
 */
export const DEFAULT_LIMIT_DAYS: Readonly<Record<EnquiryType, number>> = {
  consultation: 5,
  help: 5,
  complaint: 10,
  suggestion: 15,
};

/**
 * The most working days one extension (延期) of an enquiry may add: the hall's default, half of a complaint's limit,
 * since no rule fixes it either; `ENQUIRY_MAX_EXTENSION_DAYS` (1–30) overrides it.
 */
export const DEFAULT_MAX_EXTENSION_DAYS = 5;

export function maxExtensionDaysFromEnv(value: string | undefined): number {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n >= 1 && n <= 30 ? n : DEFAULT_MAX_EXTENSION_DAYS;
}

/** How often a department may hand an enquiry back before it must answer it (the dispatcher decides disputes). */
export const MAX_TRANSFERS = 2;

export function limitDaysFromEnv(value: string | undefined): Record<EnquiryType, number> {
  const limits = { ...DEFAULT_LIMIT_DAYS };
  for (const part of (value ?? '').split(',')) {
    const [type, days] = part.split('=').map((s) => s.trim());
    const n = Number(days);
    if (type && type in limits && Number.isInteger(n) && n > 0 && n <= 60) limits[type as EnquiryType] = n;
  }
  return limits;
}

const PREFIX: Readonly<Record<EnquiryType, string>> = {
  consultation: 'ZX',
  complaint: 'TS',
  suggestion: 'JY',
  help: 'QZ',
};

/** The serial's key: type prefix and China date (`ZX20261206`). */
export function enquiryPrefix(type: EnquiryType, at: Date): string {
  return `${PREFIX[type]}${chinaDateString(at).replace(/-/g, '')}`;
}

export function formatEnquiryNo(prefix: string, serial: number): string {
  if (serial > 999_999) throw new RangeError('enquiry serial exhausted for the day');
  return `${prefix}${String(serial).padStart(6, '0')}`;
}

/**
 * The text a published enquiry is found by: subject, question and answer, lower case, with their pinyin in full and
 * as initials (a query is normalised by `normaliseQuery` of `libs/search-text`, as the catalog's search).
 */
export function publishedTextOf(e: { subject: string; text: string; answer: string | null }): string {
  return pinyinSearchText([e.subject, e.text, e.answer ?? ''].join(' '));
}
