import { z } from 'zod';

/**
 * 申请表 as catalog data: a compact, JSON-Schema-like field list with UI hints, kept with the implementation and
 * versioned with it (an application is judged by the form of the version it was filed under). One schema language
 * (zod) describes the document; `validateFormData` checks an applicant's form data against it — the same rule in
 * intake (server) and, by its field types, in the web wizard.
 */
export const FORM_FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'multiselect',
  'boolean',
  'phone',
  'address',
] as const;
export const FormFieldType = z.enum(FORM_FIELD_TYPES);
export type FormFieldType = z.infer<typeof FormFieldType>;

/** Values the real-name account already holds (国务院令第716号 art. 7: not asked again). */
export const FORM_PREFILLS = ['name', 'idNumber', 'uscc', 'phone', 'orgName'] as const;
export const FormPrefill = z.enum(FORM_PREFILLS);
export type FormPrefill = z.infer<typeof FormPrefill>;

export const FormField = z.object({
  key: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/)
    .describe('Key in formData'),
  label: z.string().trim().min(1).max(60).describe('字段名称 (zh)'),
  type: FormFieldType.default('text'),
  required: z.boolean().default(false).describe('必填'),
  options: z
    .array(z.string().trim().min(1).max(100))
    .max(100)
    .optional()
    .describe('选项 (select, multiselect)'),
  pattern: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Regular expression the value matches (text, phone)'),
  patternMessage: z
    .string()
    .max(200)
    .optional()
    .describe('格式说明 (zh) shown when the pattern does not match'),
  maxLength: z.number().int().min(1).max(4000).optional(),
  min: z.number().int().optional().describe('Lowest value (number)'),
  max: z.number().int().optional().describe('Highest value (number)'),
  prefill: FormPrefill.optional().describe('Taken from the real-name account, not asked'),
  group: z.string().trim().min(1).max(40).optional().describe('分组 (UI section)'),
  example: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('填写示例: a valid sample value, shown as the placeholder (list values joined with 、)'),
});
export type FormField = z.infer<typeof FormField>;

export const ApplicationForm = z.object({
  fields: z.array(FormField).max(100).default([]),
});
export type ApplicationForm = z.infer<typeof ApplicationForm>;

/** A problem in a form definition (catalog create/patch/import → 422). */
export interface FormDefinitionProblem {
  path: string;
  message: string;
}

/** Semantic checks the schema cannot express: unique keys, options where needed, a compilable pattern, min ≤ max. */
export function formDefinitionProblems(form: ApplicationForm): FormDefinitionProblem[] {
  const problems: FormDefinitionProblem[] = [];
  const seen = new Set<string>();
  for (const [i, f] of form.fields.entries()) {
    const at = (p: string) => `fields.${i}.${p}`;
    if (seen.has(f.key)) problems.push({ path: at('key'), message: `field key ${f.key} used twice` });
    seen.add(f.key);
    const choice = f.type === 'select' || f.type === 'multiselect';
    if (choice && (f.options === undefined || f.options.length === 0))
      problems.push({ path: at('options'), message: `${f.type} field ${f.key} needs options` });
    if (!choice && f.options !== undefined)
      problems.push({
        path: at('options'),
        message: `options only for select/multiselect (${f.key} is ${f.type})`,
      });
    if (f.options && new Set(f.options).size !== f.options.length)
      problems.push({ path: at('options'), message: `duplicate option in ${f.key}` });
    if (f.pattern !== undefined) {
      try {
        new RegExp(f.pattern, 'u');
      } catch {
        problems.push({ path: at('pattern'), message: `not a valid regular expression: ${f.pattern}` });
      }
    }
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      problems.push({ path: at('min'), message: `min ${f.min} > max ${f.max}` });
    if ((f.min !== undefined || f.max !== undefined) && f.type !== 'number')
      problems.push({ path: at('min'), message: `min/max only for number fields (${f.key})` });
    if (f.example !== undefined) {
      const { errors } = validateFormData(
        { fields: [{ ...f, required: false }] },
        { [f.key]: exampleValue(f) },
      );
      if (errors.length > 0)
        problems.push({
          path: at('example'),
          message: `example of ${f.key} is not a valid value: ${errors[0]?.message ?? ''}`,
        });
    }
    if (f.prefill !== undefined && f.type !== 'text' && f.type !== 'phone')
      problems.push({ path: at('prefill'), message: `prefill only for text/phone fields (${f.key})` });
    // Personal data (个人信息) in form data is encrypted at rest and sealed in events by these key names only.
    const personalKey = f.prefill === 'idNumber' ? 'idNumber' : f.prefill === 'phone' ? 'phone' : undefined;
    if (personalKey !== undefined && f.key !== personalKey)
      problems.push({
        path: at('key'),
        message: `a field prefilled with ${f.prefill} must have the key ${personalKey}`,
      });
  }
  return problems;
}

export type FormErrorCode =
  'required' | 'unknown' | 'type' | 'pattern' | 'maxLength' | 'min' | 'max' | 'option' | 'date';

export interface FormFieldError {
  /** `formData.<key>` */
  field: string;
  code: FormErrorCode;
  message: string;
}

const PHONE = /^[0-9+\- ]{5,30}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isEmpty(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    (typeof v === 'string' && v.trim() === '') ||
    (Array.isArray(v) && v.length === 0)
  );
}

