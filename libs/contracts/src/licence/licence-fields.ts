import { z } from 'zod';

/**
 * What a licence type prints (证照字段) and where each value comes from — one rule, used by approval's precheck on
 * decide (a required field that cannot be filled stops the decision before it is final) and by the licence
 * service's issuance (which fills every field).
 *
 * - `form`: the application's form data at `key` (default: the label, as plain-string entries always meant);
 * - `holder`: the holder (applicant) — `name`, `idNumber`;
 * - `decision`: the decision — `decidedAt` (date), `applicationNo`;
 * - `catalog`: a fixed `value`, or from the catalog — `issuer` (出证机构), `implementingBody`, `itemName`;
 * - `computed` at issuance: `licenceNumber` (许可证编号: the licence identifier, by the type's numbering rule),
 *   `validity` (有效期: from – until, or 长期), `validUntil` (有效期至), `issueDate` (发证日期),
 *   `registrationCode` (统一社会信用代码 赋码 at registration — 营业执照, 登记证书: GB 32100, `value` = the first two
 *   characters, registration authority and kind, e.g. 91 企业 (市场监管), 92 个体工商户, 52 民办非企业单位 (民政)).
 *
 * A plain string entry is the old form: label = form key, not required (printed as "—" when missing).
 */
export const LICENCE_FIELD_SOURCES = ['form', 'holder', 'decision', 'catalog', 'computed'] as const;
export const LicenceFieldSource = z.enum(LICENCE_FIELD_SOURCES);
export type LicenceFieldSource = z.infer<typeof LicenceFieldSource>;

export const HOLDER_KEYS = ['name', 'idNumber'] as const;
export const DECISION_KEYS = ['decidedAt', 'applicationNo'] as const;
export const CATALOG_KEYS = ['issuer', 'implementingBody', 'itemName'] as const;
export const COMPUTED_KEYS = [
  'licenceNumber',
  'validity',
  'validUntil',
  'issueDate',
  'registrationCode',
] as const;
const KEYS: Readonly<Record<Exclude<LicenceFieldSource, 'form'>, readonly string[]>> = {
  holder: HOLDER_KEYS,
  decision: DECISION_KEYS,
  catalog: CATALOG_KEYS,
  computed: COMPUTED_KEYS,
};

export const LicenceFieldSpec = z
  .object({
    label: z.string().trim().min(1).max(60).describe('Printed label'),
    source: LicenceFieldSource.default('form'),
    key: z
      .string()
      .min(1)
      .max(60)
      .optional()
      .describe('Form key, or the key of the source (see the module comment)'),
    value: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('catalog: a fixed value; computed registrationCode: its two-character prefix'),
    required: z.boolean().default(true).describe('A required field that cannot be filled stops the decision'),
  })
  .superRefine((f, ctx) => {
    if (f.source === 'form' || (f.source === 'catalog' && f.value !== undefined)) return;
    const allowed = KEYS[f.source];
    if (f.key === undefined || !allowed.includes(f.key)) {
      ctx.addIssue({
        code: 'custom',
        path: ['key'],
        message: `${f.source} fields take key ${allowed.join('|')}${f.source === 'catalog' ? ' or a value' : ''}`,
      });
    }
  });
export type LicenceFieldSpec = z.infer<typeof LicenceFieldSpec>;

export const LicenceFieldEntry = z.union([z.string().trim().min(1).max(60), LicenceFieldSpec]);
export type LicenceFieldEntry = z.infer<typeof LicenceFieldEntry>;

/** A plain string entry as the spec it stands for. */
export function licenceFieldSpec(entry: LicenceFieldEntry): LicenceFieldSpec {
  return typeof entry === 'string' ? { label: entry, source: 'form', key: entry, required: false } : entry;
}

/**
 * One-cell text of an entry (Excel 证照字段 list): `label` (plain), `label=source:key`, `label=catalog:=fixed value`,
 * `label=source:key=value` for a keyed entry with a value (computed `registrationCode=91`: the code's prefix);
 * a `?` after the label marks an optional field.
 */
export function formatLicenceFieldEntry(entry: LicenceFieldEntry): string {
  if (typeof entry === 'string') return entry;
  const label = `${entry.label}${entry.required ? '' : '?'}`;
  if (entry.source === 'catalog' && entry.value !== undefined && entry.key === undefined)
    return `${label}=catalog:=${entry.value}`;
  const value = entry.value !== undefined ? `=${entry.value}` : '';
  return `${label}=${entry.source}:${entry.key ?? ''}${value}`;
}

