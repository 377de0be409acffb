/**
 * HTTP contract of the catalog service (事项目录, `/api/catalog/…`): one zod schema per request and response, used
 * by the controllers (parse + OpenAPI), by the services' return types and by the web client (types + a runtime
 * check of every response in development builds). Schema const and inferred type share one name.
 * Browser-safe: zod only (imported by the web through `@hall/contracts/api`).
 *
 * Input schemas refuse unknown fields at every depth (`strictDeep`: no mass assignment, a misspelt field is an
 * error naming it, never silently dropped). The objects they reuse from the event contracts stay tolerant readers
 * for events; drafts read back from the database use the tolerant `ImplementationDraft`.
 */
import { z } from 'zod';
import { canonicalLicenceTypeCode } from '../licence/licence-type-codes.js';
import { strictDeep } from '../shared/strict-deep.js';
import { ApplicationForm } from './application-form.js';
import {
  AudienceCode,
  CaseTypeCode,
  DepartmentCode,
  ItemTypeCode,
  JointKind,
  LevelCode,
  RegionCode,
  ScopeRegionCode,
} from '../shared/catalog-codes.js';
import { ImplementationRetiredPayload } from './implementation-published.event.js';
import {
  BaseItemRef,
  CatalogFileRef,
  FeeSpec,
  ImplementationSnapshot,
  IntermediaryProvider,
  IntermediaryService,
  QuantityLimit,
  MaterialSpec,
  ProcessTemplate,
  ResultLicence,
  ServiceInfo,
} from './implementation-snapshot.js';

const Instant = z.iso.datetime({ offset: true });
const page = z.coerce.number().int().min(1).default(1).describe('Page, from 1');
const pageSize = z.coerce.number().int().min(1).max(100).default(20).describe('Rows per page (≤ 100)');
/** A query flag: 1/true or 0/false. */
const QueryFlag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');

// ── exchange and input shapes (区划, 部门, 基本目录, 实施清单) ─────────────────────────────────────────────────────

/**
 * 区划 with its parent: a county belongs to its city, a city to its province (GB/T 2260); below the county (统计用区划代码)
 * a township — 乡 `township`, 镇 `town` or 街道 `subdistrict` — belongs to its county, a village — 村 `village` or
 * 社区 `community` — to its township.
 */
export const RegionKind = z
  .enum(['province', 'city', 'county', 'town', 'township', 'subdistrict', 'village', 'community'])
  .describe(
    '区划级别: 省 province, 市 city, 县 county, 乡 township, 镇 town, 街道 subdistrict, 村 village, 社区 community',
  );
export type RegionKind = z.infer<typeof RegionKind>;

/** Depth of each kind (0 province … 4 village/community): parents sort before their children. */
export const REGION_KIND_DEPTH: Readonly<Record<RegionKind, number>> = {
  province: 0,
  city: 1,
  county: 2,
  town: 3,
  township: 3,
  subdistrict: 3,
  village: 4,
  community: 4,
};

export const RegionInput = z
  .object({
    code: ScopeRegionCode.describe('区划代码 (GB/T 2260, or the 12-digit 统计用区划代码 below the county)'),
    name: z.string().trim().min(1).max(100).describe('区划名称'),
    kind: RegionKind,
    parentCode: ScopeRegionCode.optional().describe(
      "The region above (a county's city, a city's province, a township's county, a village's township)",
    ),
  })
  .strict();
export type RegionInput = z.infer<typeof RegionInput>;

export const DepartmentInput = z
  .object({
    code: DepartmentCode.describe('部门代码'),
    name: z.string().trim().min(1).max(100).describe('部门名称'),
  })
  .strict();
export type DepartmentInput = z.infer<typeof DepartmentInput>;

const baseItemExtra = {
  definedAtLevel: LevelCode.default('2').describe('Level that defines the base item (province or national)'),
  implementingBody: DepartmentCode.optional().describe(
    '实施主体: the department whose bodies implement it (locked where configured)',
  ),
  legalLimitDays: z
    .number()
    .int()
    .min(0)
    .max(3650)
    .optional()
    .describe('法定办结时限 (working days): every implementation inherits it'),
};

