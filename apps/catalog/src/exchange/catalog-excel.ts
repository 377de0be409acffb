/**
 * Excel (xlsx) ⇄ catalog exchange document (`CatalogExchange`), with exceljs.
 *
 * Workbook layout: one sheet per array, header in row 1 (bilingual `中文标签 fieldName`, bold, frozen, with an
 * auto-filter), one record per row from row 2, in document order (so export → import → export is stable):
 *
 *   区划 regions · 部门 departments · 基本目录 baseItems · 实施清单 implementations
 *   and the implementations' nested arrays, each row keyed by the implementation's `rowKey`
 *   (`baseCode|level|regionCode|uscc`, `#2`, `#3`… appended when a document repeats a key):
 *   申请材料 materials · 收费 fees · 流程环节 processTemplate · 办理结果 results · 常见问题 faqs ·
 *   申请表字段 applicationForm (one row per form field, in form order), 中介机构 intermediaryProviders (one row per
 *   provider, naming its service); 搜索同义词 synonyms (alias, expansions); 中介服务 intermediaryServices: the base
 *   items' intermediary services (locked, 三级四同), one row per service keyed by the base item's code (基本编码).
 *
 * 流程环节 holds the whole process template except `jointKind` (a column of 实施清单): one row per department
 * or step, `role` = `lead` (牵头部门, exactly one), `co` (协办部门), `escalate` (上级部门, at most one) or
 * `step` (环节); department rows use departmentCode/departmentName/limitDays, step rows
 * stepId/stepName/departmentCode/limitDays/twoOfficials.
 *
 * Cells:
 * - codes and text are text cells with the text number format `@` (leading zeros survive editing in Excel);
 *   integers are numbers; booleans are `是` / `否`; enum values are the schema's values (`county`, `general`…).
 * - string arrays are joined with `;` (ASCII semicolon). Inside an element `\;` is a literal semicolon, `\\` a
 *   backslash, and a backslash before leading/trailing whitespace keeps it; unescaped whitespace around
 *   elements is ignored on import. Lists of codes (服务对象, 办理形式) are also split on `；，,、` and spaces.
 * - an empty cell is an absent field (the schema's default applies). Optional strings that may be empty
 *   (`parentCode`, `competentDepartment`, material `basis`, `implementationCode`, `declared.*`) are written as
 *   an empty text cell when the value is `''`, so `''` and absent survive the round trip separately.
 * - carriage returns, other control characters and literal `_xHHHH_` are written with the OOXML `_xHHHH_`
 *   escape, so every string survives the round trip.
 *
 * Import is tolerant in form: headers match on the field name, the Chinese label or both, in any column order, and
 * sheets on either half of their name. It never drops data silently: a non-empty sheet that is none of the layout's
 * is one error (row 1, field `(sheet)`); a value in a column that is no field of its sheet (or a second column for
 * the same field) is a row error named by the header text (or `(column C)`), and the row is left out like a row
 * with a bad cell — an empty unknown column is harmless. Numeric cells in code columns
 * become text (zero-padded where the code has a fixed length: 区划 6, 事项类型 2, USCC 18, level/case type 1);
 * rich text, hyperlinks and formula results are read as their text. Each bad cell is a row error (sheet,
 * 1-based Excel row, field); rows with errors are left out, and an implementation is left out together with
 * all its child rows when any of them is bad. Nothing is thrown for bad data (only for an unreadable file).
 */
import {
  formatLicenceFieldEntry,
  parseLicenceFieldEntry,
  BaseItemInput,
  type CatalogExchange,
  type CatalogExchangeInput,
  DepartmentInput,
  ImplementationExchangeRow,
  RegionInput,
  SynonymInput,
} from '@hall/contracts';
import { AppError } from '@hall/errors';
import { inspectZipTail } from '@hall/storage';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { DEFAULT_WORKBOOK_ARCHIVE_LIMITS, packStored, unpackWorkbook } from './workbook-archive.js';

export interface ExchangeRowError {
  /** Worksheet name as found in the workbook. */
  sheet: string;
  /** 1-based Excel row number (row 1 is the header). */
  row: number;
  /** Field name of the column (dotted for nested fields, e.g. `implementingBody.uscc`). */
  field: string;
  message: string;
}

/**
 * What an imported workbook may expand to before it is unzipped (a zip bomb would otherwise be inflated into
 * memory by exceljs): far above any real catalog, far below what would exhaust the service.
 */
export const WORKBOOK_UNZIPPED_MAX_BYTES = 100 * 1024 * 1024;

export interface WorkbookToExchangeOptions {
  /**
   * Called with (data rows read, data rows in all recognised sheets): once after the file is unzipped and
   * parsed, every 500 rows (the import also yields to the event loop there), and once at the end.
   */
  onProgress?: (done: number, total: number) => void;
}

export interface WorkbookToExchangeResult {
  doc: CatalogExchangeInput;
  rowErrors: ExchangeRowError[];
}

export const EXCHANGE_WORKBOOK_UNREADABLE = 'EXCHANGE_WORKBOOK_UNREADABLE';

/** List separator of string-array cells. */
export const LIST_SEPARATOR = ';';

// ---------------------------------------------------------------------------------------------------------
// Layout

/**
 * `text` free text, kept verbatim; `code` identifier (trimmed, full-width folded, numeric cells → digits,
 * zero-padded to `length`); `int`; `bool` (是/否); `list` free-text list; `codes` list of codes.
 */
type CellKind = 'text' | 'code' | 'int' | 'bool' | 'list' | 'codes';

interface ColumnSpec {
  /** Dotted path in the row object; the header's field part. */
  readonly field: string;
  readonly path: readonly string[];
  /** Chinese label (no whitespace): the header's first part. */
  readonly label: string;
  readonly kind: CellKind;
  /** Fixed length of a code: numeric cells are zero-padded to it. */
  readonly length?: number;
  /** An empty text cell means `''` (optional strings where `''` differs from absent). */
  readonly keepEmpty?: boolean;
}

type SheetId =
  | 'regions'
  | 'departments'
  | 'baseItems'
  | 'implementations'
  | 'materials'
  | 'fees'
  | 'processTemplate'
  | 'results'
  | 'faqs'
  | 'applicationForm'
  | 'intermediaryProviders'
  | 'intermediaryServices'
  | 'synonyms';

