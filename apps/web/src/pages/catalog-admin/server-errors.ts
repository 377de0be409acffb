/** A failed catalog save's 400/422 field errors, put on the form fields they name (三级四同 rules in the user's words). */
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/http.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';

/** Field errors of a failed save: `details.field` (422 rules) or `details.issues[]` (400 schema), message without the "field: " prefix. */
export function fieldErrorsOf(err: unknown): Array<{ field: string; message: string }> {
  if (!(err instanceof ApiError) || (err.status !== 400 && err.status !== 422)) return [];
  const details = (typeof err.details === 'object' && err.details !== null ? err.details : {}) as {
    field?: unknown;
    issues?: unknown;
  };
  const strip = (field: string, message: string) =>
    message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
  if (Array.isArray(details.issues)) {
    return details.issues.flatMap((i: { field?: unknown; message?: unknown }) =>
      typeof i.field === 'string' && typeof i.message === 'string'
        ? [{ field: i.field, message: strip(i.field, i.message) }]
        : [],
    );
  }
  if (typeof details.field === 'string')
    return [{ field: details.field, message: strip(details.field, err.message) }];
  return [];
}

/** Words for a catalog rule code (zh-CN / en), or undefined for codes without a translation. */
export function useRuleText(): (code: string) => string | undefined {
  const { t } = useI18n();
  return (code) => {
    const key = `cat.err.${code}` as MessageKey;
    const text = t(key);
    return text === undefined || text === key ? undefined : text;
  };
}

/**
 * Puts a failed save's field errors on the form fields they name (the rule in the user's language, then the
 * service's words and code); returns what names no field of this form (shown above the form instead).
 */
export function applyServerErrors(
  form: FormInstance,
  fields: readonly string[],
  err: unknown,
  errorText: (e: unknown) => string,
  ruleText: (code: string) => string | undefined,
): string | null {
  const errors = fieldErrorsOf(err);
  const code = err instanceof ApiError ? err.code : '';
  const words = (message: string) => {
    const rule = ruleText(code);
    return rule ? `${rule}：${message}（${code}）` : `${message}（${code}）`;
  };
  const known = errors.filter((e) => fields.includes(e.field));
  form.setFields(known.map((e) => ({ name: e.field.split('.'), errors: [words(e.message)] })));
  const first = known[0]?.field.split('.');
  if (first) form.scrollToField(first, { focus: true });
  const rest = errors.filter((e) => !fields.includes(e.field));
  if (known.length > 0 && rest.length === 0) return null;
  return rest.length > 0 ? rest.map((e) => `${e.field}: ${words(e.message)}`).join('；') : errorText(err);
}