/** 基本目录 item (POST /base-items, import): the locked elements live here only. */
export const BaseItemInput = strictDeep(BaseItemRef.extend(baseItemExtra));
export type BaseItemInput = z.infer<typeof BaseItemInput>;

/** PATCH /base-items/:code: any elements but the code; what is left out stays as it is (no defaults applied). */
export const BaseItemPatch = strictDeep(
  BaseItemRef.extend({
    ...baseItemExtra,
    definedAtLevel: LevelCode.describe(baseItemExtra.definedAtLevel.description ?? ''),
    feeBasis: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .nullable()
      .describe('收费依据 (locked where set); null removes it'),
  })
    .omit({ code: true })
    .partial(),
);
export type BaseItemPatch = z.infer<typeof BaseItemPatch>;

/* The draft's elements that have a default, without it (the PATCH of a draft must not reset what it leaves out). */
const Themes = z.array(z.string().min(1).max(40)).describe('主题/生命周期 life events');
const AcceptanceConditions = z.string().max(8000).describe('受理条件');
const ProcessText = z.array(z.string().min(1).max(500)).describe('办理流程 in words');
const Materials = z
  .array(MaterialSpec)
  .transform((ms) =>
    ms.map((m) => ({
      ...m,
      replaceableByLicenceTypes: m.replaceableByLicenceTypes.map(canonicalLicenceTypeCode),
    })),
  )
  .describe(
    '申请材料; legacy short licence type keys in replaceableByLicenceTypes (BL, JY …) are mapped to 证照类型代码',
  );
const Fees = z.array(FeeSpec).describe('收费项目');
const Results = z
  .array(ResultLicence)
  .transform((rs) => rs.map((r) => ({ ...r, licenceTypeCode: canonicalLicenceTypeCode(r.licenceTypeCode) })))
  .describe(
    '办理结果; a legacy short licenceTypeCode (BL, JY …) is mapped to its 证照类型代码 (docs/licence-type-codes.md)',
  );
const Form = ApplicationForm.describe('申请表: the item-specific application form');
const ResultName = z.string().max(200).describe('审批结果名称');
const Providers = z
  .array(IntermediaryProvider)
  .max(200)
  .describe("中介机构: qualified providers, each naming one of the base item's intermediary services");
const Quantity = QuantityLimit.describe('数量限制');
const ResultSample = CatalogFileRef.describe('办理结果样本: an uploaded file (POST /files)');

const draftShape = {
  baseCode: BaseItemRef.shape.code,
  level: LevelCode.describe('行使层级'),
  regionCode: ScopeRegionCode.describe(
    '区划代码 where it is exercised: 6 digits (county and above) or 12 (a 乡/镇/街道 for level 5, 乡镇级)',
  ),
  parentRegionCode: RegionCode.optional().describe(
    'The city a county belongs to (checked against the region hierarchy), optional',
  ),
  implementingBody: ImplementationSnapshot.shape.implementingBody,
  competentDepartment: BaseItemRef.shape.competentDepartment.describe(
    '主管部门 as the implementation states it (must equal the base item where locked)',
  ),
  legalLimitDays: z
    .number()
    .int()
    .min(0)
    .max(3650)
    .optional()
    .describe(
      '法定办结时限: inherited from the base item (stating another → 422); needed only where the base item has none',
    ),
  promisedLimitDays: z.number().int().min(0).max(3650).describe('承诺办结时限 (working days)'),
  caseType: CaseTypeCode.describe('办件类型'),
  audiences: z.array(AudienceCode).min(1).describe('服务对象'),
  processTemplate: ProcessTemplate,
  service: ServiceInfo,
};

/**
 * 实施清单 as exchanged and as edited: every localisable element. The locked elements (name, base code, type,
 * legal basis) are NOT part of it; exchange files may carry them in `declared` for the consistency check
 * (三级四同), never as values to store. Tolerant (reads stored drafts); input uses `ImplementationInput`.
 */
export const ImplementationDraft = z.object({
  ...draftShape,
  themes: Themes.default([]),
  acceptanceConditions: AcceptanceConditions.default(''),
  process: ProcessText.default([]),
  materials: Materials.default([]),
  fees: Fees.default([]),
  results: Results.default([]),
  applicationForm: Form.default({ fields: [] }),
  resultName: ResultName.default(''),
  intermediaryProviders: Providers.default([]),
  quantityLimit: Quantity.default({ limited: false, limit: '', basis: '' }),
  resultSample: ResultSample.optional(),
});
export type ImplementationDraft = z.infer<typeof ImplementationDraft>;