type ChildSheetId = Exclude<
  SheetId,
  'regions' | 'departments' | 'baseItems' | 'implementations' | 'synonyms' | 'intermediaryServices'
>;

interface SheetSpec {
  readonly id: SheetId;
  readonly label: string;
  readonly columns: readonly ColumnSpec[];
}

function col(
  field: string,
  label: string,
  kind: CellKind = 'text',
  extra: { length?: number; keepEmpty?: boolean } = {},
): ColumnSpec {
  return { field, path: field.split('.'), label, kind, ...extra };
}

const ROW_KEY = col('rowKey', '实施清单行键', 'code');

function fileRefColumns(prefix: 'blankForm' | 'example' | 'resultSample', label: string): ColumnSpec[] {
  return [
    col(`${prefix}.key`, `${label}对象键`, 'code'),
    col(`${prefix}.name`, `${label}文件名`),
    col(`${prefix}.sha256`, `${label}SHA-256`, 'code'),
    col(`${prefix}.contentType`, `${label}文件类型`, 'code'),
    col(`${prefix}.size`, `${label}字节数`, 'int'),
  ];
}

const SHEETS: readonly SheetSpec[] = [
  {
    id: 'regions',
    label: '区划',
    columns: [
      col('code', '区划代码', 'code', { length: 6 }),
      col('name', '区划名称'),
      col('kind', '区划级别', 'code'),
      col('parentCode', '上级区划代码', 'code', { length: 6 }),
    ],
  },
  {
    id: 'departments',
    label: '部门',
    columns: [col('code', '部门代码', 'code'), col('name', '部门名称')],
  },
  {
    id: 'baseItems',
    label: '基本目录',
    columns: [
      col('code', '基本编码', 'code'),
      col('name', '事项名称'),
      col('type', '事项类型', 'code', { length: 2 }),
      col('legalBasis', '设定依据'),
      col('parentCode', '主项基本编码', 'code', { keepEmpty: true }),
      col('handlingKind', '业务办理项', 'code'),
      col('competentDepartment', '主管部门', 'text', { keepEmpty: true }),
      col('definedAtLevel', '定义层级', 'code', { length: 1 }),
      col('implementingBody', '实施主体部门代码', 'code'),
      col('legalLimitDays', '法定办结时限', 'int'),
      col('feeBasis', '收费依据'),
    ],
  },
  {
    // 中介服务 of the base items (locked): one row per service, keyed by the base item's code.
    id: 'intermediaryServices',
    label: '中介服务',
    columns: [
      col('baseCode', '基本编码', 'code'),
      col('name', '中介服务名称'),
      col('required', '是否必须', 'bool'),
      col('legalBasis', '设定依据'),
    ],
  },
  {
    id: 'implementations',
    label: '实施清单',
    columns: [
      ROW_KEY,
      col('implementationCode', '实施编码', 'code', { keepEmpty: true }),
      col('baseCode', '基本编码', 'code'),
      col('level', '行使层级', 'code', { length: 1 }),
      col('regionCode', '区划代码', 'code', { length: 6 }),
      col('parentRegionCode', '上级区划代码', 'code', { length: 6 }),
      col('implementingBody.name', '实施主体'),
      col('implementingBody.uscc', '统一社会信用代码', 'code', { length: 18 }),
      col('implementingBody.departmentCode', '实施部门代码', 'code'),
      col('competentDepartment', '主管部门', 'text', { keepEmpty: true }),
      col('legalLimitDays', '法定办结时限', 'int'),
      col('promisedLimitDays', '承诺办结时限', 'int'),
      col('caseType', '办件类型', 'code', { length: 1 }),
      col('audiences', '服务对象', 'codes'),
      col('themes', '主题', 'list'),
      col('acceptanceConditions', '受理条件'),
      col('process', '办理流程', 'list'),
      col('processTemplate.jointKind', '联办类型', 'code'),
      col('resultName', '审批结果名称'),
      col('service.handlingForms', '办理形式', 'codes'),
      col('service.visits', '到办事现场次数', 'int'),
      col('service.online', '是否网办', 'bool'),
      col('service.onlineUrl', '网办地址', 'code'),
      col('service.place', '办理地点'),
      col('service.hours', '办理时间'),
      col('service.consultPhone', '咨询电话'),
      col('service.complaintPhone', '监督投诉电话'),
      col('service.appointment', '支持预约', 'bool'),
      col('service.onlinePayment', '支持网上支付', 'bool'),
      col('service.courierDelivery', '支持物流快递', 'bool'),
      col('quantityLimit.limited', '有数量限制', 'bool'),
      col('quantityLimit.limit', '数量限制'),
      col('quantityLimit.basis', '数量限制依据'),
      ...fileRefColumns('resultSample', '结果样本'),
      col('declared.name', '来源事项名称', 'text', { keepEmpty: true }),
      col('declared.type', '来源事项类型', 'code', { length: 2, keepEmpty: true }),
      col('declared.legalBasis', '来源设定依据', 'text', { keepEmpty: true }),
      col('publish', '导入后发布', 'bool'),
    ],
  },
  {
    id: 'materials',
    label: '申请材料',
    columns: [
      ROW_KEY,
      col('id', '材料编号', 'code'),
      col('name', '材料名称'),
      col('issuingBody', '出具机构'),
      col('originals', '原件份数', 'int'),
      col('copies', '复印件份数', 'int'),
      col('required', '是否必要', 'bool'),
      col('main', '主要材料', 'bool'),
      col('acceptanceStandard', '受理标准'),
      col('basis', '填报依据', 'text', { keepEmpty: true }),
      ...fileRefColumns('blankForm', '空白表格'),
      ...fileRefColumns('example', '示例样表'),
      col('replaceableByLicenceTypes', '可替代证照类型', 'list'),
      col('promiseAllowed', '告知承诺', 'bool'),
    ],
  },
  {
    id: 'fees',
    label: '收费',
    columns: [
      ROW_KEY,
      col('item', '收费项目'),
      col('standard', '收费标准'),
      col('basis', '收费依据'),
      col('waivable', '允许减免', 'bool'),
      col('reductions', '减免政策'),
    ],
  },
  {
    id: 'processTemplate',
    label: '流程环节',
    columns: [
      ROW_KEY,
      col('role', '角色', 'code'),
      col('departmentCode', '部门代码', 'code'),
      col('departmentName', '部门名称'),
      col('limitDays', '时限', 'int'),
      col('stepId', '环节编号', 'code'),
      col('stepName', '环节名称'),
      col('twoOfficials', '两人核查', 'bool'),
    ],
  },
  {
    id: 'results',
    label: '办理结果',
    columns: [
      ROW_KEY,
      col('licenceTypeCode', '证照类型代码', 'code'),
      col('name', '证照名称'),
      col('validityMonths', '有效期月数', 'int'),
      col('fields', '证照字段', 'list'),
      col('issuingBody.name', '出证机构'),
      col('issuingBody.uscc', '出证机构统一社会信用代码', 'code', { length: 18 }),
      col('issuingBody.departmentCode', '出证部门代码', 'code'),
    ],
  },
  {
    id: 'faqs',
    label: '常见问题',
    columns: [ROW_KEY, col('q', '问题'), col('a', '解答')],
  },
  {
    // 申请表: one row per form field, in form order.
    id: 'applicationForm',
    label: '申请表字段',
    columns: [
      ROW_KEY,
      col('key', '字段键', 'code'),
      col('label', '字段名称'),
      col('type', '字段类型', 'code'),
      col('required', '是否必填', 'bool'),
      col('options', '选项', 'list'),
      col('pattern', '格式', 'text'),
      col('patternMessage', '格式说明', 'text', { keepEmpty: true }),
      col('maxLength', '最大长度', 'int'),
      col('min', '最小值', 'int'),
      col('max', '最大值', 'int'),
      col('prefill', '账户预填', 'code'),
      col('group', '分组'),
      col('example', '填写示例'),
    ],
  },
  {
    // 中介机构: one row per qualified provider, naming the intermediary service it provides.
    id: 'intermediaryProviders',
    label: '中介机构',
    columns: [
      ROW_KEY,
      col('service', '中介服务名称'),
      col('name', '中介机构名称'),
      col('uscc', '统一社会信用代码', 'code', { length: 18 }),
      col('contact', '联系方式'),
    ],
  },
  {
    // 搜索同义词: one row per alias, its expansions as a list.
    id: 'synonyms',
    label: '搜索同义词',
    columns: [col('alias', '别名'), col('expansions', '对应事项词', 'list')],
  },
];

