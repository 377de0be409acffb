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

/** The field labels of the catalog forms and the import's error table (a user never sees a field path). */
const FIELD_LABELS: Readonly<Record<string, MessageKey>> = {
  promisedLimitDays: 'cat.promisedLimit',
  legalLimitDays: 'cat.legalLimit',
  caseType: 'cat.caseType',
  audiences: 'cat.audiences',
  themes: 'cat.themes',
  competentDepartment: 'cat.competentDepartment',
  acceptanceConditions: 'cat.acceptanceConditions',
  resultName: 'cat.resultName',
  'service.place': 'cat.place',
  'service.hours': 'cat.hours',
  'service.consultPhone': 'cat.consultPhone',
  'service.complaintPhone': 'cat.complaintPhone',
  'service.online': 'cat.online',
  'service.appointment': 'cel.appointment',
  'service.onlinePayment': 'cel.onlinePayment',
  'service.courierDelivery': 'cel.courierDelivery',
  'quantityLimit.limited': 'cel.quantityLimited',
  'quantityLimit.limit': 'cel.quantityLimit',
  'quantityLimit.basis': 'cel.quantityBasis',
  intermediaryProviders: 'cel.providers',
  intermediaryServices: 'cel.intermediaryServices',
  feeBasis: 'cel.feeBasis',
  resultSample: 'cel.resultSample',
  fees: 'cel.fees',
  'fees.*.item': 'cel.feeItem',
  'fees.*.standard': 'cel.feeStandard',
  'fees.*.basis': 'cel.feeItemBasis',
  'fees.*.reductions': 'cel.feeReductions',
  'intermediaryProviders.*.service': 'cel.providerService',
  'intermediaryProviders.*.name': 'cel.providerName',
  'intermediaryProviders.*.uscc': 'cel.providerUscc',
  'intermediaryProviders.*.contact': 'cel.providerContact',
  'intermediaryServices.*.name': 'cel.serviceName',
  'intermediaryServices.*.legalBasis': 'cel.serviceBasis',
};

/** A field's label in the user's language; the field's own name only for one without a label. */
export function useFieldLabel(): (field: string) => string {
  const { t } = useI18n();
  return (field) => {
    const key = FIELD_LABELS[field];
    if (key) return t(key);
    // A field of a repeated row (fees.0.basis): the list's label, the row number, the field's label.
    const row = /^(\w+)\.(\d+)\.(\w+)$/.exec(field);
    const list = row?.[1] ? FIELD_LABELS[row[1]] : undefined;
    const sub = row ? FIELD_LABELS[`${row[1]}.*.${row[3]}`] : undefined;
    return row && list && sub ? `${t(list)} ${Number(row[2]) + 1}：${t(sub)}` : field;
  };
}

/**
 * Puts a failed save's field errors on the form fields they name (the rule in the user's language, or the
 * error's words; the code and the service's English stay out of the headline); returns what names no field of
 * this form (shown above the form instead).
 */
export function applyServerErrors(
  form: FormInstance,
  fields: readonly string[],
  err: unknown,
  errorText: (e: unknown) => string,
  ruleText: (code: string) => string | undefined,
  fieldLabel: (field: string) => string = (field) => field,
): string | null {
  const errors = fieldErrorsOf(err);
  const code = err instanceof ApiError ? err.code : '';
  const words = (message: string) => ruleText(code) ?? (errorText(err) || message);
  const known = errors.filter((e) => fields.includes(e.field));
  form.setFields(known.map((e) => ({ name: e.field.split('.'), errors: [words(e.message)] })));
  const first = known[0]?.field.split('.');
  if (first) form.scrollToField(first, { focus: true });
  const rest = errors.filter((e) => !fields.includes(e.field));
  if (known.length > 0 && rest.length === 0) return null;
  return rest.length > 0
    ? rest.map((e) => `${fieldLabel(e.field)}：${words(e.message)}`).join('；')
    : errorText(err);
}