/** `ImplementationDraft` as input (POST /implementations, import rows): unknown fields refused at every depth. */
export const ImplementationInput = strictDeep(ImplementationDraft);
export type ImplementationInput = z.infer<typeof ImplementationInput>;

/**
 * PATCH /implementations/:code: any top-level elements of `ImplementationInput`, each replaced whole; what is left
 * out stays as it is. Identity (base, level, region, body USCC) and locked elements → 422.
 */
export const ImplementationPatch = strictDeep(
  z
    .object({
      ...draftShape,
      themes: Themes,
      acceptanceConditions: AcceptanceConditions,
      process: ProcessText,
      materials: Materials,
      fees: Fees,
      results: Results,
      applicationForm: Form,
      resultName: ResultName,
      intermediaryProviders: Providers,
      quantityLimit: Quantity,
      resultSample: ResultSample.nullable().describe('办理结果样本; null removes it'),
    })
    .partial(),
);
export type ImplementationPatch = z.infer<typeof ImplementationPatch>;

/** Locked elements as written in an exchange source: compared with the base item (三级四同), never stored as values. */
export const DeclaredLocked = z
  .object({
    name: z.string().describe('事项名称'),
    type: z.string().describe('事项类型'),
    legalBasis: z.string().describe('设定依据'),
  })
  .partial()
  .strict();
export type DeclaredLocked = z.infer<typeof DeclaredLocked>;

/** A search word: an alias (同义词/别名) or one of its expansions. */
const SearchWord = z.string().trim().min(1).max(50);

/**
 * A search synonym (同义词/别名): the word citizens type and the catalog words it stands for (营业执照 → 企业设立登记,
 * 个体工商户登记). A keyword equal to the alias (or its pinyin), or containing it, is searched for the expansions too.
 */
export const SynonymInput = z
  .object({
    alias: SearchWord.describe('The word citizens type (别名), e.g. 营业执照'),
    expansions: z
      .array(SearchWord)
      .min(1)
      .max(20)
      .describe('The catalog words it stands for (1–20), e.g. 企业设立登记'),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.expansions.forEach((e, i) => {
      const key = e.toLowerCase();
      if (key === s.alias.toLowerCase())
        ctx.addIssue({ code: 'custom', path: ['expansions', i], message: 'must differ from the alias' });
      else if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['expansions', i], message: 'listed twice' });
      seen.add(key);
    });
  });
export type SynonymInput = z.infer<typeof SynonymInput>;
export type SynonymInputInput = z.input<typeof SynonymInput>;

/** An exchange row: the implementation plus, optionally, the locked elements as the source declared them. */
export const ImplementationExchangeRow = ImplementationInput.extend({
  implementationCode: z.string().optional().describe('实施编码 (recomputed; a mismatch is reported)'),
  declared: DeclaredLocked.optional().describe(
    'Locked elements as written in the source file; compared, never stored',
  ),
  publish: z.boolean().default(true).describe('Publish after import'),
}).strict();
export type ImplementationExchangeRow = z.infer<typeof ImplementationExchangeRow>;

/** The catalog exchange document (POST /import as JSON, GET /export; the Excel workbook has one sheet per array). */
export const CatalogExchange = z
  .object({
    format: z.literal('hall-catalog/1').describe('Format and version of the exchange document'),
    regions: z.array(RegionInput).default([]).describe('区划'),
    departments: z.array(DepartmentInput).default([]).describe('部门'),
    baseItems: z.array(BaseItemInput).default([]).describe('基本目录'),
    implementations: z.array(ImplementationExchangeRow).default([]).describe('实施清单'),
    synonyms: z.array(SynonymInput).default([]).describe('搜索同义词'),
  })
  .strict();
export type CatalogExchange = z.infer<typeof CatalogExchange>;
export type CatalogExchangeInput = z.input<typeof CatalogExchange>;

// ── base items (基本目录) ───────────────────────────────────────────────────────────────────────────────────────

