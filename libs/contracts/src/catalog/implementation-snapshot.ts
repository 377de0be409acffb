import { z } from 'zod';
import {
  AudienceCode,
  CaseTypeCode,
  DepartmentCode,
  HandlingFormCode,
  HandlingKind,
  ItemTypeCode,
  JointKind,
  LevelCode,
  ScopeRegionCode,
} from '../shared/catalog-codes.js';
import { ApplicationForm } from './application-form.js';
import { LicenceFieldEntry } from '../licence/licence-fields.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/** A stored file (blank form 空白表格, filled example 示例样表, result sample) in the catalog's bucket. */
export const CatalogFileRef = z.object({
  key: z.string().min(1).describe('Object key in the catalog bucket'),
  name: text(200).describe('Display file name'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe('SHA-256 of the bytes'),
  contentType: z.string().min(1),
  size: z.number().int().nonnegative(),
});
export type CatalogFileRef = z.infer<typeof CatalogFileRef>;

export const MaterialSpec = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .describe('Stable material id within the implementation'),
  name: text(200).describe('材料名称'),
  issuingBody: z.string().max(200).default('申请人自备').describe('出具机构'),
  originals: z.number().int().min(0).max(99).default(0).describe('原件份数'),
  copies: z.number().int().min(0).max(99).default(0).describe('复印件份数'),
  required: z.boolean().default(true).describe('必要性'),
  main: z.boolean().default(true).describe('主要材料: 容缺受理 only when every main material is present'),
  acceptanceStandard: z.string().max(2000).default('').describe('受理标准'),
  basis: z.string().max(2000).optional().describe('填报依据'),
  blankForm: CatalogFileRef.optional().describe('空白表格'),
  example: CatalogFileRef.optional().describe('示例样表'),
  replaceableByLicenceTypes: z
    .array(z.string().min(1).max(40))
    .default([])
    .describe('免提交: e-licence types that replace it'),
  promiseAllowed: z.boolean().default(false).describe('告知承诺制: a signed promise may replace the proof'),
});
export type MaterialSpec = z.infer<typeof MaterialSpec>;

export const FeeSpec = z.object({
  item: text(200).describe('收费项目'),
  standard: text(500).describe('收费标准'),
  basis: z.string().max(1000).default('').describe('收费依据'),
  waivable: z.boolean().default(false).describe('是否允许减免'),
  reductions: z
    .string()
    .max(2000)
    .default('')
    .describe('减免政策: who pays less or nothing, and on what grounds (empty: none)'),
});
export type FeeSpec = z.infer<typeof FeeSpec>;

export const DepartmentRef = z.object({ code: DepartmentCode, name: text(100) });
export type DepartmentRef = z.infer<typeof DepartmentRef>;

export const ProcessStep = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: text(100).describe('环节名称'),
  departmentCode: DepartmentCode.describe('Department doing this step'),
  limitDays: z.number().int().min(0).max(365).describe('Step limit in working days'),
  twoOfficials: z
    .boolean()
    .default(false)
    .describe('On-site verification by two officials (行政许可法 art. 34)'),
});
export type ProcessStep = z.infer<typeof ProcessStep>;

/** How approval runs the case: one task per department in parallel, each with its own limit. */
export const ProcessTemplate = z.object({
  jointKind: JointKind,
  lead: DepartmentRef.extend({ limitDays: z.number().int().min(0).max(365) }).describe('牵头部门'),
  coDepartments: z
    .array(DepartmentRef.extend({ limitDays: z.number().int().min(0).max(365) }))
    .default([])
    .describe('协办部门'),
  steps: z.array(ProcessStep).default([]),
  escalateTo: DepartmentRef.optional().describe('Higher-level department deciding an escalated case'),
});
export type ProcessTemplate = z.infer<typeof ProcessTemplate>;

/** A licence the case results in (多证联办: several). */
export const ResultLicence = z.object({
  licenceTypeCode: z
    .string()
    .regex(/^[0-9A-Za-z]{1,40}$/)
    .describe('证照类型代码'),
  name: text(100).describe('证照名称'),
  validityMonths: z.number().int().min(0).max(1200).describe('有效期 (months; 0 = long-term 长期)'),
  fields: z
    .array(LicenceFieldEntry)
    .max(40)
    .default([])
    .describe(
      'Data fields printed on the licence: a label (= form key, optional) or { label, source, key?, value?, required } (see licence-fields.ts)',
    ),
  issuingBody: z
    .object({
      name: text(200).describe('出证机构'),
      uscc: z
        .string()
        .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/)
        .describe('统一社会信用代码 of the issuing body'),
      departmentCode: DepartmentCode.describe('Its department: the lead or a co-department of the process'),
    })
    .optional()
    .describe(
      '出证机构: the competent body that issues and signs this licence (多证联办: e.g. the fire-rescue department for the fire-safety certificate); the implementing body when omitted',
    ),
});
export type ResultLicence = z.infer<typeof ResultLicence>;

export const ServiceInfo = z.object({
  handlingForms: z.array(HandlingFormCode).min(1).describe('办理形式'),
  visits: z.number().int().min(0).max(9).describe('到办事现场次数'),
  online: z.boolean().describe('是否网办'),
  onlineUrl: z.url().optional(),
  place: z.string().max(500).default('').describe('办理地点'),
  hours: z.string().max(500).default('').describe('办理时间'),
  consultPhone: z.string().max(100).default('').describe('咨询电话'),
  complaintPhone: z.string().max(100).default('').describe('监督投诉电话'),
  faqs: z
    .array(z.object({ q: text(500), a: text(4000) }))
    .default([])
    .describe('常见问题'),
  appointment: z.boolean().default(false).describe('是否支持预约办理'),
  onlinePayment: z.boolean().default(false).describe('是否支持网上支付'),
  courierDelivery: z.boolean().default(false).describe('是否支持物流快递 (结果送达)'),
});
export type ServiceInfo = z.infer<typeof ServiceInfo>;