const sheetName = (spec: SheetSpec): string => `${spec.label} ${spec.id}`;
const header = (c: ColumnSpec): string => `${c.label} ${c.field}`;
const sheetSpec = (id: SheetId): SheetSpec => {
  const spec = SHEETS.find((s) => s.id === id);
  if (!spec) throw new Error(`no sheet ${id}`);
  return spec;
};

/** Field of a child array in the implementation, as named in row errors. */
const CHILD_FIELD: Readonly<Record<ChildSheetId, string>> = {
  materials: 'materials',
  fees: 'fees',
  processTemplate: 'processTemplate',
  results: 'results',
  faqs: 'service.faqs',
  applicationForm: 'applicationForm.fields',
  intermediaryProviders: 'intermediaryProviders',
};
const CHILD_SHEETS: readonly ChildSheetId[] = [
  'materials',
  'fees',
  'processTemplate',
  'results',
  'faqs',
  'applicationForm',
  'intermediaryProviders',
];

type ProcessRole = 'lead' | 'co' | 'escalate' | 'step';
const ROLE_ALIASES: Readonly<Record<string, ProcessRole>> = {
  lead: 'lead',
  牵头: 'lead',
  牵头部门: 'lead',
  co: 'co',
  协办: 'co',
  协办部门: 'co',
  escalate: 'escalate',
  上级: 'escalate',
  上级部门: 'escalate',
  step: 'step',
  环节: 'step',
};
/** Object field → column of a 流程环节 row, per role. */
const DEPARTMENT_FIELDS: Readonly<Record<string, string>> = {
  code: 'departmentCode',
  name: 'departmentName',
  limitDays: 'limitDays',
};
const ESCALATE_FIELDS: Readonly<Record<string, string>> = { code: 'departmentCode', name: 'departmentName' };
const STEP_FIELDS: Readonly<Record<string, string>> = {
  id: 'stepId',
  name: 'stepName',
  departmentCode: 'departmentCode',
  limitDays: 'limitDays',
  twoOfficials: 'twoOfficials',
};
const ROLE_FIELDS: Readonly<Record<ProcessRole, Readonly<Record<string, string>>>> = {
  lead: DEPARTMENT_FIELDS,
  co: DEPARTMENT_FIELDS,
  escalate: ESCALATE_FIELDS,
  step: STEP_FIELDS,
};

// ---------------------------------------------------------------------------------------------------------
// Export

type Row = Readonly<Record<string, unknown>>;

/** Builds the workbook of an exchange document (see the module comment for the layout). */
export async function exchangeToWorkbook(doc: CatalogExchange): Promise<Buffer> {
  const records = new Map<SheetId, Row[]>(SHEETS.map((s) => [s.id, []]));
  const push = (id: SheetId, row: Row) => records.get(id)?.push(row);
  for (const r of doc.regions) push('regions', r);
  for (const d of doc.departments) push('departments', d);
  for (const b of doc.baseItems) {
    push('baseItems', b);
    for (const svc of b.intermediaryServices ?? [])
      push('intermediaryServices', { ...svc, baseCode: b.code });
  }
  for (const syn of doc.synonyms) push('synonyms', syn);

  const seen = new Map<string, number>();
  for (const impl of doc.implementations) {
    const base = implementationRowKey(impl);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const rowKey = n === 1 ? base : `${base}#${n}`;
    push('implementations', { ...impl, rowKey });
    for (const m of impl.materials) push('materials', { ...m, rowKey });
    for (const f of impl.fees) push('fees', { ...f, rowKey });
    const t = impl.processTemplate;
    push('processTemplate', {
      rowKey,
      role: 'lead',
      departmentCode: t.lead.code,
      departmentName: t.lead.name,
      limitDays: t.lead.limitDays,
    });
    for (const c of t.coDepartments) {
      push('processTemplate', {
        rowKey,
        role: 'co',
        departmentCode: c.code,
        departmentName: c.name,
        limitDays: c.limitDays,
      });
    }
    if (t.escalateTo) {
      push('processTemplate', {
        rowKey,
        role: 'escalate',
        departmentCode: t.escalateTo.code,
        departmentName: t.escalateTo.name,
      });
    }
    for (const s of t.steps) {
      push('processTemplate', {
        rowKey,
        role: 'step',
        stepId: s.id,
        stepName: s.name,
        departmentCode: s.departmentCode,
        limitDays: s.limitDays,
        twoOfficials: s.twoOfficials,
      });
    }
    // 证照字段: a spec entry is written as one list element (`label=source:key`, see formatLicenceFieldEntry).
    for (const r of impl.results)
      push('results', { ...r, fields: r.fields.map(formatLicenceFieldEntry), rowKey });
    for (const f of impl.service.faqs) push('faqs', { ...f, rowKey });
    for (const f of impl.applicationForm.fields) push('applicationForm', { ...f, rowKey });
    for (const p of impl.intermediaryProviders) push('intermediaryProviders', { ...p, rowKey });
  }

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'hall catalog';
  workbook.title = `事项目录交换 ${doc.format}`;
  for (const spec of SHEETS) addSheet(workbook, spec, records.get(spec.id) ?? []);
  const out = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out);
}