/** GET /base-items */
export const BaseItemListQuery = z.object({
  q: z.string().max(100).optional().describe('Part of the item name'),
  page,
  pageSize,
});
export type BaseItemListQuery = z.infer<typeof BaseItemListQuery>;

/** A stored base item (absent optional elements are null). */
export const BaseItemView = z.object({
  code: BaseItemRef.shape.code,
  name: z.string().describe('事项名称'),
  type: ItemTypeCode.describe('事项类型'),
  legalBasis: z.string().describe('设定依据'),
  parentCode: z.string().nullable().describe('Main item of a sub-item'),
  handlingKind: z.string().nullable().describe('业务办理项 (new, change, renew, cancel)'),
  competentDepartment: z.string().nullable().describe('主管部门'),
  implementingBody: z.string().nullable().describe('实施主体 department code'),
  legalLimitDays: z.number().int().nullable().describe('法定办结时限 (working days)'),
  intermediaryServices: z.array(IntermediaryService).describe('中介服务 (locked; empty: none)'),
  feeBasis: z.string().nullable().describe('收费依据 (locked where set)'),
  definedAtLevel: LevelCode.describe('Level that defines the base item'),
  version: z.number().int().min(1).describe('Raised on every change of the base item'),
  createdAt: Instant,
  updatedAt: Instant,
});
export type BaseItemView = z.infer<typeof BaseItemView>;

/** GET /base-items: one page, by code. */
export const BaseItemList = z.array(BaseItemView);
export type BaseItemList = z.infer<typeof BaseItemList>;

/** GET/POST/PATCH /base-items[/:code]: a base item with its sub-items. */
export const BaseItemDetail = BaseItemView.extend({
  children: z
    .array(
      z.object({
        code: z.string().describe('基本编码'),
        name: z.string().describe('事项名称'),
        handlingKind: z.string().nullable().describe('业务办理项'),
      }),
    )
    .describe('Sub-items (业务办理项) of this item'),
});
export type BaseItemDetail = z.infer<typeof BaseItemDetail>;

/** One place where an implementation differs from its base item's locked elements. */
export const Deviation = z.object({
  implementationCode: z.string().describe('实施编码'),
  element: z
    .string()
    .describe(
      'The element (`published.<element>` when the latest published version still carries an old value)',
    ),
  expected: z.string().describe("The base item's value"),
  actual: z.string().describe("The implementation's value"),
});
export type Deviation = z.infer<typeof Deviation>;

/** Implementation status: draft 草稿, published 已发布, retired 已废止. */
export const ImplementationStatus = z
  .enum(['draft', 'published', 'retired'])
  .describe('draft 草稿, published 已发布, retired 已废止');
export type ImplementationStatus = z.infer<typeof ImplementationStatus>;

/** GET /base-items/:code/consistency: 三级四同 report over every implementation of the base item. */
export const ConsistencyReport = z.object({
  baseCode: z.string().describe('基本编码'),
  baseVersion: z.number().int().min(1).describe("The base item's version the report was made against"),
  lockedElements: z
    .object({ name: z.string(), type: z.string(), legalBasis: z.string() })
    .describe("The base item's locked elements"),
  implementations: z.array(
    z.object({
      implementationCode: z.string().describe('实施编码'),
      level: z.string().describe('行使层级'),
      regionCode: z.string().describe('区划代码'),
      status: ImplementationStatus,
      currentVersion: z.number().int().min(0).describe('Latest published version (0: never published)'),
      consistent: z.boolean().describe('No deviation found'),
    }),
  ),
  deviations: z.array(Deviation),
});
export type ConsistencyReport = z.infer<typeof ConsistencyReport>;

// ── implementations (实施清单) and search ───────────────────────────────────────────────────────────────────────