/** Inverse of `formatLicenceFieldEntry` (a text without `=` stays a plain entry). */
export function parseLicenceFieldEntry(text: string): unknown {
  const eq = text.indexOf('=');
  if (eq < 0) return text;
  const head = text.slice(0, eq).trim();
  const rest = text.slice(eq + 1);
  const optional = head.endsWith('?');
  const label = optional ? head.slice(0, -1).trim() : head;
  const colon = rest.indexOf(':');
  const source = colon < 0 ? rest.trim() : rest.slice(0, colon).trim();
  const tail = colon < 0 ? '' : rest.slice(colon + 1);
  const base = { label, source, required: !optional };
  if (source === 'catalog' && tail.startsWith('=')) return { ...base, value: tail.slice(1) };
  // `key=value` (keys never contain `=`; the value may).
  const keyEnd = tail.indexOf('=');
  const key = (keyEnd < 0 ? tail : tail.slice(0, keyEnd)).trim();
  const value = keyEnd < 0 ? undefined : tail.slice(keyEnd + 1);
  return { ...base, ...(key ? { key } : {}), ...(value !== undefined ? { value } : {}) };
}

/** Values an issued licence gets at issuance (absent at approval's precheck: they can always be computed then). */
export interface ComputedLicenceValues {
  licenceNumber: string;
  validity: string;
  validUntil: string;
  issueDate: string;
  /** 统一社会信用代码 assigned at registration, for a two-character prefix (registration authority + kind). */
  registrationCode: (prefix: string) => string;
}

export interface LicenceFillContext {
  formData: Record<string, unknown>;
  holder: { name: string; idNumber: string };
  decision: { decidedAt: string; applicationNo: string };
  catalog: { issuer: string; implementingBody: string; itemName: string };
  computed?: ComputedLicenceValues;
}

/** A value as printed: text trimmed, lists joined with 、, booleans 是/否; empty → undefined. */
export function printedValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) {
    const parts = value.map(printedValue).filter((v): v is string => v !== undefined);
    return parts.length ? parts.join('、') : undefined;
  }
  return JSON.stringify(value);
}

const PENDING = '(computed at issuance)';

/**
 * Fills a licence type's fields. `missing` lists the labels of required fields without a value (the caller refuses
 * the decision or the issuance); optional ones stay empty. Without `ctx.computed` (precheck) computed fields count
 * as filled.
 */
export function fillLicenceFields(
  entries: readonly LicenceFieldEntry[],
  ctx: LicenceFillContext,
): { fields: Array<{ label: string; value: string }>; missing: string[] } {
  const fields: Array<{ label: string; value: string }> = [];
  const missing: string[] = [];
  for (const entry of entries) {
    const spec = licenceFieldSpec(entry);
    const key = spec.key ?? spec.label;
    let value: string | undefined;
    switch (spec.source) {
      case 'form':
        value = printedValue(ctx.formData[key]);
        break;
      case 'holder':
        value = key === 'name' ? ctx.holder.name : key === 'idNumber' ? ctx.holder.idNumber : undefined;
        break;
      case 'decision':
        value =
          key === 'decidedAt'
            ? ctx.decision.decidedAt.slice(0, 10)
            : key === 'applicationNo'
              ? ctx.decision.applicationNo
              : undefined;
        break;
      case 'catalog':
        value =
          spec.value ??
          (key === 'issuer' || key === 'implementingBody' || key === 'itemName'
            ? ctx.catalog[key]
            : undefined);
        break;
      case 'computed':
        if (!ctx.computed) value = PENDING;
        else if (key === 'registrationCode') value = ctx.computed.registrationCode(spec.value ?? '91');
        else
          value =
            key === 'licenceNumber' || key === 'validity' || key === 'validUntil' || key === 'issueDate'
              ? ctx.computed[key]
              : undefined;
        break;
    }
    value = value?.trim() || undefined;
    if (value === undefined && spec.required) missing.push(spec.label);
    fields.push({ label: spec.label, value: value ?? '' });
  }
  return { fields, missing };
}

/**
 * Approval's precheck on decide: for each licence the decision would issue, the required fields that cannot be
 * filled from the form data, holder, decision and catalog (computed ones always can). Empty = the decision may be final.
 */
export function unfillableLicenceFields(
  results: ReadonlyArray<{
    licenceTypeCode: string;
    name: string;
    fields: readonly LicenceFieldEntry[];
    issuingBody?: { name: string } | undefined;
  }>,
  ctx: Omit<LicenceFillContext, 'computed' | 'catalog'> & { implementingBody: string; itemName: string },
): Array<{ licenceTypeCode: string; name: string; fields: string[] }> {
  return results.flatMap((r) => {
    const { missing } = fillLicenceFields(r.fields, {
      ...ctx,
      catalog: {
        issuer: r.issuingBody?.name ?? ctx.implementingBody,
        implementingBody: ctx.implementingBody,
        itemName: ctx.itemName,
      },
    });
    return missing.length > 0 ? [{ licenceTypeCode: r.licenceTypeCode, name: r.name, fields: missing }] : [];
  });
}