/** `baseCode|level|regionCode|uscc`: the key that child rows use to name their implementation. */
export function implementationRowKey(impl: {
  baseCode: string;
  level: string;
  regionCode: string;
  implementingBody: { uscc: string };
}): string {
  return `${impl.baseCode}|${impl.level}|${impl.regionCode}|${impl.implementingBody.uscc}`;
}

function addSheet(workbook: ExcelJS.Workbook, spec: SheetSpec, rows: readonly Row[]): void {
  const cells = rows.map((row) => spec.columns.map((c) => toCell(c, getPath(row, c.path))));
  const widths = spec.columns.map((c, i) => {
    let w = displayWidth(header(c));
    for (const r of cells) {
      const v = r[i];
      if (v !== null && v !== undefined) w = Math.max(w, displayWidth(String(v)));
      if (w >= MAX_WIDTH) break;
    }
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w + 2));
  });
  const ws = workbook.addWorksheet(sheetName(spec), { views: [{ state: 'frozen', ySplit: 1 }] });
  // Number format `@` (text): what users type into the cell stays text, e.g. `000120021000`. One object per
  // sheet, never mutated: exceljs deduplicates styles by object identity (by serialising them otherwise).
  const textStyle: Partial<ExcelJS.Style> = { numFmt: '@' };
  ws.columns = spec.columns.map((c, i) => ({
    width: widths[i] ?? MIN_WIDTH,
    style: isTextColumn(c) ? { ...textStyle } : {},
  }));
  const head = ws.addRow(spec.columns.map(header));
  head.eachCell((cell) => {
    cell.font = { bold: true };
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
  // Only non-empty cells are created: an empty cell with the column's text style would still be written
  // (and read back) as a `<c>` element, which dominates the size and the load time of sparse sheets.
  const styles = spec.columns.map((c) => (isTextColumn(c) ? textStyle : undefined));
  cells.forEach((values, i) => {
    const row = ws.getRow(i + 2);
    values.forEach((value, c) => {
      if (value === null) return;
      const cell = row.getCell(c + 1);
      cell.value = value;
      const style = styles[c];
      if (style) cell.style = style;
    });
  });
}

const isTextColumn = (c: ColumnSpec): boolean => c.kind !== 'int' && c.kind !== 'bool';

const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/** Approximate column width: CJK and full-width characters count double. */
function displayWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length && w < MAX_WIDTH; i++) w += s.charCodeAt(i) >= 0x2e80 ? 2 : 1;
  return w;
}

function toCell(c: ColumnSpec, value: unknown): string | number | null {
  // '' is the default of every optional string that is not `keepEmpty`: no cell, read back as the default.
  if (value === undefined || value === null || (value === '' && !c.keepEmpty)) return null;
  switch (c.kind) {
    case 'int':
      return typeof value === 'number' ? value : xlsxText(textOf(value));
    case 'bool':
      return value === true ? '是' : value === false ? '否' : xlsxText(textOf(value));
    case 'list':
    case 'codes':
      return Array.isArray(value) && value.length > 0
        ? xlsxText(value.map((v) => escapeListItem(textOf(v))).join(LIST_SEPARATOR))
        : null;
    default:
      return xlsxText(textOf(value));
  }
}

function textOf(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : JSON.stringify(value);
}

/**
 * OOXML string escape: characters XML cannot carry (and `\r`, which XML parsers fold into `\n`) as `_xHHHH_`,
 * and a literal `_xHHHH_` as `_x005F_xHHHH_` (Excel and exceljs decode both on read).
 */
