import {
  ApplicationForm, AudienceCode, BaseItemRef, canonicalLicenceTypeCode, CaseTypeCode, DepartmentCode, FeeSpec, ImplementationSnapshot, LevelCode,
  MaterialSpec, ProcessTemplate, RegionCode, ResultLicence, ServiceInfo,
} from '@hall/contracts';
import { strictDeep } from '@hall/platform';
import { z } from 'zod';

/** 区划 with its parent: a county belongs to its city, a city to its province (GB/T 2260). */
export const RegionInput = z.object({
  code: RegionCode,
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['province', 'city', 'county', 'town']),
  parentCode: RegionCode.optional(),
}).strict();
export type RegionInput = z.infer<typeof RegionInput>;

export const DepartmentInput = z.object({
  code: DepartmentCode,
  name: z.string().trim().min(1).max(100),
}).strict();
export type DepartmentInput = z.infer<typeof DepartmentInput>;

/*
 * Input schemas refuse unknown fields at every depth (`strictDeep`: no mass assignment, a misspelt field is an
 * error naming it, never silently dropped). The objects they reuse from libs/contracts stay tolerant readers for
 * events; drafts read back from the database use the tolerant `ImplementationDraft`.
 */

/** 基本目录 item: the locked elements live here only. */
export const BaseItemInput = strictDeep(BaseItemRef.extend({
  definedAtLevel: LevelCode.default('2').describe('Level that defines the base item (province or national)'),
  implementingBody: DepartmentCode.optional().describe('实施主体: the department whose bodies implement it (locked where configured)'),
  legalLimitDays: z.number().int().min(0).max(3650).optional().describe('法定办结时限 (working days): every implementation inherits it'),
}));
export type BaseItemInput = z.infer<typeof BaseItemInput>;

/**
 * 实施清单 as exchanged and as edited: every localisable element. The locked elements (name, base code,
 * type, legal basis) are NOT part of it; exchange files may carry them in `declared` for the
 * consistency check (三级四同), never as values to store.
 */
export const ImplementationDraft = z
  .object({
    baseCode: BaseItemRef.shape.code,
    level: LevelCode,
    regionCode: RegionCode,
    /** The city a county belongs to (checked against the region hierarchy), optional. */
    parentRegionCode: RegionCode.optional(),
    implementingBody: ImplementationSnapshot.shape.implementingBody,
    competentDepartment: BaseItemRef.shape.competentDepartment.describe('主管部门 as the implementation states it (must equal the base item where locked)'),
    legalLimitDays: z
      .number().int().min(0).max(3650).optional()
      .describe('法定办结时限: inherited from the base item (stating another → 422); needed only where the base item has none'),
    promisedLimitDays: z.number().int().min(0).max(3650),
    caseType: CaseTypeCode,
    audiences: z.array(AudienceCode).min(1),
    themes: z.array(z.string().min(1).max(40)).default([]),
    acceptanceConditions: z.string().max(8000).default(''),
    process: z.array(z.string().min(1).max(500)).default([]),
    materials: z
      .array(MaterialSpec).default([])
      .transform((ms) => ms.map((m) => ({ ...m, replaceableByLicenceTypes: m.replaceableByLicenceTypes.map(canonicalLicenceTypeCode) })))
      .describe('申请材料; legacy short licence type keys in replaceableByLicenceTypes (BL, JY …) are mapped to 证照类型代码'),
    fees: z.array(FeeSpec).default([]),
    processTemplate: ProcessTemplate,
    results: z
      .array(ResultLicence).default([])
      .transform((rs) => rs.map((r) => ({ ...r, licenceTypeCode: canonicalLicenceTypeCode(r.licenceTypeCode) })))
      .describe('办理结果; a legacy short licenceTypeCode (BL, JY …) is mapped to its 证照类型代码 (docs/licence-type-codes.md)'),
    applicationForm: ApplicationForm.default({ fields: [] }).describe('申请表: the item-specific application form'),
    resultName: z.string().max(200).default(''),
    service: ServiceInfo,
  });
export type ImplementationDraft = z.infer<typeof ImplementationDraft>;

/** `ImplementationDraft` as input (create, patch, import): unknown fields refused at every depth. */
export const ImplementationInput = strictDeep(ImplementationDraft);
export type ImplementationInput = z.infer<typeof ImplementationInput>;

/** PATCH of a draft: any top-level elements of `ImplementationInput` (each replaced whole); identity and locked elements → 422. */
export const ImplementationPatch = ImplementationInput.partial();

/** An exchange row: the implementation plus, optionally, the locked elements as the source declared them. */
export const ImplementationExchangeRow = ImplementationInput.extend({
  implementationCode: z.string().optional().describe('实施编码 (recomputed; a mismatch is reported)'),
  declared: z
    .object({ name: z.string(), type: z.string(), legalBasis: z.string() })
    .partial()
    .strict()
    .optional()
    .describe('Locked elements as written in the source file; compared, never stored'),
  publish: z.boolean().default(true).describe('Publish after import'),
}).strict();
export type ImplementationExchangeRow = z.infer<typeof ImplementationExchangeRow>;

/** The catalog exchange document (JSON; the Excel workbook has one sheet per array). */
export const CatalogExchange = z.object({
  format: z.literal('hall-catalog/1'),
  regions: z.array(RegionInput).default([]),
  departments: z.array(DepartmentInput).default([]),
  baseItems: z.array(BaseItemInput).default([]),
  implementations: z.array(ImplementationExchangeRow).default([]),
}).strict();
export type CatalogExchange = z.infer<typeof CatalogExchange>;
export type CatalogExchangeInput = z.input<typeof CatalogExchange>;
