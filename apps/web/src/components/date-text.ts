/** A date or instant of a service answer as the user reads it: China time (UTC+8), the locale's medium style. */
import type { Locale } from '../i18n/i18n.js';

const ISO = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** `value` formatted when it is an ISO date (`2026-12-05`) or instant; otherwise undefined. */
export function dateText(value: string, locale: Locale): string | undefined {
  if (!ISO.test(value) || Number.isNaN(Date.parse(value))) return undefined;
  const opts: Intl.DateTimeFormatOptions = value.includes('T')
    ? { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }
    : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat(locale, opts).format(new Date(value));
}