/**
 * Checks form data against a form: every key known, required present, values of the field's type and rules.
 * Returns the cleaned data (strings trimmed, only known keys) and the field-level errors (English messages).
 */
export function validateFormData(
  form: ApplicationForm,
  data: Record<string, unknown>,
): { data: Record<string, unknown>; errors: FormFieldError[] } {
  const errors: FormFieldError[] = [];
  const out: Record<string, unknown> = {};
  const fields = new Map(form.fields.map((f) => [f.key, f]));
  for (const key of Object.keys(data)) {
    if (!fields.has(key))
      errors.push({ field: `formData.${key}`, code: 'unknown', message: `not a field of this form` });
  }
  for (const f of form.fields) {
    const field = `formData.${f.key}`;
    const err = (code: FormErrorCode, message: string) => errors.push({ field, code, message });
    const raw = data[f.key];
    if (isEmpty(raw)) {
      if (f.required && f.type !== 'boolean') err('required', `${f.label} is required`);
      else if (f.required && f.type === 'boolean') err('required', `${f.label} must be answered`);
      continue;
    }
    switch (f.type) {
      case 'number': {
        const n =
          typeof raw === 'number'
            ? raw
            : typeof raw === 'string' && raw.trim() !== ''
              ? Number(raw)
              : Number.NaN;
        if (!Number.isFinite(n)) {
          err('type', 'must be a number');
          break;
        }
        if (f.min !== undefined && n < f.min) {
          err('min', `must be at least ${f.min}`);
          break;
        }
        if (f.max !== undefined && n > f.max) {
          err('max', `must be at most ${f.max}`);
          break;
        }
        out[f.key] = n;
        break;
      }
      case 'boolean':
        if (typeof raw !== 'boolean') {
          err('type', 'must be true or false');
          break;
        }
        out[f.key] = raw;
        break;
      case 'multiselect': {
        if (!Array.isArray(raw) || !raw.every((v): v is string => typeof v === 'string')) {
          err('type', 'must be a list of options');
          break;
        }
        const bad = raw.filter((v) => !(f.options ?? []).includes(v));
        if (bad.length > 0) {
          err('option', `not an option: ${bad.join(', ')}`);
          break;
        }
        out[f.key] = [...new Set(raw)];
        break;
      }
      default: {
        if (typeof raw !== 'string') {
          err('type', 'must be text');
          break;
        }
        const v = raw.trim();
        if (f.type === 'select' && !(f.options ?? []).includes(v)) {
          err('option', `not an option: ${v}`);
          break;
        }
        if (f.type === 'date' && (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) {
          err('date', 'must be a date YYYY-MM-DD');
          break;
        }
        if (f.type === 'phone' && !PHONE.test(v)) {
          err('pattern', 'must be a phone number');
          break;
        }
        const maxLength = f.maxLength ?? (f.type === 'textarea' ? 2000 : 200);
        if (v.length > maxLength) {
          err('maxLength', `must be at most ${maxLength} characters`);
          break;
        }
        if (f.pattern !== undefined && !new RegExp(f.pattern, 'u').test(v)) {
          err(
            'pattern',
            f.patternMessage
              ? `does not match the required format (${f.patternMessage})`
              : 'does not match the required format',
          );
          break;
        }
        out[f.key] = v;
      }
    }
  }
  return { data: out, errors };
}

/** A field's example as a form value (numbers as numbers, lists split at 、, booleans from 是/否). */
export function exampleValue(f: FormField): unknown {
  const e = f.example;
  if (e === undefined) return undefined;
  switch (f.type) {
    case 'number':
      return Number(e);
    case 'boolean':
      return e === '是' || e === 'true';
    case 'multiselect':
      return e
        .split('、')
        .map((v) => v.trim())
        .filter((v) => v !== '');
    default:
      return e;
  }
}

/**
 * Form data made of every field's example — a filled-in sample (填报样例) for guides, and what demo scripts and
 * tests submit (prefilled fields the account holds are then replaced by the account's values); `overrides`
 * replace single values.
 */
export function exampleFormData(
  form: ApplicationForm,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of form.fields) {
    if (f.example === undefined) continue;
    out[f.key] = exampleValue(f);
  }
  return { ...out, ...overrides };
}

/** What the real-name account says, per prefill kind. */
export type PrefillValues = Partial<Record<FormPrefill, string>>;

/**
 * Form data with every prefilled field the account holds set from the account (overriding what was sent). A field
 * whose value the account does not hold (a person's account has no 统一社会信用代码; a business's no 公民身份号码)
 * is asked like any other and keeps what was sent.
 */
export function applyPrefill(
  form: ApplicationForm,
  data: Record<string, unknown>,
  values: PrefillValues,
): Record<string, unknown> {
  const out = { ...data };
  for (const f of form.fields) {
    if (f.prefill === undefined) continue;
    const v = values[f.prefill];
    if (v !== undefined && v !== '') out[f.key] = v;
  }
  return out;
}

/** The prefill kinds an account holds: a person's or a business's real-name data (the phone when it has one). */
export function heldPrefills(account: {
  kind: 'person' | 'business';
  hasPhone?: boolean;
}): ReadonlySet<FormPrefill> {
  const held: FormPrefill[] =
    account.kind === 'business' ? ['name', 'orgName', 'uscc'] : ['name', 'idNumber'];
  if (account.hasPhone !== false) held.push('phone');
  return new Set(held);
}
