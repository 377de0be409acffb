/**
 * Tolerant display of a service answer whose exact shape is owned by another service (progress, verification):
 * known fields by their usual names, dates in China time, a timeline when the answer carries one.
 */
import { Descriptions, Timeline } from 'antd';
import { useI18n, type Locale } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { dateText } from './date-text.js';

export type FieldSpec = readonly [names: readonly string[], label: MessageKey];

export function displayValue(value: unknown, locale: Locale): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return dateText(value, locale) ?? value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const named = o.name ?? o.label ?? o.masked;
    if (typeof named === 'string') return named;
    const from = displayValue(o.from ?? o.validFrom, locale);
    const to = displayValue(o.to ?? o.until ?? o.validUntil, locale);
    if (from || to) return `${from ?? ''} – ${to ?? ''}`;
  }
  return undefined;
}

export function pick(
  record: Readonly<Record<string, unknown>>,
  names: readonly string[],
  locale: Locale,
): string | undefined {
  for (const n of names) {
    const v = displayValue(record[n], locale);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function RecordFields({
  record,
  fields,
}: {
  record: Readonly<Record<string, unknown>>;
  fields: readonly FieldSpec[];
}) {
  const { t, locale } = useI18n();
  const items = fields.flatMap(([names, label]) => {
    const value = pick(record, names, locale);
    return value === undefined ? [] : [{ key: label, label: t(label), children: value }];
  });
  return <Descriptions column={1} bordered size="small" items={items} />;
}

const TIMELINE_KEYS = ['timeline', 'history', 'events', 'steps'];

export function RecordTimeline({ record }: { record: Readonly<Record<string, unknown>> }) {
  const { locale } = useI18n();
  const list = TIMELINE_KEYS.map((k) => record[k]).find(
    (v): v is unknown[] => Array.isArray(v) && v.length > 0,
  );
  if (!list) return null;
  const items = list.flatMap((entry, i) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const e = entry as Record<string, unknown>;
    const what =
      pick(e, ['label', 'statusName', 'title', 'description', 'status', 'event', 'type'], locale) ?? '';
    const when = pick(e, ['at', 'time', 'occurredAt', 'date'], locale);
    return [{ key: `${i}`, children: when ? `${when} · ${what}` : what }];
  });
  return <Timeline items={items} />;
}