/**
 * 中介服务 as the base item defines it (三级四同: locked): the service, whether the applicant must use it, and the
 * legal basis for requiring it. The qualified providers are local (the implementation's `intermediaryProviders`).
 */
export const IntermediaryService = z.object({
  name: text(200).describe('中介服务名称'),
  required: z.boolean().describe('是否必须 (法定必须的中介服务)'),
  legalBasis: text(2000).describe('中介服务设定依据'),
});
export type IntermediaryService = z.infer<typeof IntermediaryService>;

/** 中介机构: a qualified provider of an intermediary service (local to an implementation). */
export const IntermediaryProvider = z.object({
  service: text(200).describe("The intermediary service's name (one of the base item's 中介服务)"),
  name: text(200).describe('中介机构名称'),
  uscc: z
    .string()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/)
    .describe('中介机构统一社会信用代码'),
  contact: z.string().max(200).default('').describe('联系方式 (phone, address)'),
});
export type IntermediaryProvider = z.infer<typeof IntermediaryProvider>;

/** 数量限制: whether the licences are limited in number (e.g. a quota), the limit and its basis. Local. */
export const QuantityLimit = z
  .object({
    limited: z.boolean().describe('是否有数量限制'),
    limit: z.string().max(500).default('').describe('数量限制 (text or number: "每年新增不超过50个")'),
    basis: z.string().max(2000).default('').describe('数量限制依据'),
  })
  .superRefine((q, ctx) => {
    if (!q.limited) {
      if (q.limit.trim() !== '')
        ctx.addIssue({ code: 'custom', path: ['limit'], message: 'must be empty when limited is false' });
      return;
    }
    if (q.limit.trim() === '')
      ctx.addIssue({ code: 'custom', path: ['limit'], message: 'required when limited is true' });
    if (q.basis.trim() === '')
      ctx.addIssue({ code: 'custom', path: ['basis'], message: 'required when limited is true' });
  });
export type QuantityLimit = z.infer<typeof QuantityLimit>;

/** The locked elements (三级四同), owned by the base item and copied into every snapshot. */
export const BaseItemRef = z.object({
  code: z
    .string()
    .regex(/^[0-9A-Z]{6,32}$/)
    .describe('基本编码'),
  name: text(200).describe('事项名称'),
  type: ItemTypeCode.describe('事项类型'),
  legalBasis: text(8000).describe('设定依据'),
  parentCode: z.string().optional().describe('Main item of a sub-item'),
  handlingKind: HandlingKind.optional().describe('业务办理项'),
  competentDepartment: z.string().max(100).optional().describe('主管部门'),
  intermediaryServices: z
    .array(IntermediaryService)
    .max(20)
    .optional()
    .describe('中介服务 (locked: name, whether required, legal basis); absent = none'),
  feeBasis: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .optional()
    .describe('收费依据 (locked): every fee of every implementation is charged on it; absent = set per fee'),
});
export type BaseItemRef = z.infer<typeof BaseItemRef>;

/**
 * Everything an implementation (实施清单) says at one published version. Consumers keep it as their read
 * model; an application records `implementationCode` + `version` and is judged by this snapshot.
 */
export const ImplementationSnapshot = z.object({
  implementationCode: z.string().min(1).describe('实施编码'),
  version: z.number().int().positive(),
  baseItem: BaseItemRef,
  level: LevelCode.describe('行使层级'),
  regionCode: ScopeRegionCode,
  regionName: text(100),
  implementingBody: z.object({
    name: text(200).describe('实施主体'),
    uscc: z
      .string()
      .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/)
      .describe('统一社会信用代码'),
    departmentCode: DepartmentCode,
  }),
  legalLimitDays: z.number().int().min(0).max(3650).describe('法定办结时限 (working days)'),
  promisedLimitDays: z.number().int().min(0).max(3650).describe('承诺办结时限 (working days)'),
  caseType: CaseTypeCode.describe('办件类型'),
  audiences: z.array(AudienceCode).min(1).describe('服务对象'),
  themes: z.array(z.string().min(1).max(40)).default([]).describe('主题/生命周期 life events'),
  acceptanceConditions: z.string().max(8000).default('').describe('受理条件'),
  process: z.array(z.string().min(1).max(500)).default([]).describe('办理流程'),
  materials: z.array(MaterialSpec),
  fees: z
    .array(FeeSpec)
    .default([])
    .describe("收费标准 (each fee's basis is the base item's feeBasis where set)"),
  intermediaryServices: z
    .array(IntermediaryService.extend({ providers: z.array(IntermediaryProvider.omit({ service: true })) }))
    .default([])
    .describe("中介服务: the base item's services, each with this implementation's qualified providers"),
  quantityLimit: QuantityLimit.default({ limited: false, limit: '', basis: '' }).describe('数量限制'),
  resultSample: CatalogFileRef.optional().describe('办理结果样本 (a file)'),
  processTemplate: ProcessTemplate,
  results: z.array(ResultLicence).default([]).describe('办理结果 (licences)'),
  applicationForm: ApplicationForm.default({ fields: [] }).describe(
    '申请表: the form of this version (no fields = none defined, form data unchecked)',
  ),
  resultName: z.string().max(200).default('').describe('审批结果名称'),
  service: ServiceInfo,
  publishedAt: z.iso.datetime({ offset: true }),
});
export type ImplementationSnapshot = z.infer<typeof ImplementationSnapshot>;
