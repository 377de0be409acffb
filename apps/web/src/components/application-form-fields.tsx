/**
 * 申请表 from the catalog: renders an implementation's form fields (the same definitions intake validates against)
 * as antd form items with Chinese validation messages. Fields the real-name account already holds (prefill) are not
 * asked: the service fills them from the token (国务院令第716号 art. 7).
 */
import { Checkbox, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Rule } from 'antd/es/form/index.js';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import type { ApplicationFormField } from '../api/intake.api.js';
import { useI18n } from '../i18n/i18n.js';

const PHONE = /^[0-9+\- ]{5,30}$/;

type Prefill = NonNullable<ApplicationFormField['prefill']>;

/**
 * The prefill kinds an account holds (as intake's `prefillValuesOf`): a person's name and 公民身份号码, a business's
 * name and 统一社会信用代码, and the phone when it has one. A prefilled field the account does not hold is asked.
 */
export function heldPrefills(account: {
  kind: 'person' | 'business';
  hasPhone?: boolean;
}): ReadonlySet<Prefill> {
  const held: Prefill[] = account.kind === 'business' ? ['name', 'orgName', 'uscc'] : ['name', 'idNumber'];
  if (account.hasPhone !== false) held.push('phone');
  return new Set(held);
}

const isHeld = (f: ApplicationFormField, held: ReadonlySet<Prefill>) =>
  f.prefill !== undefined && held.has(f.prefill);

/** The fields the applicant fills in (prefilled ones the account holds come from the account). */
export const askedFields = (
  fields: readonly ApplicationFormField[],
  held: ReadonlySet<Prefill>,
): ApplicationFormField[] => fields.filter((f) => !isHeld(f, held));

function rulesOf(f: ApplicationFormField, t: ReturnType<typeof useI18n>['t']): Rule[] {
  const rules: Rule[] = [];
  // The rule's value type follows the control (antd validates as a string unless told): numbers, lists, dates.
  const type =
    f.type === 'number'
      ? 'number'
      : f.type === 'multiselect'
        ? 'array'
        : f.type === 'boolean'
          ? 'boolean'
          : f.type === 'date'
            ? 'object'
            : 'string';
  if (f.required)
    rules.push({
      required: true,
      type,
      whitespace: type === 'string',
      message: t('form.required', { label: f.label }),
    });
  if (f.type === 'phone') rules.push({ pattern: PHONE, message: t('form.phone') });
  if (f.pattern) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(f.pattern, 'u');
    } catch {
      re = undefined;
    }
    if (re) rules.push({ pattern: re, message: f.patternMessage || t('form.pattern', { label: f.label }) });
  }
  if (f.maxLength)
    rules.push({ max: f.maxLength, message: t('form.maxLength', { label: f.label, n: f.maxLength }) });
  if (f.type === 'number' && (f.min !== undefined || f.max !== undefined)) {
    rules.push({
      type: 'number',
      min: f.min,
      max: f.max,
      message: t('form.range', { label: f.label, min: f.min ?? '', max: f.max ?? '' }),
    });
  }
  return rules;
}

export function ApplicationFormFields({
  fields,
  held,
}: {
  fields: readonly ApplicationFormField[];
  held: ReadonlySet<Prefill>;
}) {
  const { t, locale } = useI18n();
  // The date pickers take month and weekday names (一月, 周一) and the week's first day from dayjs; loaded with the
  // form (the only screen with date pickers), not with every page.
  useEffect(() => {
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  }, [locale]);
  const prefilled = fields.filter((f) => isHeld(f, held));
  return (
    <>
      {prefilled.length > 0 && (
        <p className="muted" data-testid="prefilled-fields">
          {t('form.prefilled', { labels: prefilled.map((f) => f.label).join('、') })}
        </p>
      )}
      {askedFields(fields, held).map((f) => {
        const common = { key: f.key, name: f.key, label: f.label, rules: rulesOf(f, t) };
        const placeholder = f.example ? t('form.example', { example: f.example }) : undefined;
        switch (f.type) {
          case 'textarea':
          case 'address':
            return (
              <Form.Item {...common}>
                <Input.TextArea
                  maxLength={f.maxLength ?? 500}
                  rows={f.type === 'address' ? 2 : 3}
                  autoComplete={f.type === 'address' ? 'street-address' : undefined}
                  placeholder={placeholder}
                />
              </Form.Item>
            );
          case 'number':
            return (
              <Form.Item {...common}>
                <InputNumber className="full-width" min={f.min} max={f.max} placeholder={placeholder} />
              </Form.Item>
            );
          case 'date':
            return (
              <Form.Item {...common}>
                <DatePicker className="full-width" placeholder={t('form.datePlaceholder')} />
              </Form.Item>
            );
          case 'select':
          case 'multiselect':
            return (
              <Form.Item {...common}>
                <Select
                  mode={f.type === 'multiselect' ? 'multiple' : undefined}
                  options={(f.options ?? []).map((o) => ({ value: o, label: o }))}
                  placeholder={t('form.choose')}
                />
              </Form.Item>
            );
          case 'boolean':
            return (
              <Form.Item {...common} valuePropName="checked">
                <Checkbox>{f.label}</Checkbox>
              </Form.Item>
            );
          case 'phone':
            return (
              <Form.Item {...common}>
                <Input maxLength={30} inputMode="tel" autoComplete="tel" placeholder={placeholder} />
              </Form.Item>
            );
          default:
            return (
              <Form.Item {...common}>
                <Input maxLength={f.maxLength ?? 200} placeholder={placeholder} />
              </Form.Item>
            );
        }
      })}
    </>
  );
}

/** Form values as intake expects them: dates as YYYY-MM-DD, empty values left out. */
export function formDataOf(
  fields: readonly ApplicationFormField[],
  values: Record<string, unknown>,
  held: ReadonlySet<Prefill>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of askedFields(fields, held)) {
    const v = values[f.key];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (
      f.type === 'date' &&
      typeof v === 'object' &&
      v !== null &&
      'format' in v &&
      typeof v.format === 'function'
    ) {
      out[f.key] = (v as { format: (p: string) => string }).format('YYYY-MM-DD');
    } else out[f.key] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/** Text of a value on the review step. */
export function displayValue(f: ApplicationFormField, v: unknown, yesNo: (b: boolean) => string): string {
  if (v === undefined || v === null || v === '') return '—';
  if (Array.isArray(v)) return v.map(String).join('、');
  if (typeof v === 'boolean') return yesNo(v);
  if (f.type === 'date' && typeof v === 'object' && 'format' in v && typeof v.format === 'function')
    return (v as { format: (p: string) => string }).format('YYYY-MM-DD');
  return typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
}