/** GET /implementations: citizen search over published implementations. */
export const SearchQuery = z.object({
  q: z.string().trim().max(50).optional().describe('Keyword: Chinese substring, pinyin (full) or initials'),
  region: ScopeRegionCode.optional().describe(
    'Items available in this region (its own and its higher levels; a township or village: those of its county and above)',
  ),
  level: LevelCode.optional().describe('行使层级'),
  type: ItemTypeCode.optional().describe('事项类型'),
  dept: z.string().max(48).optional().describe('Implementing department code'),
  audience: AudienceCode.optional().describe('服务对象'),
  theme: z.string().max(40).optional().describe('Life event / theme'),
  online: QueryFlag.optional().describe('Only items that can be handled online'),
  caseType: CaseTypeCode.optional().describe('1 即办件, 2 承诺件'),
  page: z.coerce.number().int().min(1).max(1000).default(1).describe('Page, from 1 (≤ 1000)'),
  pageSize,
});
export type SearchQuery = z.infer<typeof SearchQuery>;
/** The search query as a client writes it (all optional, flags as text). */
export type SearchQueryInput = z.input<typeof SearchQuery>;

export const SearchHit = z.object({
  implementationCode: z.string().describe('实施编码'),
  version: z.number().int().min(1).describe('Published version'),
  name: z.string().describe('事项名称'),
  baseCode: z.string().describe('基本编码'),
  type: z.string().describe('事项类型代码'),
  level: z.string().describe('行使层级代码'),
  regionCode: z.string().describe('区划代码'),
  departmentCode: z.string().describe('Implementing department code'),
  bodyName: z.string().describe('实施主体'),
  online: z.boolean().describe('Can be handled online'),
  caseType: z.string().describe('办件类型代码'),
  promisedDays: z.number().int().describe('承诺办结时限 (working days)'),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z.object({
  total: z.number().int().min(0).describe('Matches, counted up to a cap; see totalExact'),
  totalExact: z.boolean().describe('False when there are more matches than total ("1000+")'),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  items: z.array(SearchHit),
  expandedBy: z
    .array(z.string())
    .describe('Synonyms (别名) the keyword met: their expansions were searched too (empty: none)'),
  suggestions: z
    .array(z.string())
    .describe(
      '您是不是要找: item names close to a keyword that found nothing (empty when there are results)',
    ),
});
export type SearchResult = z.infer<typeof SearchResult>;

/** GET /regions: every region (区划) with its parent, by code (the search page's region picker). */
export const RegionList = z.array(
  z.object({
    code: ScopeRegionCode.describe('区划代码 (GB/T 2260, or the 12-digit 统计用区划代码 below the county)'),
    name: z.string().describe('区划名称'),
    kind: RegionKind,
    parentCode: z.string().nullable().describe('The region above (null for a province)'),
  }),
);
export type RegionList = z.infer<typeof RegionList>;

// ── search synonyms (搜索同义词) ───────────────────────────────────────────────────────────────────────────────

/** GET /search-synonyms, POST, PUT /search-synonyms/:alias: a stored synonym. */
export const SynonymView = z.object({
  alias: z.string().describe('别名 (stored trimmed, lower case, pinyin without spaces)'),
  expansions: z.array(z.string()).describe('The catalog words it stands for'),
  updatedBy: z.string().describe('Who last changed it'),
  updatedAt: Instant,
});
export type SynonymView = z.infer<typeof SynonymView>;

/** GET /search-synonyms: every synonym, by alias. */
export const SynonymList = z.array(SynonymView);
export type SynonymList = z.infer<typeof SynonymList>;

/** PUT /search-synonyms/:alias: the new expansions. */
export const SynonymPatch = z.object({ expansions: SynonymInput.shape.expansions }).strict();
export type SynonymPatch = z.infer<typeof SynonymPatch>;
export type SynonymPatchInput = z.input<typeof SynonymPatch>;

/** GET /search/hot: the hot searches (热门搜索) the home page shows; each finds at least one item of the demo catalog. */
export const HotSearches = z.array(z.string()).describe('热门搜索 keywords, in display order');
export type HotSearches = z.infer<typeof HotSearches>;

/** GET /implementations/:code (and its guide): a published version, the latest unless given. */
export const VersionQuery = z.object({
  version: z.coerce
    .number()
    .int()
    .positive()
    .optional()
    .describe('A published version (default: the latest)'),
});
export type VersionQuery = z.infer<typeof VersionQuery>;

/** GET /implementations/:code: the snapshot consumers get, with the implementation's status at that version. */
export const ImplementationPublic = ImplementationSnapshot.extend({
  status: z
    .enum(['published', 'retired', 'superseded'])
    .describe('published / retired for the latest version; superseded for an older one'),
});
export type ImplementationPublic = z.infer<typeof ImplementationPublic>;

/** GET /implementations/:code/versions */
export const ImplementationVersions = z.array(
  z.object({
    version: z.number().int().min(1),
    publishedAt: Instant,
    publishedBy: z.string().describe('Who published it'),
    hash: z.string().describe("SHA-256 of the version's content"),
  }),
);
export type ImplementationVersions = z.infer<typeof ImplementationVersions>;

/** GET /implementations/:code/draft, POST /implementations, PATCH /implementations/:code: the working draft. */
export const ImplementationAdmin = z.object({
  implementationCode: z.string().describe('实施编码'),
  status: ImplementationStatus,
  currentVersion: z.number().int().min(0).describe('Latest published version (0: never published)'),
  draft: ImplementationDraft,
  declared: DeclaredLocked.nullable().describe('Locked elements as an imported source declared them'),
  updatedAt: Instant,
});
export type ImplementationAdmin = z.infer<typeof ImplementationAdmin>;

/** POST /implementations/:code/publish */
export const PublishResult = z.object({
  implementationCode: z.string().describe('实施编码'),
  version: z.number().int().min(0).describe('The version now current'),
  published: z
    .boolean()
    .describe('False when the draft was unchanged since the last publish: no new version, no event'),
});
export type PublishResult = z.infer<typeof PublishResult>;

/** POST /implementations/:code/retire */
export const RetireBody = z
  .object({ reason: z.string().trim().max(1000).default('').describe('Why it is retired (废止原因)') })
  .strict();
export type RetireBody = z.infer<typeof RetireBody>;

/** The retirement as emitted (catalog.implementation.retired). */
export const ImplementationRetiredResult = ImplementationRetiredPayload;
export type ImplementationRetiredResult = ImplementationRetiredPayload;

// ── import / export (导入导出) ─────────────────────────────────────────────────────────────────────────────────

/** POST /import */
export const ImportQuery = z.object({
  async: QueryFlag.default(false).describe('1: import in the background (202 + job)'),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

/** GET /export */
export const ExportQuery = z.object({
  format: z.enum(['json', 'xlsx']).default('json').describe('json (CatalogExchange) or xlsx workbook'),
});
export type ExportQuery = z.infer<typeof ExportQuery>;

export const ImportRowKind = z.enum(['region', 'department', 'baseItem', 'implementation', 'synonym']);
export type ImportRowKind = z.infer<typeof ImportRowKind>;
export const ImportRowStatus = z.enum(['created', 'updated', 'unchanged', 'published', 'deviation', 'error']);
export type ImportRowStatus = z.infer<typeof ImportRowStatus>;

export const ImportRowResult = z.object({
  kind: ImportRowKind,
  index: z.number().int().min(0).describe('Row index in its array of the document'),
  key: z.string().describe('What identifies the row (code; base|level|region|USCC for an implementation)'),
  status: ImportRowStatus,
  implementationCode: z.string().optional().describe('实施编码 of an implementation row'),
  version: z.number().int().min(1).optional().describe('Published version'),
  error: z
    .object({
      code: z.string(),
      field: z.string().optional().describe('Field of the row at fault'),
      message: z.string(),
    })
    .optional()
    .describe('Why the row was not imported (error, deviation)'),
});
export type ImportRowResult = z.infer<typeof ImportRowResult>;

export const ImportReport = z.object({
  totals: z
    .partialRecord(ImportRowKind, z.partialRecord(ImportRowStatus, z.number().int().min(0)))
    .describe('Rows per kind and status'),
  rows: z.array(ImportRowResult),
  durationMs: z.number().min(0),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** A row of the workbook that could not be read (Excel import). */
export const ExchangeRowError = z.object({
  sheet: z.string().describe('Worksheet name as found in the workbook'),
  row: z.number().int().min(1).describe('1-based Excel row number (row 1 is the header)'),
  field: z
    .string()
    .describe('Field name of the column (dotted for nested fields, e.g. implementingBody.uscc)'),
  message: z.string(),
});
export type ExchangeRowError = z.infer<typeof ExchangeRowError>;

/** POST /import (synchronous): the report and the workbook's unreadable rows. */
export const ImportResult = ImportReport.extend({
  sheetErrors: z.array(ExchangeRowError).describe('Workbook rows that could not be read (Excel only)'),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** POST /import?async=1 (202): the background job. */
export const ImportStarted = z.object({
  jobId: z.uuid().describe('Import job id'),
  statusUrl: z.string().describe('Where to follow it (GET)'),
  sheetErrors: z.array(ExchangeRowError).describe('Workbook rows that could not be read (Excel only)'),
});
export type ImportStarted = z.infer<typeof ImportStarted>;

/** GET /import/jobs/:id: progress of a background import and its report when done. */
export const ImportJob = z.object({
  id: z.uuid(),
  status: z.enum(['running', 'done', 'failed']).describe('running, done (report set) or failed (error set)'),
  done: z.number().int().min(0).describe('Rows done'),
  total: z.number().int().min(0).describe('Rows in the document'),
  report: ImportReport.nullable(),
  error: z.string().nullable(),
  createdBy: z.string().describe('Who started it'),
  createdAt: Instant,
  finishedAt: Instant.nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

// ── files (表格样表) ──────────────────────────────────────────────────────────────────────────────────────────

/** POST /files: the stored file (its key is the download path under /api/catalog/files/). */
export const CatalogFileUploaded = z.object({
  key: z.string().describe('Storage key; GET /files/<key> downloads it'),
  name: z.string().describe('File name as uploaded'),
  sha256: z.string().describe('SHA-256 of the content'),
  contentType: z.string().describe('Detected content type'),
  size: z.number().int().min(0).describe('Bytes'),
});
export type CatalogFileUploaded = z.infer<typeof CatalogFileUploaded>;

// ── 办事指南 (GET /implementations/:code/guide) ──────────────────────────────────────────────────────────────────

/** A label/value line of a field list; `href` is a safe link (http(s) or a path on this site). */
export const GuideField = z.object({ label: z.string(), value: z.string(), href: z.string().optional() });
export type GuideField = z.infer<typeof GuideField>;

/** A downloadable catalog file (空白表格, 示例样表). `href` is `/api/catalog/files/<key>`. */
export const GuideLink = z.object({
  label: z.string(),
  name: z.string().describe('File name'),
  href: z.string(),
});
export type GuideLink = z.infer<typeof GuideLink>;

/** One row of the 申请材料 table. */
export const GuideMaterialRow = z.object({
  no: z.number().int().min(1).describe('序号, from 1'),
  id: z.string(),
  name: z.string().describe('材料名称'),
  issuingBody: z.string().describe('出具机构'),
  originals: z.number().int().min(0),
  copies: z.number().int().min(0),
  quantity: z.string().describe('原件/复印件份数, e.g. "原件1份；复印件1份"'),
  required: z.boolean(),
  necessity: z.enum(['必要', '非必要']).describe('必要性'),
  main: z.boolean(),
  category: z.enum(['主要', '辅助']).describe('材料类型'),
  acceptanceStandard: z.string().describe('受理标准 (empty text: none given)'),
  basis: z.string().describe('填报依据'),
  exemptByLicences: z
    .array(z.string())
    .describe('Licence types (names where known) whose 电子证照 replaces the material'),
  exemption: z.string().describe('免提交 wording, empty when the material cannot be replaced'),
  promiseAllowed: z.boolean(),
  promise: z.string().describe('告知承诺 wording, empty when a promise is not accepted'),
  blankForm: GuideLink.optional().describe('空白表格'),
  example: GuideLink.optional().describe('示例样表'),
});
export type GuideMaterialRow = z.infer<typeof GuideMaterialRow>;

export const GuideProcessStep = z.object({
  no: z.number().int().min(1),
  name: z.string(),
  department: z.string(),
  limit: z.string(),
  note: z.string().describe('e.g. "两名工作人员现场核查"; empty if nothing special'),
});
export type GuideProcessStep = z.infer<typeof GuideProcessStep>;

export const GuideDepartment = z.object({
  role: z.enum(['牵头部门', '协办部门', '决定部门']),
  code: z.string(),
  name: z.string(),
  limit: z.string(),
});
export type GuideDepartment = z.infer<typeof GuideDepartment>;

export const GuideParallel = z.object({
  kind: JointKind,
  kindName: z.string().describe('并联审批 mode in words'),
  departments: z.array(GuideDepartment),
});
export type GuideParallel = z.infer<typeof GuideParallel>;

export const GuideFeeRow = z.object({
  item: z.string(),
  standard: z.string(),
  basis: z.string(),
  waivable: z.enum(['是', '否']),
  reductions: z.string().describe('减免政策 (empty: none)'),
});
export type GuideFeeRow = z.infer<typeof GuideFeeRow>;

export const GuideResultRow = z.object({
  no: z.number().int().min(1),
  licenceTypeCode: z.string(),
  name: z.string().describe('证照名称'),
  validity: z.string().describe('有效期: "5年", "18个月", "长期"'),
});
export type GuideResultRow = z.infer<typeof GuideResultRow>;

/** 中介服务 row: the service, whether required, its legal basis and the qualified providers (中介机构). */
export const GuideIntermediaryRow = z.object({
  no: z.number().int().min(1),
  name: z.string().describe('中介服务名称'),
  required: z.enum(['是', '否']).describe('是否必须'),
  legalBasis: z.string().describe('设定依据'),
  providers: z.array(z.object({ name: z.string(), uscc: z.string(), contact: z.string() })),
});
export type GuideIntermediaryRow = z.infer<typeof GuideIntermediaryRow>;

export const GuideFaq = z.object({ q: z.string(), a: z.string() });
export type GuideFaq = z.infer<typeof GuideFaq>;

/** One section of the guide: its id, heading and body (one union member per id). */
function section<I extends string, B extends z.ZodRawShape>(id: I, body: B) {
  return z.object({ id: z.literal(id), title: z.string().describe('Heading, e.g. "申请材料"'), ...body });
}
const fields = { kind: z.literal('fields'), fields: z.array(GuideField) };
const text = { kind: z.literal('text'), paragraphs: z.array(z.string()) };

export const GuideSection = z.discriminatedUnion('id', [
  section('basic', fields),
  section('legal-basis', text),
  section('conditions', text),
  section('materials', { kind: z.literal('materials'), rows: z.array(GuideMaterialRow) }),
  section('process', {
    kind: z.literal('process'),
    description: z.array(z.string()),
    steps: z.array(GuideProcessStep),
    parallel: GuideParallel.nullable(),
  }),
  section('fees', {
    kind: z.literal('fees'),
    free: z.boolean(),
    summary: z.string(),
    rows: z.array(GuideFeeRow),
  }),
  section('results', {
    kind: z.literal('results'),
    resultName: z.string(),
    rows: z.array(GuideResultRow),
    sample: GuideLink.optional().describe('结果样本'),
  }),
  section('intermediaries', { kind: z.literal('intermediaries'), rows: z.array(GuideIntermediaryRow) }),
  section('place', fields),
  section('contact', fields),
  section('faq', { kind: z.literal('faq'), items: z.array(GuideFaq) }),
]);
export type GuideSection = z.infer<typeof GuideSection>;
export type GuideSectionId = GuideSection['id'];
export type GuideSectionOf<I extends GuideSectionId> = Extract<GuideSection, { id: I }>;

/**
 * 办事指南 as display-ready zh-CN data, built from one published version: every value is already formatted text,
 * so the web, the HTML page and the PDF show the same words.
 */
export const Guide = z.object({
  title: z.string().describe('"<事项名称> 办事指南"'),
  name: z.string().describe('事项名称'),
  implementationCode: z.string(),
  baseCode: z.string(),
  regionName: z.string(),
  implementingBody: z.string(),
  version: z.number().int().min(1),
  versionLabel: z.string().describe('"第3版"'),
  publishedAt: Instant.describe("The snapshot's publish instant"),
  publishedDate: z.string().describe('Publish date in China time, "2026年11月22日"'),
  online: z.boolean().describe('是否网办: can be applied for online in this hall (在线办理)'),
  appointment: z
    .boolean()
    .describe('是否支持预约办理: a window slot can be booked at a service point (预约)'),
  sections: z.array(GuideSection),
});
export type Guide = z.infer<typeof Guide>;