function xlsxText(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
  return s.replace(/[\u0000-\u0008\u000b-\u001f\ufffe\uffff]|_(?=x[0-9A-F]{4}_)/g, (ch) =>
    ch === '_' ? '_x005F_' : `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
  );
}

function escapeListItem(item: string): string {
  if (!/[\\;]|^\s|\s$/.test(item)) return item;
  let out = '';
  for (let i = 0; i < item.length; i++) {
    const ch = item.charAt(i);
    const edge = (i === 0 || i === item.length - 1) && /\s/.test(ch);
    out += ch === '\\' || ch === LIST_SEPARATOR || edge ? `\\${ch}` : ch;
  }
  return out;
}

function getPath(row: Row, path: readonly string[]): unknown {
  let v: unknown = row;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

// ---------------------------------------------------------------------------------------------------------
// Import

interface SheetRow {
  readonly sheet: string;
  readonly row: number;
  readonly values: Record<string, unknown>;
  /** Field → message of cells that could not be read. */
  readonly errors: Map<string, string>;
}

/** Reads a workbook in the layout of `exchangeToWorkbook` back into an exchange document. */
export async function workbookToExchange(
  buffer: Buffer,
  opts: WorkbookToExchangeOptions = {},
): Promise<WorkbookToExchangeResult> {
  // A ZIP's central directory is judged before anything is inflated: bombs, links, unsafe names → 422 UPLOAD_ARCHIVE_*.
  // Anything that is not a ZIP at all is left to exceljs (400 below).
  // Then every entry is inflated here as a stream under hard caps (an entry larger than its header says, or over a
  // byte or ratio cap → 422 UPLOAD_ARCHIVE_BOMB) and exceljs reads only those verified bytes, packed again uncompressed.
  let input = buffer;
  if (buffer.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
    inspectZipTail(buffer, buffer.length, { maxArchiveUncompressedBytes: WORKBOOK_UNZIPPED_MAX_BYTES });
    input = packStored(
      await unpackWorkbook(buffer, {
        ...DEFAULT_WORKBOOK_ARCHIVE_LIMITS,
        maxTotalBytes: WORKBOOK_UNZIPPED_MAX_BYTES,
      }),
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types its input as an ArrayBuffer; at runtime it takes a Node Buffer (JSZip).
    await workbook.xlsx.load(input as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (e) {
    throw new AppError(EXCHANGE_WORKBOOK_UNREADABLE, 'the file is not a readable xlsx workbook', 400, {
      cause: e instanceof Error ? e.message : String(e),
    });
  }
  const errors = new RowErrors();

  const sheets = new Map<SheetId, ExcelJS.Worksheet>();
  workbook.eachSheet((ws) => {
    const id = matchSheet(ws.name);
    if (!id) {
      // A misnamed sheet (say 申请材料表) would silently drop every row in it: reported, nothing of it imported.
      if (ws.actualRowCount > 0) {
        errors.add(
          ws.name,
          1,
          '(sheet)',
          `unknown sheet: not one of ${SHEETS.map(sheetName).join(', ')}; nothing in it was imported`,
        );
      }
      return;
    }
    const first = sheets.get(id);
    if (first)
      errors.add(ws.name, 1, '(sheet)', `a second sheet for ${id} (first: "${first.name}"); ignored`);
    else sheets.set(id, ws);
  });

  let total = 0;
  for (const ws of sheets.values()) total += Math.max(0, ws.rowCount - 1);
  const progress = new Progress(total, opts.onProgress);

  const regions: RegionInput[] = [];
  const departments: DepartmentInput[] = [];
  const baseItems: BaseItemInput[] = [];
  const synonyms: SynonymInput[] = [];
  const simple = async <S extends z.ZodType>(id: SheetId, schema: S, out: Array<z.output<S>>) => {
    const ws = sheets.get(id);
    if (!ws) return;
    await readSheet(ws, sheetSpec(id), progress, (row) => {
      const parsed = schema.safeParse(row.values);
      for (const [field, message] of row.errors) errors.add(row.sheet, row.row, field, message);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = fieldOf(issue.path);
          // A cell that could not be read is already reported (and absent from the values).
          if (!row.errors.has(field)) errors.add(row.sheet, row.row, field, issueMessage(issue, row.values));
        }
      }
      if (parsed.success && row.errors.size === 0) out.push(parsed.data);
    });
  };
  await simple('regions', RegionInput, regions);
  await simple('departments', DepartmentInput, departments);
  await readBaseItems(sheets, progress, errors, baseItems);
  await simple('synonyms', SynonymInput, synonyms);

  // Child rows first, grouped by their implementation's row key, then the implementations.
  const children = new Map<ChildSheetId, Map<string, SheetRow[]>>();
  for (const id of CHILD_SHEETS) {
    const groups = new Map<string, SheetRow[]>();
    children.set(id, groups);
    const ws = sheets.get(id);
    if (!ws) continue;
    await readSheet(ws, sheetSpec(id), progress, (row) => {
      const key = row.values['rowKey'];
      delete row.values['rowKey'];
      if (typeof key !== 'string') {
        if (!row.errors.has('rowKey')) row.errors.set('rowKey', 'required (empty cell)');
        for (const [field, message] of row.errors) errors.add(row.sheet, row.row, field, message);
        return;
      }
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    });
  }

  const implementations: ImplementationExchangeRow[] = [];
  const keys = new Map<string, number>();
  const implSheet = sheets.get('implementations');
  if (implSheet) {
    await readSheet(implSheet, sheetSpec('implementations'), progress, (row) => {
      const own = row.values['rowKey'];
      delete row.values['rowKey'];
      const key = typeof own === 'string' ? own : computedRowKey(row.values);
      const firstRow = keys.get(key);
      if (firstRow !== undefined) {
        errors.add(
          row.sheet,
          row.row,
          'rowKey',
          `duplicate row key "${key}" (first in row ${firstRow}); row left out`,
        );
        return;
      }
      keys.set(key, row.row);
      const impl = buildImplementation(row, key, children, errors);
      if (impl) implementations.push(impl);
    });
  }

  for (const [id, groups] of children) {
    for (const [key, rows] of groups) {
      if (keys.has(key)) continue;
      for (const row of rows) {
        for (const [field, message] of row.errors) errors.add(row.sheet, row.row, field, message);
        errors.add(
          row.sheet,
          row.row,
          'rowKey',
          `no ${sheetName(sheetSpec('implementations'))} row has the row key "${key}" (${id})`,
        );
      }
    }
  }

  progress.finish();
  const order = new Map<string, number>();
  for (const [id, ws] of sheets)
    order.set(
      ws.name,
      SHEETS.findIndex((s) => s.id === id),
    );
  return {
    doc: { format: 'hall-catalog/1', regions, departments, baseItems, implementations, synonyms },
    rowErrors: errors.sorted(order),
  };
}

/**
 * 基本目录 rows with their 中介服务 rows (keyed by 基本编码): a base item with a bad service row is left out, a service
 * row naming no base item of the sheet is an error.
 */
async function readBaseItems(
  sheets: ReadonlyMap<SheetId, ExcelJS.Worksheet>,
  progress: Progress,
  errors: RowErrors,
  out: BaseItemInput[],
): Promise<void> {
  const services = new Map<string, SheetRow[]>();
  const svcSheet = sheets.get('intermediaryServices');
  if (svcSheet) {
    await readSheet(svcSheet, sheetSpec('intermediaryServices'), progress, (row) => {
      const key = row.values['baseCode'];
      delete row.values['baseCode'];
      if (typeof key !== 'string') {
        if (!row.errors.has('baseCode')) row.errors.set('baseCode', 'required (empty cell)');
        for (const [field, message] of row.errors) errors.add(row.sheet, row.row, field, message);
        return;
      }
      services.set(key, [...(services.get(key) ?? []), row]);
    });
  }
  const ws = sheets.get('baseItems');
  if (ws) {
    await readSheet(ws, sheetSpec('baseItems'), progress, (row) => {
      const code = row.values['code'];
      const own = typeof code === 'string' ? (services.get(code) ?? []) : [];
      if (typeof code === 'string') services.delete(code);
      let bad = row.errors.size > 0;
      for (const [field, message] of row.errors) errors.add(row.sheet, row.row, field, message);
      for (const r of own) {
        for (const [field, message] of r.errors) errors.add(r.sheet, r.row, field, message);
        bad ||= r.errors.size > 0;
      }
      if (own.length > 0) row.values['intermediaryServices'] = own.map((r) => r.values);
      const parsed = BaseItemInput.safeParse(row.values);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const [head, index, ...rest] = issue.path;
          const svc = head === 'intermediaryServices' && typeof index === 'number' ? own[index] : undefined;
          if (svc) {
            const field = fieldOf(rest);
            if (!svc.errors.has(field))
              errors.add(svc.sheet, svc.row, field, issueMessage(issue, row.values));
            continue;
          }
          const field = fieldOf(issue.path);
          if (!row.errors.has(field)) errors.add(row.sheet, row.row, field, issueMessage(issue, row.values));
        }
      }
      if (parsed.success && !bad) out.push(parsed.data);
    });
  }
  for (const [code, rows] of services) {
    for (const r of rows) {
      errors.add(
        r.sheet,
        r.row,
        'baseCode',
        `no ${sheetName(sheetSpec('baseItems'))} row has the code "${code}"`,
      );
    }
  }
}

/** Where the value at an index of a child array came from, for mapping zod issues back to cells. */
interface ChildSource {
  readonly id: ChildSheetId;
  readonly row: SheetRow;
  /** Object field → column (流程环节 rows rename fields). */
  readonly fields?: Readonly<Record<string, string>>;
}

/** Paths of single objects (not arrays) that come from one child row. */
const SINGLE_SOURCES = new Set(['processTemplate.lead', 'processTemplate.escalateTo']);

function buildImplementation(
  row: SheetRow,
  key: string,
  children: ReadonlyMap<ChildSheetId, ReadonlyMap<string, SheetRow[]>>,
  errors: RowErrors,
): ImplementationExchangeRow | undefined {
  const v = row.values;
  const rowsOf = (id: ChildSheetId): SheetRow[] => children.get(id)?.get(key) ?? [];
  /** Child sheet → its rows (of this implementation) with errors. */
  const badRows = new Map<ChildSheetId, Set<number>>();
  let ownIssues = false;
  const reported = new Set<string>();
  const report = (r: SheetRow, field: string, message: string, child?: ChildSheetId) => {
    if (child) {
      const rows = badRows.get(child) ?? new Set<number>();
      badRows.set(child, rows.add(r.row));
    } else {
      ownIssues = true;
    }
    const id = `${r.row}\u0000${r.sheet}\u0000${field}`;
    if (reported.has(id)) return;
    reported.add(id);
    errors.add(r.sheet, r.row, field, message);
  };

  for (const [field, message] of row.errors) report(row, field, message);
  for (const id of CHILD_SHEETS) {
    for (const r of rowsOf(id)) for (const [field, message] of r.errors) report(r, field, message, id);
  }

  // Arrays: present only when the sheet has rows for the implementation (else the schema's default applies).
  const sources = new Map<string, ChildSource[]>();
  const attach = (
    path: string,
    id: ChildSheetId,
    map: (values: Record<string, unknown>) => Record<string, unknown> = (x) => x,
  ) => {
    const rows = rowsOf(id);
    if (rows.length === 0) return;
    setPath(
      v,
      path.split('.'),
      rows.map((r) => map(r.values)),
    );
    sources.set(
      path,
      rows.map((r) => ({ id, row: r })),
    );
  };
  attach('materials', 'materials');
  attach('fees', 'fees');
  attach('results', 'results', (r) =>
    Array.isArray(r['fields'])
      ? {
          ...r,
          fields: r['fields'].map((f: unknown) => (typeof f === 'string' ? parseLicenceFieldEntry(f) : f)),
        }
      : r,
  );
  attach('service.faqs', 'faqs');
  attach('applicationForm.fields', 'applicationForm');
  attach('intermediaryProviders', 'intermediaryProviders');

  const processRows = rowsOf('processTemplate');
  if (processRows.length > 0) {
    const id: ChildSheetId = 'processTemplate';
    const template = (v['processTemplate'] ??= {}) as Record<string, unknown>;
    const co: { values: Record<string, unknown>[]; sources: ChildSource[] } = { values: [], sources: [] };
    const steps: { values: Record<string, unknown>[]; sources: ChildSource[] } = { values: [], sources: [] };
    const single = new Map<'lead' | 'escalateTo', SheetRow>();
    for (const r of processRows) {
      const roleCell = r.values['role'];
      const role = typeof roleCell === 'string' ? ROLE_ALIASES[roleCell.toLowerCase()] : undefined;
      if (!role) {
        if (!r.errors.has('role')) {
          report(
            r,
            'role',
            roleCell === undefined
              ? 'required (empty cell): lead, co, escalate or step'
              : `unknown role "${textOf(roleCell)}": lead, co, escalate or step`,
            id,
          );
        }
        continue;
      }
      const fields = ROLE_FIELDS[role];
      const used = new Set(['role', ...Object.values(fields)]);
      for (const c of sheetSpec(id).columns) {
        if (!used.has(c.field) && r.values[c.field] !== undefined) {
          report(r, c.field, `not used in a ${role} row; leave the cell empty`, id);
        }
      }
      const value: Record<string, unknown> = {};
      for (const [objectField, column] of Object.entries(fields)) value[objectField] = r.values[column];
      if (role === 'lead' || role === 'escalate') {
        const field = role === 'lead' ? 'lead' : 'escalateTo';
        const first = single.get(field);
        if (first) {
          report(r, 'role', `a second ${role} row for this implementation (first in row ${first.row})`, id);
          continue;
        }
        single.set(field, r);
        template[field] = value;
        sources.set(`processTemplate.${field}`, [{ id, row: r, fields }]);
      } else {
        const list = role === 'co' ? co : steps;
        list.values.push(value);
        list.sources.push({ id, row: r, fields });
      }
    }
    if (co.values.length > 0) {
      template['coDepartments'] = co.values;
      sources.set('processTemplate.coDepartments', co.sources);
    }
    if (steps.values.length > 0) {
      template['steps'] = steps.values;
      sources.set('processTemplate.steps', steps.sources);
    }
  }

  const parsed = ImplementationExchangeRow.safeParse(v);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const target = locateIssue(issue.path, sources);
      if (target) {
        report(target.source.row, target.field, issueMessage(issue, v), target.source.id);
        continue;
      }
      const field = fieldOf(issue.path);
      const message =
        field === 'processTemplate.lead' && getPath(v, ['processTemplate', 'lead']) === undefined
          ? `required: add a ${sheetName(sheetSpec('processTemplate'))} row with role lead`
          : issueMessage(issue, v);
      report(row, field, message);
    }
  }
  if (!ownIssues) {
    for (const id of CHILD_SHEETS) {
      const rows = badRows.get(id);
      const sheet = rowsOf(id)[0]?.sheet;
      if (!rows || !sheet) continue;
      report(
        row,
        CHILD_FIELD[id],
        `left out: errors in ${sheet} row${rows.size > 1 ? 's' : ''} ${[...rows].join(', ')}`,
      );
    }
  }
  return parsed.success && reported.size === 0 ? parsed.data : undefined;
}

/** Maps a zod issue path inside an implementation to the child row and column it came from. */
function locateIssue(
  path: readonly PropertyKey[],
  sources: ReadonlyMap<string, ChildSource[]>,
): { source: ChildSource; field: string } | undefined {
  for (let n = Math.min(path.length, 2); n >= 1; n--) {
    const prefix = path.slice(0, n);
    if (!prefix.every((p) => typeof p === 'string')) continue;
    const name = prefix.join('.');
    const list = sources.get(name);
    if (!list) continue;
    const single = SINGLE_SOURCES.has(name);
    const index = single ? 0 : path[n];
    if (typeof index !== 'number') return undefined;
    const source = list[index];
    if (!source) return undefined;
    const rest = path.slice(single ? n : n + 1);
    const head = rest.find((p) => typeof p === 'string');
    const field = fieldOf(rest);
    return {
      source,
      field: source.fields && typeof head === 'string' ? (source.fields[head] ?? field) : field,
    };
  }
  return undefined;
}

function computedRowKey(values: Record<string, unknown>): string {
  const s = (p: readonly string[]) => {
    const x = getPath(values, p);
    return typeof x === 'string' ? x : '';
  };
  return `${s(['baseCode'])}|${s(['level'])}|${s(['regionCode'])}|${s(['implementingBody', 'uscc'])}`;
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.filter((p): p is string => typeof p === 'string').join('.');
}

function issueMessage(issue: z.core.$ZodIssue, input: unknown): string {
  const strings = issue.path.filter((p): p is string | number => typeof p !== 'symbol').map(String);
  if (issue.code === 'invalid_type' && getPath(input as Row, strings) === undefined)
    return 'required (empty cell)';
  return issue.message;
}

class RowErrors {
  private readonly list: ExchangeRowError[] = [];

  add(sheet: string, row: number, field: string, message: string): void {
    this.list.push({ sheet, row, field, message });
  }

  sorted(order: ReadonlyMap<string, number>): ExchangeRowError[] {
    return this.list
      .map((e, i) => ({ e, i }))
      .sort(
        (a, b) =>
          (order.get(a.e.sheet) ?? -1) - (order.get(b.e.sheet) ?? -1) || a.e.row - b.e.row || a.i - b.i,
      )
      .map(({ e }) => e);
  }
}

/** Counts data rows; reports (and yields to the event loop) every `PROGRESS_EVERY` rows. */
class Progress {
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly onProgress?: (done: number, total: number) => void,
  ) {
    onProgress?.(0, total);
  }

  /** True when the caller should `await pause()`. */
  step(): boolean {
    this.done++;
    return this.done % PROGRESS_EVERY === 0;
  }

  async pause(): Promise<void> {
    this.onProgress?.(this.done, this.total);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  finish(): void {
    this.onProgress?.(this.total, this.total);
  }
}

const PROGRESS_EVERY = 500;

function matchSheet(name: string): SheetId | undefined {
  const n = name.trim().toLowerCase();
  const parts = n.split(/\s+/);
  for (const s of SHEETS) {
    const id = s.id.toLowerCase();
    if (
      n === sheetName(s).toLowerCase() ||
      n === id ||
      n === s.label ||
      (parts.length > 1 && (parts[0] === s.label || parts.at(-1) === id))
    ) {
      return s.id;
    }
  }
  return undefined;
}

function mapHeader(ws: ExcelJS.Worksheet, spec: SheetSpec): Array<{ index: number; column: ColumnSpec }> {
  const byName = new Map<string, ColumnSpec>();
  for (const c of spec.columns) {
    byName.set(c.label, c);
    byName.set(c.field.toLowerCase(), c);
    byName.set(header(c).toLowerCase(), c);
  }
  const out: Array<{ index: number; column: ColumnSpec }> = [];
  const taken = new Set<string>();
  ws.getRow(1).eachCell((cell, index) => {
    const raw = readCell(cell.value);
    if (raw.t !== 'str') return;
    const text = raw.v.trim().toLowerCase();
    const parts = text.split(/\s+/);
    const column = byName.get(text) ?? byName.get(parts.at(-1) ?? '') ?? byName.get(parts[0] ?? '');
    if (column && !taken.has(column.field)) {
      taken.add(column.field);
      out.push({ index, column });
    }
  });
  return out;
}

/** How a row error names a column that is no field of its sheet: its header text, or `(column C)` without one. */
function unknownColumnName(ws: ExcelJS.Worksheet, index: number): string {
  const head = readCell(ws.getRow(1).findCell(index)?.value);
  if (head.t === 'str' && head.v.trim() !== '') return head.v.trim();
  if (head.t === 'num') return String(head.v);
  return `(column ${ws.getColumn(index).letter})`;
}

async function readSheet(
  ws: ExcelJS.Worksheet,
  spec: SheetSpec,
  progress: Progress,
  onRow: (row: SheetRow) => void,
): Promise<void> {
  const columns = mapHeader(ws, spec);
  const mapped = new Set(columns.map((c) => c.index));
  const last = ws.rowCount;
  for (let r = 2; r <= last; r++) {
    if (progress.step()) await progress.pause();
    const row = ws.findRow(r);
    if (!row) continue;
    const values: Record<string, unknown> = {};
    const errors = new Map<string, string>();
    let filled = false;
    for (const { index, column } of columns) {
      const raw = readCell(row.findCell(index)?.value);
      if (raw.t === 'empty') continue;
      if (raw.t !== 'str' || raw.v.trim() !== '') filled = true;
      const converted = convert(column, raw);
      if ('error' in converted) errors.set(column.field, converted.error);
      else if (converted.value !== undefined) setPath(values, column.path, converted.value);
    }
    // A value in a column that is no field of the sheet would be lost: the row is reported and left out.
    row.eachCell((cell, index) => {
      if (mapped.has(index)) return;
      const raw = readCell(cell.value);
      if (raw.t === 'empty' || (raw.t === 'str' && raw.v.trim() === '')) return;
      filled = true;
      const name = unknownColumnName(ws, index);
      errors.set(
        name,
        `unknown column: not a field of ${sheetName(spec)}; rename the header to a field of the sheet, or empty the column`,
      );
    });
    if (filled) onRow({ sheet: ws.name, row: r, values, errors });
  }
}

type Raw =
  | { t: 'empty' }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'date'; v: Date }
  | { t: 'err'; v: string };

/** A cell's value as a scalar: rich text and hyperlinks as their text, formulas as their cached result. */
function readCell(value: ExcelJS.CellValue | undefined): Raw {
  if (value === null || value === undefined) return { t: 'empty' };
  if (typeof value === 'string') return { t: 'str', v: value };
  if (typeof value === 'number') return { t: 'num', v: value };
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  if (value instanceof Date) return { t: 'date', v: value };
  if ('richText' in value) return { t: 'str', v: value.richText.map((run) => run.text).join('') };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = readCell(value.result);
    return result.t === 'str' && result.v === '' ? { t: 'empty' } : result;
  }
  if ('hyperlink' in value) {
    const text: unknown = value.text;
    return readCell(
      typeof text === 'string'
        ? text
        : typeof text === 'object' && text !== null && 'richText' in text
          ? (text as ExcelJS.CellRichTextValue)
          : value.hyperlink,
    );
  }
  if ('error' in value) return { t: 'err', v: value.error };
  return { t: 'empty' };
}

type Converted = { value: unknown } | { error: string };

function convert(c: ColumnSpec, raw: Exclude<Raw, { t: 'empty' }>): Converted {
  if (raw.t === 'err') return { error: `cell error ${raw.v}` };
  if (raw.t === 'date') return { error: 'a date cell; enter the value as text' };
  if (raw.t === 'str' && raw.v === '' && c.keepEmpty) return { value: '' };
  switch (c.kind) {
    case 'text':
      if (raw.t === 'str') return { value: raw.v === '' ? undefined : raw.v };
      return { value: raw.t === 'num' ? String(raw.v) : raw.v ? '是' : '否' };
    case 'code': {
      if (raw.t === 'bool') return { error: `expected a code, found ${String(raw.v)}` };
      if (raw.t === 'num') {
        if (!Number.isSafeInteger(raw.v) || raw.v < 0) {
          return {
            error: `the number ${raw.v} cannot hold this code exactly; format the column as text (@) and enter it again`,
          };
        }
        return { value: String(raw.v).padStart(c.length ?? 0, '0') };
      }
      const s = halfWidth(raw.v).trim();
      return { value: s === '' ? undefined : s };
    }
    case 'int': {
      if (raw.t === 'num') return { value: raw.v };
      if (raw.t === 'bool') return { error: `expected a whole number, found ${String(raw.v)}` };
      const s = halfWidth(raw.v).trim();
      if (s === '') return { value: undefined };
      if (!/^[+-]?\d+(\.\d+)?$/.test(s)) return { error: `expected a whole number, found "${raw.v}"` };
      return { value: Number(s) };
    }
    case 'bool': {
      if (raw.t === 'bool') return { value: raw.v };
      const s = raw.t === 'num' ? String(raw.v) : halfWidth(raw.v).trim().toLowerCase();
      if (s === '') return { value: undefined };
      const b = BOOLEANS[s];
      return b === undefined
        ? { error: `expected 是 or 否, found "${raw.t === 'num' ? s : raw.v}"` }
        : { value: b };
    }
    case 'list':
      if (raw.t !== 'str') return { value: [raw.t === 'num' ? String(raw.v) : String(raw.v)] };
      return { value: splitList(raw.v) };
    case 'codes': {
      if (raw.t === 'bool') return { error: `expected codes, found ${String(raw.v)}` };
      const s = raw.t === 'num' ? String(raw.v) : halfWidth(raw.v);
      return { value: s.split(/[;；,，、\s]+/).filter((x) => x !== '') };
    }
  }
}

const BOOLEANS: Readonly<Record<string, boolean>> = {
  是: true,
  否: false,
  true: true,
  false: false,
  '1': true,
  '0': false,
  y: true,
  n: false,
  yes: true,
  no: false,
  '√': true,
  '×': false,
};

/** Full-width ASCII (`０１Ａ`, U+FF01–FF5E) and the ideographic space to their ASCII forms. */
function halfWidth(s: string): string {
  return /[\uff01-\uff5e\u3000]/.test(s)
    ? s
        .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
        .replace(/\u3000/g, ' ')
    : s;
}

/** Splits a `;` list: `\x` is a literal x, unescaped whitespace around elements is dropped, empty elements too. */
function splitList(s: string): string[] {
  const out: string[] = [];
  let chars: string[] = [];
  let escaped: boolean[] = [];
  const flush = () => {
    let a = 0;
    let b = chars.length;
    while (a < b && escaped[a] === false && /\s/.test(chars[a] ?? '')) a++;
    while (b > a && escaped[b - 1] === false && /\s/.test(chars[b - 1] ?? '')) b--;
    if (b > a) out.push(chars.slice(a, b).join(''));
    chars = [];
    escaped = [];
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s.charAt(i);
    if (ch === '\\' && i + 1 < s.length) {
      chars.push(s.charAt(++i));
      escaped.push(true);
    } else if (ch === LIST_SEPARATOR) {
      flush();
    } else {
      chars.push(ch);
      escaped.push(false);
    }
  }
  flush();
  return out;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let o = target;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i] ?? '';
    const next = o[k];
    if (typeof next === 'object' && next !== null && !Array.isArray(next))
      o = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      o[k] = created;
      o = created;
    }
  }
  o[path[path.length - 1] ?? ''] = value;
}
